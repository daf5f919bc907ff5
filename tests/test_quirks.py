"""What real exports (Zotero, Mendeley, JabRef, Scopus, Web of Science,
INSPIRE) get wrong, each as a small synthetic case: what is read, what the
reference says, and the exact diagnostic (file, line, entry key).

See /work/shared/BIB-QUIRKS.md for where each quirk was found.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview.bibliography.loader import load_bibliographies, parse_bibliography
from livingreview.bibliography.model import Bibliography
from livingreview.bibliography.months import normalise_month
from livingreview.site.library import Library
from tests.conftest import Site


def plain(reference_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", reference_html))


def render(bibliography: Bibliography) -> tuple[dict[str, str], list[str]]:
    """Every entry's reference as text, and every diagnostic (loader first)."""
    library = Library(bibliography)
    library.prepare(entry.key for entry in bibliography.entries.values())
    references = {work.key: plain(library.reference(work)) for work in library.works()}
    found = bibliography.diagnostics + library.take_diagnostics()
    return references, [f"{d.location}: {d.severity.value} {d.code}: {d.message}" for d in found]


def load(bib: str) -> tuple[Bibliography, dict[str, str], list[str]]:
    bibliography = parse_bibliography(textwrap.dedent(bib).lstrip("\n"), "references.bib")
    references, diagnostics = render(bibliography)
    return bibliography, references, diagnostics


# -- 1. values in double braces (Web of Science) ------------------------------


def test_double_braces_mean_nothing_around_data_but_protect_titles() -> None:
    bibliography, references, diagnostics = load(
        """
        @article{ ISI:000318100000001,
        Author = {Smith, John and {{United Nations}}},
        Title = {{A Study of {Partnerships}}},
        Journal = {{Journal of Public Policy}},
        Year = {{2013}},
        Volume = {{33}},
        Number = {{2}},
        Pages = {{101-120}},
        Month = {{JAN-MAR}},
        DOI = {{10.1007/s11111-013-0001-2}},
        }
        @article{mag, author = {Roe, Rick}, title = {Magazine Piece}, journal = {Time},
          entrysubtype = {magazine}, year = {{2014}}, month = {{JAN-MAR}}, volume = 3}
        """
    )
    entry = bibliography.get("ISI:000318100000001")
    assert entry is not None
    assert {name: entry.fields[name] for name in ("year", "month", "doi", "pages", "volume")} == {
        "year": "2013",
        "month": "January–March",
        "doi": "10.1007/s11111-013-0001-2",
        "pages": "101-120",
        "volume": "33",
    }
    assert entry.fields["title"] == "{A Study of {Partnerships}}"  # protected: kept as is
    assert diagnostics == []
    assert references == {
        # A double-braced title keeps its capitals; a double-braced author is a group.
        "mag": "Roe, R. (2014, January–March). Magazine piece. Time, 3.",
        "ISI:000318100000001": "Smith, J., & United Nations. (2013). A Study of "
        "Partnerships. Journal of Public Policy, 33(2), 101–120. "
        "https://doi.org/10.1007/s11111-013-0001-2",
    }


# -- 2. field names with spaces or no-break spaces (Scopus, Web of Science) ---


def test_field_names_with_spaces_keep_the_fields_after_them() -> None:
    bibliography, references, diagnostics = load(
        """
        @article{scopus2020,
          author = {Doe, Jane},
          title = {Funding},
          journal = {J},
          funding_text 1={We thank the funder; write to grants@example.org},
          year = {2020},
          volume = {4},
        }
        @article{wos2020,
          Author = {Roe, Rick},
          Title = {Early},
          Journal = {J},
          Early\u00a0Access Date = {{AUG 2020}},
          Year = {{2021}},
        }
        @article{wos2021,
          Author = {Roe, Rick},
          Title = {Later},
          Journal = {J},
          Early\u00a0Access Date = {{SEP 2021}},
          Year = {{2022}},
        }
        """
    )
    scopus = bibliography.get("scopus2020")
    assert scopus is not None
    assert scopus.fields["funding_text-1"] == "We thank the funder; write to grants@example.org"
    wos = bibliography.get("wos2020")
    assert wos is not None and wos.fields["early-access-date"] == "{AUG 2020}"
    assert references == {
        "scopus2020": "Doe, J. (2020). Funding. J, 4.",
        "wos2020": "Roe, R. (2021). Early. J.",
        "wos2021": "Roe, R. (2022). Later. J.",
    }
    # Once per field name, however many entries have it.
    assert diagnostics == [
        "references.bib:5:3: warning bib-bad-field-name: the field name 'funding_text 1' in "
        "entry 'scopus2020' has spaces in it, which BibTeX does not allow; it was read as "
        "'funding_text-1' so that the fields after it are kept. Write it without spaces",
        "references.bib:13:3: warning bib-bad-field-name: the field name 'Early Access Date' "
        "in entry 'wos2020' (and 1 more entry) has no-break spaces in it, which BibTeX does "
        "not allow; it was read as 'early-access-date' so that the fields after it are "
        "kept. Write it without spaces",
    ]


