""".bib mistakes that used to pass without a word, or with a misleading one:
an entry without author, editor or year, a year that is no year, a brace left
open in the last entry, a ``javascript:`` URL. Each sample site is tiny and
made up (these works do not exist); each diagnostic is checked where an editor
sees it: the build's warnings, ``livingreview check`` and its GitHub format.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest

from livingreview.cli.main import main
from livingreview.site import plugin
from tests.conftest import Site


def references(site: Site) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", entry)) for entry in site.references()]


def citations(site: Site) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", cite)) for cite in site.citations()]


def check_lines(site: Site, capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    """What ``livingreview check`` prints for the site, summary aside."""
    main(["check", "-f", str(site.root / "mkdocs.yml"), *options])
    return capsys.readouterr().out.splitlines()


# -- author, editor and year ---------------------------------------------------

DATES = """\
@article{noyear,
  author  = {Doe, Jane},
  title   = {Without a Year},
  journal = {Journal of Samples}
}
@article{nobody,
  title   = {Without an Author},
  journal = {Journal of Samples},
  year    = {2001}
}
@article{short,
  author  = {Roe, Rick},
  title   = {A Three-Digit Year},
  journal = {Journal of Samples},
  year    = {200}
}
@report{group,
  author      = {{Sample Health Organization}},
  title       = {A Report by a Group},
  institution = {Sample Health Organization},
  year        = {2019}
}
@misc{webpage,
  author = {{Sample Foundation}},
  title  = {About the Foundation},
  url    = {https://example.org/about}
}
@book{undated,
  author = {Loe, Lena}, title = {Undated on Purpose}, publisher = {P}, year = {n.d.}
}
@book{accepted,
  author = {Moe, Max}, title = {Accepted}, publisher = {P}, year = {in press}
}
@book{coming,
  author = {Noe, Nils}, title = {Coming}, publisher = {P}, year = {forthcoming}
}
@book{ancient,
  author = {Poe, Pia}, title = {Fragments}, publisher = {P}, year = {535 BCE}
}
"""
DATED_KEYS = [
    "noyear",
    "nobody",
    "short",
    "group",
    "webpage",
    "undated",
    "accepted",
    "coming",
    "ancient",
]


def test_no_author_no_year_and_a_year_that_is_none_are_reported(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    page = " ".join(f"[@{key}]" for key in DATED_KEYS) + "\n"
    site = make_site({"index.md": page}, bib=DATES)
    # Missing fields at the entry's line; the year that is none at its own.
    # (The build reports in the order of the reference list.)
    assert site.warnings == [
        "references.bib:1: entry 'noyear' (@article) lacks the field 'year', which APA "
        "needs; the reference and citations show 'n.d.' (no date) instead. Add the year, "
        "or write year = {n.d.} for a work without a date",
        "references.bib:15:3: entry 'short' has year = {200}, which is not a four-digit "
        "year; the reference and citations show '200' as its date. Write the year in full "
        "(such as 2001), or 'n.d.' for a work without a date",
        "references.bib:6: entry 'nobody' (@article) has neither 'author' nor 'editor', "
        "which APA needs; the title is printed in the author's place, in the reference and "
        "in citations. Add the authors, or an organisation as author in double braces: "
        "author = {{World Health Organization}}",
    ]
    # The messages say what is printed: the style prints just that.
    assert citations(site) == [
        "(Doe, n.d.)",
        "(“Without an Author,” 2001)",
        "(Roe, 200)",
        "(Sample Health Organization, 2019)",
        "(Sample Foundation, n.d.)",
        "(Loe, n.d.)",
        "(Moe, in press)",
        "(Noe, forthcoming)",
        "(Poe, 535 BCE)",
    ]
    assert "Without an author. (2001). Journal of Samples." in references(site)
    assert "Doe, J. (n.d.). Without a year. Journal of Samples." in references(site)
    assert "Roe, R. (200). A three-digit year. Journal of Samples." in references(site)
    assert check_lines(site, capsys, "--format", "github")[:3] == [
        "::warning file=references.bib,line=1,title=bib-missing-field::entry 'noyear' "
        "(@article) lacks the field 'year', which APA needs; the reference and citations "
        "show 'n.d.' (no date) instead. Add the year, or write year = {n.d.} for a work "
        "without a date",
        "::warning file=references.bib,line=6,title=bib-missing-field::entry 'nobody' "
        "(@article) has neither 'author' nor 'editor', which APA needs; the title is "
        "printed in the author's place, in the reference and in citations. Add the "
        "authors, or an organisation as author in double braces: author = {{World Health "
        "Organization}}",
        "::warning file=references.bib,line=15,col=3,title=bib-bad-year::entry 'short' has "
        "year = {200}, which is not a four-digit year; the reference and citations show "
        "'200' as its date. Write the year in full (such as 2001), or 'n.d.' for a work "
        "without a date",
    ]


def test_editors_stand_for_authors_and_a_date_for_the_year(
    make_site: Callable[..., Site],
) -> None:
    bib = (
        "@book{edited, editor = {Doe, Jane}, title = {Edited}, publisher = {P}, year = 2001}\n"
        "@article{dated, author = {Roe, Rick}, title = {Dated}, journal = {J},\n"
        "  date = {2020-05-01}}\n"
    )
    site = make_site({"index.md": "[@edited; @dated]\n"}, bib=bib)
    assert site.warnings == []
    assert citations(site) == ["(Doe, 2001; Roe, 2020)"]


# -- a brace left open in the last entry -----------------------------------------

FIRST = "@book{first, author = {Roe, Rick}, title = {First}, publisher = {P}, year = 2001}\n"


@pytest.mark.parametrize(
    "last",
    [
        # The entry's own '}' closes the title: its fields are recovered.
        "  title   = {Left Open,\n  journal = {J},\n  year    = {2003},\n}\n",
        "  title   = {Left {Open},\n  journal = {J},\n  year    = {2003}\n}\n",
    ],
    ids=["trailing-comma", "inner-brace"],
)
def test_brace_left_open_in_the_last_entry_is_one_error_at_its_field(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str], last: str
) -> None:
    bib = FIRST + "@article{last,\n  author  = {Zoe, Zed},\n" + last
    site = make_site({"index.md": "[@first; @last]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:4:3: the field 'title' of entry 'last' has no closing brace, so it "
        "swallowed the fields after it ('journal', 'year'); they were read all the same. "
        "Close the brace",
    ]  # not "its closing '}' is missing", nor the fields it swallowed as missing
    assert citations(site) == ["(Roe, 2001; Zoe, 2003)"]
    assert check_lines(site, capsys)[:1] == [
        "references.bib:4:3: error bib-unclosed-brace: the field 'title' of entry 'last' has "
        "no closing brace, so it swallowed the fields after it ('journal', 'year'); they "
        "were read all the same. Close the brace",
    ]


def test_file_ending_inside_a_value_is_one_error_at_its_field(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    bib = FIRST + "@article{last,\n  author  = {Zoe, Zed},\n  title   = {Never {closed},\n"
    bib += "  journal = {J},\n  year    = {2003}\n"
    site = make_site({"index.md": "[@first; @last]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:4:3: the field 'title' of entry 'last' has a brace or quote that is "
        "never closed: the file ends inside it, so this field and the rest of the entry are "
        "lost. Close it",
    ]  # the title, journal and year it cost are not reported again as missing
    assert citations(site) == ["(Roe, 2001; Zoe, n.d.)"]
    assert check_lines(site, capsys, "--format", "github")[:1] == [
        "::error file=references.bib,line=4,col=3,title=bib-unclosed-brace::the field "
        "'title' of entry 'last' has a brace or quote that is never closed: the file ends "
        "inside it, so this field and the rest of the entry are lost. Close it",
    ]


def test_quote_left_open_is_one_error_at_its_field(make_site: Callable[..., Site]) -> None:
    bib = FIRST + '@article{last,\n  author  = {Zoe, Zed},\n  title   = "Left open,\n'
    bib += "  journal = {J},\n  year    = {2003}\n}\n"
    site = make_site({"index.md": "[@first; @last]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:4:3: the field 'title' of entry 'last' has a quote that is not "
        "closed, or a '}' inside its quotes (at line 7): this field and the rest of the "
        "entry are lost. Close the quote (or remove the stray '}')",
    ]


# -- field diagnostics at the field's line -----------------------------------------


def test_field_problems_point_to_the_field_and_missing_fields_to_the_entry(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    bib = (
        "@article{placed,\n"
        "  author  = {Doe, Jane},\n"
        "  title   = {A \\foo{Macro}},\n"
        "  year    = {2001},\n"
        "     month = {smarch},\n"
        "  doi     = {12.3/x}\n"
        "}\n"
    )
    site = make_site({"index.md": "[@placed]\n"}, bib=bib)
    assert check_lines(site, capsys) == [
        "references.bib:1: warning bib-missing-field: entry 'placed' (@article) lacks the "
        "field 'journal', which APA needs; the reference is printed without it",
        "references.bib:3:3: warning bib-unknown-macro: entry 'placed' uses the LaTeX macro "
        "'\\foo', which livingreview does not know; it is left out of the text",
        "references.bib:5:6: warning bib-bad-month: entry 'placed' has the month 'smarch', "
        "which is not a month; it is not printed. Write it as 'jun', '6' or 'June'",
        "references.bib:6:3: warning bib-bad-doi: entry 'placed' has a DOI that does not "
        "start with '10.': '12.3/x'; it is not linked",
        "1 pages, 1 citations, 1 works cited, 0 works unused",
    ]
    assert sorted(site.warnings) == sorted(
        re.sub(r"^(\S+): (?:warning|error) \S+: ", r"\1: ", line)
        for line in check_lines(site, capsys)[:-1]
    )


def test_field_places_survive_the_cache(make_site: Callable[..., Site]) -> None:
    bib = "@article{x,\n  author = {Doe, Jane},\n  title = {T}, journal = {J},\n"
    bib += "  year = {200}, url = {javascript:alert(1)}\n}\n"
    plugin._BIBLIOGRAPHY_CACHE.clear()
    cold = make_site({"index.md": "[@x]\n"}, bib=bib)
    plugin._BIBLIOGRAPHY_CACHE.clear()  # the next build reads the cache on disk
    warm = make_site({"index.md": "[@x]\n"}, bib=bib)
    assert list((warm.root / ".cache" / "livingreview").glob("*-*.json"))  # it was read
    assert cold.warnings == warm.warnings
    assert [warning.split(": ")[0] for warning in warm.warnings] == [
        "references.bib:4:3",
        "references.bib:4:17",
    ]


# -- unsafe URLs -------------------------------------------------------------------


def test_javascript_url_is_left_out_of_the_reference(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    bib = (
        "@misc{js,\n  author = {Doe, Jane},\n  title  = {Script},\n  year   = {2011},\n"
        "  url    = {javascript:alert(1)}\n}\n"
    )
    site = make_site({"index.md": "[@js]\n"}, bib=bib)
    assert site.references() == ["Doe, J. (2011). <em>Script</em>."]
    assert "javascript" not in site.html()
    assert site.warnings == [
        "references.bib:5:3: entry 'js' has the URL 'javascript:alert(1)', which is not an "
        "http or https address; it is left out of the reference. Give the work's address "
        "starting with https://, or remove the url field",
    ]
    assert check_lines(site, capsys, "--format", "github")[:1] == [
        "::warning file=references.bib,line=5,col=3,title=bib-unsafe-url::entry 'js' has "
        "the URL 'javascript:alert(1)', which is not an http or https address; it is left "
        "out of the reference. Give the work's address starting with https://, or remove "
        "the url field",
    ]
