"""What a reader gets besides the citations: links back from a page's
reference list, the bibliography's filter and provenance, and what a printed
page says of itself. (The same in a browser: tests/test_browser.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from livingreview.cli.main import main
from tests.conftest import Site

# Fixture works, made up for these tests only.
BIB = """\
@book{doe2001,
  author    = {Doe, Jane},
  title     = {A Sample Book},
  publisher = {Sample Press},
  year      = {2001},
  verified  = {Sample Press catalogue \\& record, checked 2026-12-04}
}

@article{roe2010,
  author  = {Roe, Richard and Poe, Pat},
  title   = {A Sample Article},
  journal = {Journal of Samples},
  volume  = {3},
  pages   = {1--9},
  year    = {2010}
}
"""
SITE = "bibliography: references.bib\nbibliography_page: references.md"


def test_a_reference_links_back_to_each_citation_of_it(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "First [@doe2001], again @doe2001, and [@roe2010].\n"},
        bib=BIB,
    )
    assert site.warnings == []
    html = site.html()
    # The first citation keeps `cite-KEY` (the bibliography's "Cited in"
    # links land there); the others are numbered from 2.
    assert 'href="#ref-doe2001" id="cite-doe2001" role="doc-biblioref">Doe, 2001</a>' in html
    assert 'href="#ref-doe2001" id="cite-doe2001-2" role="doc-biblioref">Doe (2001)</a>' in html
    assert (
        'Sample Press. <span class="csl-backlinks"><a href="#cite-doe2001" '
        'aria-label="Back to citation 1 of 2">↩<sup>1</sup></a> <a href="#cite-doe2001-2" '
        'aria-label="Back to citation 2 of 2">↩<sup>2</sup></a></span></div>'
    ) in html
    assert (
        '1–9. <span class="csl-backlinks"><a href="#cite-roe2010" '
        'aria-label="Back to the citation in the text">↩</a></span></div>'
    ) in html


def test_the_bibliography_has_a_jump_bar_a_filter_and_provenance(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {
            "chapters/01-one.md": "# One\n\n[@doe2001] [@roe2010]\n",
            "about.md": "# About\n\n[@roe2010]\n",
            "references.md": "# References\n",
        },
        bib=BIB,
        plugin_options=SITE + "\nprovenance_field: verified",
    )
    assert site.warnings == [
        "references.bib:9: entry 'roe2010' has no 'verified' "
        "field, which the livingreview option 'provenance_field' asks of every entry; add "
        "verified = {RECORD, checked YYYY-MM-DD}, naming the record its fields were checked "
        "against and when"
    ]
    html = site.html("references.md")
    assert (
        '<div class="lr-bib-tools" data-search-exclude="true">'
        '<nav class="lr-az" aria-label="References by first letter">'
        '<span class="lr-az-none">A</span> <span class="lr-az-none">B</span> '
        '<span class="lr-az-none">C</span> <a href="#ref-doe2001">D</a> '
    ) in html
    assert ' <a href="#ref-roe2010">R</a> ' in html
    assert (
        '<form class="lr-filter" role="search" aria-label="Filter the references" hidden>'
        '<label>Find <input type="search" name="text" autocomplete="off" '
        'placeholder="author, title or year"></label> '
        '<label>Cited in <select name="page"><option value="">any page</option>'
        '<option value="About">About</option><option value="1 One">1 One</option></select>'
        "</label> "
        '<label>Type <select name="type"><option value="">any type</option>'
        '<option value="book">Books</option><option value="article">Journal articles</option>'
        "</select></label> "
        '<output class="lr-filter-count" aria-live="polite">2 works</output></form></div>'
    ) in html
    # What the filter reads of each entry, and the field the review asks for.
    assert (
        '<div id="ref-doe2001" class="csl-entry" role="listitem" data-year="2001" '
        'data-type="book" data-cited-in="1 One">'
    ) in html
    assert (
        '<div class="csl-cited-in">Cited in: <a href="../chapters/01-one/#cite-doe2001">1 One</a>'
        '</div><div class="csl-verified">Verified: Sample Press catalogue &amp; record, '
        "checked 2026-12-04</div>"
    ) in html
    assert 'data-cited-in="About|1 One"' in html
    assert html.count('class="csl-verified"') == 1


def test_check_reports_an_entry_without_provenance(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {"index.md": "[@doe2001] [@roe2010]\n"},
        bib=BIB,
        plugin_options="bibliography: references.bib\nprovenance_field: verified",
    )
    main(["check", "-f", str(site.root / "mkdocs.yml")])
    lines = capsys.readouterr().out.splitlines()
    assert (
        "references.bib:9: warning bib-no-provenance: entry 'roe2010' has no 'verified' "
        "field, which the livingreview option 'provenance_field' asks of every entry; add "
        "verified = {RECORD, checked YYYY-MM-DD}, naming the record its fields were checked "
        "against and when"
    ) in lines


def test_no_provenance_is_asked_unless_the_option_is_set(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "[@roe2010]\n", "references.md": "# R\n"}, bib=BIB, plugin_options=SITE
    )
    assert site.warnings == []
    assert "csl-verified" not in site.html("references.md")


def test_a_printed_page_names_the_review_chapter_address_and_date(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {"chapters/02-two.md": "# Two\n\nText [@doe2001].\n", "index.md": "# Home\n"},
        bib=BIB,
        extra_config="site_url: https://example.org/review/\n",
    )
    html = site.html("chapters/02-two.md")
    assert (
        '<div class="lr-print-header" data-search-exclude="true">'
        '<span class="lr-print-review">Test</span> · '
        '<span class="lr-print-chapter">Chapter 1</span> · '  # its place in the nav
        '<span class="lr-print-url">https://example.org/review/chapters/02-two/</span> · '
        f'<span class="lr-print-date">Built {date.today().isoformat()}</span></div>\n'
    ) in html