def test_field_name_warning_reaches_the_build(make_site: Callable[..., Site]) -> None:
    bib = (
        "@book{roe2001, author = {Roe, Rick}, title = {T},\n"
        "  Early Access Date = {{AUG 2020}}, publisher = {P}, year = {{2001}}}\n"
    )
    site = make_site({"index.md": "[@roe2001]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:2:3: the field name 'Early Access Date' in entry 'roe2001' has "
        "spaces in it, which BibTeX does not allow; it was read as 'early-access-date' so "
        "that the fields after it are kept. Write it without spaces"
    ]
    assert [plain(entry) for entry in site.references()] == ["Roe, R. (2001). T. P."]


# -- 3. months in every form ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("June", "June"),  # ``month = jun``, through pybtex's own abbreviation
        ("apr", "April"),
        ("3", "March"),
        ("03", "March"),
        ("{JAN-MAR}", "January–March"),
        ("March-April", "March–April"),
        ("Sept.", "September"),
        ("jun 15", "June 15"),
        ("15 June", "June 15"),
        ("June 15--17", "June 15–17"),
        ("fall/winter", "Fall–Winter"),
        ("1033", None),
        ("13", None),
        ("0", None),
        ("jan/feb/mar", None),
        ("", None),
    ],
)
def test_months_are_normalised(written: str, month: str | None) -> None:
    assert normalise_month(written) == month


def test_months_print_where_apa_dates_by_month_and_nonsense_is_reported() -> None:
    bibliography, references, diagnostics = load(
        """
        @online{a, author = {Doe, Jane}, title = {A}, year = 2020, month = jun}
        @online{b, author = {Doe, Jane}, title = {B}, year = 2020, month = {apr}}
        @online{c, author = {Doe, Jane}, title = {C}, year = 2020, month = "3"}
        @online{d, author = {Doe, Jane}, title = {D}, year = 2020, month = {{JAN-MAR}}}
        @online{e, author = {Doe, Jane}, title = {E}, year = 2020, month = {1033}}
        @article{f, author = {Doe, Jane}, title = {F}, journal = {J}, year = 2020, month = jun}
        """
    )
    assert [entry.fields["month"] for entry in bibliography.entries.values()] == [
        "June",
        "April",
        "March",
        "January–March",
        "1033",  # kept as written, reported, never printed
        "June",
    ]
    assert references == {
        "a": "Doe, J. (2020a, June). A.",
        "b": "Doe, J. (2020b, April). B.",
        "c": "Doe, J. (2020c, March). C.",
        "d": "Doe, J. (2020d, January–March). D.",
        "e": "Doe, J. (2020e). E.",
        "f": "Doe, J. (2020f). F. J.",  # APA dates a journal article by year only
    }
    assert diagnostics == [
        "references.bib:5:60: warning bib-bad-month: entry 'e' has the month '1033', which is "
        "not a month; it is not printed. Write it as 'jun', '6' or 'June'"
    ]


# -- 4.–7. names ------------------------------------------------------------------


