"""What a build keeps between builds, as JSON keyed on its inputs and on the
package's code: parsed ``.bib`` files, each page's citations, formatted works."""
