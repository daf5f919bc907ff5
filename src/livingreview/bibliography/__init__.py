"""Reading ``.bib`` files: which files, pybtex with locations and repairs,
LaTeX to text, each entry's own source text."""