def test_author_lists_separated_by_commas_semicolons_or_ampersands() -> None:
    _, references, diagnostics = load(
        r"""
        @article{fiez1996, author = {Fiez, J. A. and Raichle, M. E. and Balota, D. A., Tallal, P.},
          title = {T}, journal = {J}, year = 1996}
        @article{semi, author = {Smith, John; Doe, Kim}, title = {Semi}, journal = {J}, year = 2001}
        @article{amp, author = {Smith, J. \& Doe, K.}, title = {Amp}, journal = {J}, year = 2002}
        @article{given, author = {J. Smith, K. Doe, L. Roe}, title = {Given}, journal = {J},
          year = 2003}
        @article{fine, author = {King, Jr., Martin and Smith, John, Jr. and Ram{\'o}n y Cajal,
          Santiago,}, title = {Fine}, journal = {J}, year = 2004}
        @article{typo, author = {Franklin, Nancy and Vicky; Coon}, title = {Typo}, journal = {J},
          year = 2005}
        """
    )
    assert references == {
        "fiez1996": "Fiez, J. A., Raichle, M. E., Balota, D. A., & Tallal, P. (1996). T. J.",
        "typo": "Franklin, N., & Coon, V. (2005). Typo. J.",
        # ``Last, First, Jr.`` and a trailing comma are read as meant, silently.
        "fine": "King, M., Jr., Smith, J., Jr., & Ramón y Cajal, S. (2004). Fine. J.",
        "semi": "Smith, J., & Doe, K. (2001). Semi. J.",
        "amp": "Smith, J., & Doe, K. (2002). Amp. J.",
        "given": "Smith, J., Doe, K., & Roe, L. (2003). Given. J.",
    }
    assert diagnostics == [
        "references.bib:1:20: warning bib-bad-name: entry 'fiez1996': the author list had to "
        "be split on commas: 'Balota, D. A., Tallal, P.' was read as 'Balota, D. A.' and "
        "'Tallal, P.'; write ' and ' between names",
        "references.bib:3:16: warning bib-bad-name: entry 'semi': the author list had to be "
        "split on ';': 'Smith, John; Doe, Kim' was read as 'Smith, John' and 'Doe, Kim'; "
        "write ' and ' between names",
        "references.bib:4:15: warning bib-bad-name: entry 'amp': the author list had to be "
        "split on '&': 'Smith, J. \\& Doe, K.' was read as 'Smith, J.' and 'Doe, K.'; "
        "write ' and ' between names",
        "references.bib:5:17: warning bib-bad-name: entry 'given': the author list had to be "
        "split on commas: 'J. Smith, K. Doe, L. Roe' was read as 'J. Smith', 'K. Doe' and "
        "'L. Roe'; write ' and ' between names",
    ]


def test_group_authors_without_braces() -> None:
    _, references, diagnostics = load(
        r"""
        @article{eortc, author = {European Organisation for Research and Treatment of Cancer},
          title = {Guidelines}, journal = {J}, year = 2008}
        @article{who, author = {World Health Organization and Doe, Jane}, title = {Report},
          journal = {J}, year = 2009}
        @article{pg, author = {Procter \& Gamble}, title = {Soap}, journal = {J}, year = 2007}
        @misc{fund, author = {The Global Fund}, title = {History}, year = 2011}
        @misc{ukhsa, author = {UK Health Security Agency}, title = {Advice}, year = 2022}
        @article{people, author = {M World and Bank, Anna and Press, William H.},
          title = {People}, journal = {J}, year = 2010}
        """
    )
    assert references == {
        "eortc": "European Organisation for Research and Treatment of Cancer. (2008). "
        "Guidelines. J.",
        "pg": "Procter & Gamble. (2007). Soap. J.",
        "fund": "The Global Fund. (2011). History.",
        "ukhsa": "UK Health Security Agency. (2022). Advice.",
        # Surnames that are also words, and initials, are persons.
        "people": "World, M., Bank, A., & Press, W. H. (2010). People. J.",
        "who": "World Health Organization, & Doe, J. (2009). Report. J.",
    }
    assert diagnostics == [
        "references.bib:1:17: warning bib-group-author: entry 'eortc': the author 'European "
        "Organisation for Research and Treatment of Cancer' looks like an organisation, which "
        "BibTeX would read as persons; it is read as one group author. Write it in double "
        "braces: {{European Organisation for Research and Treatment of Cancer}}",
        "references.bib:3:15: warning bib-group-author: entry 'who': the author 'World Health "
        "Organization' looks like an organisation, which BibTeX would read as persons; it "
        "is read as one group author. Write it in double braces: {{World Health "
        "Organization}}",
        "references.bib:5:14: warning bib-group-author: entry 'pg': the author 'Procter \\& "
        "Gamble' looks like an organisation, which BibTeX would read as persons; it is read "
        "as one group author. Write it in double braces: {{Procter \\& Gamble}}",
        "references.bib:6:13: warning bib-group-author: entry 'fund': the author 'The Global "
        "Fund' looks like an organisation, which BibTeX would read as persons; it is read as "
        "one group author. Write it in double braces: {{The Global Fund}}",
        "references.bib:7:14: warning bib-group-author: entry 'ukhsa': the author 'UK Health "
        "Security Agency' looks like an organisation, which BibTeX would read as persons; it "
        "is read as one group author. Write it in double braces: {{UK Health Security "
        "Agency}}",
    ]


def test_initials_after_the_family_name_are_flipped() -> None:
    _, references, diagnostics = load(
        """
        @incollection{nyberg2000, author = {Nyberg, L. and Cabeza, R.}, title = {Imaging},
          booktitle = {Handbook}, editor = {Tulving E and Craik, F. I. M.}, publisher = {OUP},
          year = 2000}
        @article{pubmed, author = {Levelt W J M and E Tulving and X-N Zuo}, title = {Order},
          journal = {J}, year = 2011}
        @article{list, author = {Smith J, Doe KA}, title = {List}, journal = {J}, year = 2012}
        """
    )
    assert references == {
        "pubmed": "Levelt, W. J. M., Tulving, E., & Zuo, X.-N. (2011). Order. J.",
        "nyberg2000": "Nyberg, L., & Cabeza, R. (2000). Imaging. In E. Tulving & "
        "F. I. M. Craik (Eds.), Handbook. OUP.",
        "list": "Smith, J., & Doe, K. A. (2012). List. J.",
    }
    assert diagnostics == [
        "references.bib:2:27: warning bib-name-order: entry 'nyberg2000': the editor 'Tulving "
        "E' has the initials after the family name without a comma; it was read as "
        "'Tulving, E'. Write it so, with the comma",
        "references.bib:4:18: warning bib-name-order: entry 'pubmed': the author 'Levelt W J "
        "M' has the initials after the family name without a comma; it was read as "
        "'Levelt, W J M'. Write it so, with the comma",
        "references.bib:6:16: warning bib-bad-name: entry 'list': the author list had to be "
        "split on commas: 'Smith J, Doe KA' was read as 'Smith J' and 'Doe KA'; write ' and ' "
        "between names",
        "references.bib:6:16: warning bib-name-order: entry 'list': the author 'Smith J' has "
        "the initials after the family name without a comma; it was read as 'Smith, J'. "
        "Write it so, with the comma",
        "references.bib:6:16: warning bib-name-order: entry 'list': the author 'Doe KA' has the "
        "initials after the family name without a comma; it was read as 'Doe, KA'. Write it "
        "so, with the comma",
    ]


def test_template_placeholders_and_escaped_braces() -> None:
    _, references, diagnostics = load(
        r"""
        @article{schulz2010, author = {Schulz, Kenneth F. and Moher, David and
          \$author.lastName, \$author firstName}, title = {{CONSORT} 2010 Statement},
          journal = {BMC Medicine}, year = 2010}
        @article{beta, author = {Doe, Jane}, title = {Oscillatory $\{$beta$\}$ Activity and
          $\{$Ca$\}$ Currents}, journal = {J}, year = 2003}
        """
    )
    assert references == {
        "beta": "Doe, J. (2003). Oscillatory β activity and Ca currents. J.",
        "schulz2010": "Schulz, K. F., & Moher, D. (2010). CONSORT 2010 statement. BMC Medicine.",
    }
    assert diagnostics == [
        "references.bib:1:22: warning bib-bad-name: entry 'schulz2010': the author "
        "'\\$author.lastName, \\$author firstName' is a placeholder left by the program that "
        "exported the entry, not a name; it is left out",
        "references.bib:4:38: warning bib-literal-brace: entry 'beta': the field 'title' has "
        "'$\\{$beta$\\}$', the name of a symbol in braces an export wrote as text; it is "
        "printed as 'β'. Write '$\\beta$' or 'β'",
        "references.bib:4:38: warning bib-literal-brace: entry 'beta': the field 'title' has "
        "'$\\{$Ca$\\}$', braces an export wrote as text; they are read as BibTeX's "
        "braces, which keep capitals. Write '{Ca}'",
    ]


# -- unclosed braces ----------------------------------------------------------------


@pytest.mark.parametrize(
    "after",
    [
        pytest.param("  year = {2011}\n}\n\n", id="runs-into-the-next-entry"),
        pytest.param("  year = {2011}},\n  note = {N}\n}\n\n", id="closed-later"),
    ],
)
def test_unclosed_brace_that_swallowed_fields_is_an_error_and_the_fields_are_kept(
    after: str,
) -> None:
    bib = (
        "@article{nature,\n  author = {Doe, Jane},\n  title = {Title},\n  journal = {Nature},\n"
        "  url = {https://www.nature.com/articles/nature10098,\n  volume = {473},\n"
        + after
        + "@article{next, author = {Roe, Rick}, title = {Next}, journal = {J}, year = 2012}\n"
    )
    bibliography, references, diagnostics = load(bib)
    nature = bibliography.get("nature")
    assert nature is not None
    assert nature.fields["url"] == "https://www.nature.com/articles/nature10098"
    assert references == {
        "nature": "Doe, J. (2011). Title. Nature, 473. https://www.nature.com/articles/nature10098",
        "next": "Roe, R. (2012). Next. J.",
    }
    assert diagnostics == [
        "references.bib:5:3: error bib-unclosed-brace: the field 'url' of entry 'nature' has "
        "no closing brace, so it swallowed the fields after it ('volume', 'year'); they "
        "were read all the same. Close the brace"
    ]


# -- 8. crossref ---------------------------------------------------------------------


def test_crossref_inherits_and_a_missing_one_is_reported() -> None:
    bibliography, references, diagnostics = load(
        """
        @inproceedings{child, author = {Doe, Jane}, title = {A Paper}, crossref = {proc2020},
          pages = {1--10}}
        @inproceedings{orphan, author = {Roe, Rick}, title = {Lost}, booktitle = {Somewhere},
          year = 2019, crossref = {nowhere}}
        @proceedings{proc2020, editor = {Lee, Kim and Park, Ann}, title = {Proceedings of the
          {Tenth} Conference}, publisher = {ACM}, year = {2020}, doi = {10.1145/1234567}}
        """
    )
    child = bibliography.get("child")
    assert child is not None
    assert "doi" not in child.fields  # the proceedings' DOI is not the paper's
    assert references == {
        "child": "Doe, J. (2020). A paper. In K. Lee & A. Park (Eds.), Proceedings of the "
        "Tenth conference (pp. 1–10). ACM.",
        "proc2020": "Lee, K., & Park, A. (Eds.). (2020). Proceedings of the Tenth "
        "conference. ACM. https://doi.org/10.1145/1234567",
        "orphan": "Roe, R. (2019). Lost. In Somewhere.",
    }
    assert diagnostics == [
        "references.bib:4:16: warning bib-missing-crossref: entry 'orphan' has crossref = "
        "{nowhere}, but there is no entry 'nowhere'; nothing is taken from it. Add the "
        "entry or remove the crossref"
    ]


# -- 9. unknown and misspelt types ------------------------------------------------


def test_unknown_and_misspelt_types_render_as_misc() -> None:
    _, references, diagnostics = load(
        """
        @artcile{typo, author = {Doe, Jane}, title = {Misspelt}, journal = {J}, year = 2022}
        @dataset{data, author = {Doe, Jane}, title = {Some Data}, publisher = {Zenodo},
          year = 2023}
        """
    )
    assert references == {
        "typo": "Doe, J. (2022). Misspelt.",
        "data": "Doe, J. (2023). Some data. Zenodo.",
    }
    assert diagnostics == [
        "references.bib:1: warning bib-unknown-type: entry 'typo' has the type '@artcile', "
        "which APA formatting does not know; it is printed as @misc",
        "references.bib:2: warning bib-unknown-type: entry 'data' has the type '@dataset', "
        "which APA formatting does not know; it is printed as @misc",
    ]


# -- 10. several files ---------------------------------------------------------------


def test_several_files_share_strings_and_report_keys_in_both(tmp_path: Path) -> None:
    (tmp_path / "strings.bib").write_text(
        '@string{SmithJ = "Smith, John"}\n@string{DoeK = "Doe, Kim"}\n'
        "@string{jpart = {Journal of Public Administration Research and Theory}}\n"
        "@book{shared2000, author = {Poe, Ed}, title = {First}, publisher = {P}, year = 2000,\n"
        "  doi = {10.1000/182}}\n",
        encoding="utf-8",
    )
    (tmp_path / "refs.bib").write_text(
        "@article{smith2001,\n  Author = SmithJ # { and } # DoeK,\n"
        "  Title = {Macros from Another File},\n  Journal = jpart,\n  Year = 2001\n}\n"
        "@book{Shared2000, author = {Roe, Rick}, title = {Second}, publisher = {P}, year = 2001}\n"
        "@book{other, author = {Roe, Rick}, title = {Other}, year = 2002,\n"
        "  doi = {https://doi.org/10.1000/182}}\n",
        encoding="utf-8",
    )
    bibliography = load_bibliographies(
        [
            (tmp_path / "strings.bib", "strings.bib"),
            (tmp_path / "refs.bib", "refs.bib"),
            (tmp_path / "missing.bib", "missing.bib"),
        ]
    )
    assert [(entry.key, entry.path, entry.line) for entry in bibliography.entries.values()] == [
        ("shared2000", "strings.bib", 4),
        ("smith2001", "refs.bib", 1),
        ("other", "refs.bib", 8),
    ]
    references, diagnostics = render(bibliography)
    assert references == {
        "shared2000": "Poe, E. (2000). First. P. https://doi.org/10.1000/182",
        "other": "Roe, R. (2002). Other. https://doi.org/10.1000/182",
        "smith2001": "Smith, J., & Doe, K. (2001). Macros from another file. Journal of "
        "Public Administration Research and Theory.",
    }
    assert diagnostics == [
        "refs.bib:7: error bib-duplicate-key: duplicate key 'Shared2000': key 'shared2000' "
        "(keys are case-insensitive) is already used at strings.bib:4; rename one of the "
        "two entries (the first is used)",
        "refs.bib:9:3: error bib-duplicate-doi: entry 'other' has the same DOI as entry "
        "'shared2000' (strings.bib:4): the same work under two keys; keep one and cite it",
        "missing.bib: error bib-missing: bibliography file not found; check the "
        "'bibliography' option of the livingreview plugin in mkdocs.yml",
        # The style's warnings name the entry's own file.
        "refs.bib:8: warning bib-missing-field: entry 'other' (@book) lacks the field "
        "'publisher', which APA needs; the reference is printed without it",
    ]


def test_strings_of_a_later_file_are_not_defined_earlier(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(
        "@book{a, author = SmithJ, title = {A}, publisher = {P}, year = 2000}\n", encoding="utf-8"
    )
    (tmp_path / "b.bib").write_text('@string{SmithJ = "Smith, John"}\n', encoding="utf-8")
    bibliography = load_bibliographies(
        [(tmp_path / "a.bib", "a.bib"), (tmp_path / "b.bib", "b.bib")]
    )
    assert [str(d) for d in bibliography.diagnostics] == [
        "a.bib:1:19: entry 'a': the field 'author' uses 'SmithJ', which no @string before it "
        "defines; it is printed as written. Define it (@string{SmithJ = {...}}) or write the "
        "value in braces ({SmithJ})"
    ]


# -- 11. control characters ----------------------------------------------------------


def test_control_characters_are_replaced_or_removed() -> None:
    _, references, diagnostics = load(
        "@article{ctrl, author = {Doe, Jane}, title = {Semantic meaning\x97behavioral and "
        "\x93theta\x94}, journal = {J}, year = 2004}\n"
        "@article{bell, author = {Doe, Jane}, title = {Bell\x07 \x81Rings}, journal = {J},"
        " year = 2005}\n"
    )
    # U+0080–U+009F are Windows-1252 read as Latin-1: U+0097 is its em dash.
    assert references == {
        "ctrl": "Doe, J. (2004). Semantic meaning—behavioral and “theta”. J.",
        "bell": "Doe, J. (2005). Bell rings. J.",
    }
    assert diagnostics == [
        "references.bib:1:38: warning bib-control-character: entry 'ctrl': the field 'title' "
        "has invisible control characters (U+0097, U+0093, U+0094); they were read as the "
        "Windows-1252 characters they stand for (— “ ”). Retype that text",
        "references.bib:2:38: warning bib-control-character: entry 'bell': the field 'title' "
        "has invisible control characters (U+0007, U+0081); they were removed. Retype that "
        "text",
    ]


# -- LaTeX that real files hold --------------------------------------------------------


def test_paren_math_and_style_commands_without_braces() -> None:
    _, references, diagnostics = load(
        r"""
        @article{theta, author = {Doe, Jane}, title = {Intracellular \(\theta\) Rhythm and
          {\textit Cataglyphis} Ants}, journal = {J}, year = 1987}
        """
    )
    assert references == {
        "theta": "Doe, J. (1987). Intracellular θ rhythm and cataglyphis ants. J."
    }
    assert diagnostics == []
