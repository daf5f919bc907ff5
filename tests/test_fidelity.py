"""Pandoc's citation syntax and APA 7, case by case (issue 15), built with MkDocs.

The works are made up for these tests; none is in ``references.bib``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import Site

BIB = r"""
@misc{doe, author = {Doe, Jane}, title = {Doe Work}, year = {2018}, howpublished = {Working paper}}
@misc{doe2020, author = {Doe, Jane}, title = {Doe Later}, year = {2020}, howpublished = {Working paper}}
@misc{nguyen, author = {Nguyen, An and Hart, Bo}, title = {Nguyen Work}, year = {2019}}
@misc{taylor2013, author = {Taylor, Sam}, title = {Taylor A}, year = {2013}}
@misc{taylor2015a, author = {Taylor, Sam}, title = {Taylor B}, year = {2015}}
@misc{taylor2015b, author = {Taylor, Sam}, title = {Taylor C}, year = {2015}}
@misc{rabosky2014, author = {Rabosky, Dan}, title = {Rates}, year = {2014}}
@misc{rabosky2017, author = {Rabosky, Dan}, title = {Rates Again}, year = {2017}}
@misc{moore2016, author = {Moore, Brian and Hoehna, Sebastian and May, Michael}, title = {Critique}, year = {2016}}
@misc{brown2018, author = {Brown, John L. and Smith, Alan and Jones, Beth}, title = {B One}, year = {2018}}
@misc{brown2020, author = {Brown, Susan C. and Smith, Alan and Jones, Beth}, title = {B Two}, year = {2020}}
@misc{lee2019, author = {Lee, Jin}, title = {Lee One}, year = {2019}}
@misc{lee2021, author = {Lee, Min-Jung}, title = {Lee Two}, year = {2021}}
@misc{gol2014, author = {Goljahani, Amir and Xu, Yan and Zhou, Wei}, title = {G One}, year = {2014}}
@misc{gol2012, author = {Goljahani, Amir and Xu, Yan and Zhou, Wei}, title = {G Two}, year = {2012}}
@article{sleep, title = {Sleep Deprivation and Decision Making}, journal = {Sleep Journal}, year = {2021}}
@misc{rivera, author = {Rivera, Luz}, title = {Forthcoming}, year = {in press}}
@article{page2001, author = {Page, Pat}, title = {Pages}, journal = {Journal of Stuff},
  volume = {5}, pages = {123-79}, year = {2001}}
"""


def text_of(span: str) -> str:
    """A citation's text without its links (their targets are tested elsewhere)."""
    return re.sub(r"<a [^>]*>|</a>", "", span)


def cite(make_site: Callable[..., Site], markdown: str) -> list[str]:
    site = make_site({"index.md": markdown + "\n"}, bib=BIB)
    return [text_of(span) for span in site.citations()]


def span(keys: str, inner: str, unresolved: bool = False) -> str:
    classes = "citation citation-unresolved" if unresolved else "citation"
    return f'<span class="{classes}" data-cites="{keys}">{inner}</span>'


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # A locator without a comma is a locator, as in Pandoc's own tests.
        ("[see @doe p. 34-35]", [span("doe", "(see Doe, 2018, pp. 34–35)")]),
        ("[@doe 30]", [span("doe", "(Doe, 2018, p. 30)")]),
        ("[@doe foo]", [span("doe", "(Doe, 2018 foo)")]),
        # An author-in-text citation and a bracket of citations merge.
        (
            "@doe [-@doe2020, p. 30; see also @nguyen]",
            [
                span(
                    "doe doe2020 nguyen",
                    "Doe (2018; 2020, p. 30; see also Nguyen &amp; Hart, 2019)",
                )
            ],
        ),
        (
            "@taylor2013 [-@taylor2015a], not [-@taylor2015b]",
            [
                span("taylor2013 taylor2015a", "Taylor (2013, 2015a)"),
                span("taylor2015b", "(2015b)"),
            ],
        ),
        (
            "@doe [p. 33; also @nguyen]",
            [span("doe nguyen", "Doe (2018, p. 33; also Nguyen &amp; Hart, 2019)")],
        ),
        # The suffix of a narrative citation is set off by a comma.
        ("@doe [foo]", [span("doe", "Doe (2018, foo)")]),
        ("@doe [p. 3, foo]", [span("doe", "Doe (2018, p. 3, foo)")]),
        # Brackets with no key after the first piece are not Pandoc's citation.
        ("@doe [p. 33; also fine]", [span("doe", "Doe (2018)")]),
        # ``[@a][@b]``: two parenthetical citations.
        (
            "[@doe][@nguyen]",
            [span("doe", "(Doe, 2018)"), span("nguyen", "(Nguyen &amp; Hart, 2019)")],
        ),
        # Braced locators.
        (
            "[@doe, {pp. iv, vi--xi, (xv)--(xvii)} with suffix]",
            [span("doe", "(Doe, 2018, pp. iv, vi–xi, (xv)–(xvii) with suffix)")],
        ),
        ("[@doe, {ii, A, D-Z}]", [span("doe", "(Doe, 2018, pp. ii, A, D–Z)")]),
        ("[@doe, {1994} said]", [span("doe", "(Doe, 2018, p. 1994 said)")]),
        (
            "[@doe{ii, A, D-Z}, with a suffix]",
            [span("doe", "(Doe, 2018, pp. ii, A, D–Z, with a suffix)")],
        ),
        ("[@doe{}, 99 years later]", [span("doe", "(Doe, 2018, 99 years later)")]),
        # An unknown key, in brackets or in the running text.
        (
            "@nokey and [@nokey]",
            [
                span("nokey", '(<strong class="citation-unresolved">nokey?</strong>)', True),
                span("nokey", '(<strong class="citation-unresolved">nokey?</strong>)', True),
            ],
        ),
        (
            "@nokey [p. 3]",
            [span("nokey", '(<strong class="citation-unresolved">nokey?</strong>, p. 3)', True)],
        ),
        # A later prefix keeps the author's order (APA 8.12).
        (
            "[@rabosky2014; but see @moore2016; @rabosky2017]",
            [
                span(
                    "rabosky2014 moore2016 rabosky2017",
                    "(Rabosky, 2014; but see Moore et al., 2016; Rabosky, 2017)",
                )
            ],
        ),
        (
            "[@rabosky2017; @moore2016; @rabosky2014]",
            [
                span(
                    "rabosky2017 moore2016 rabosky2014",
                    "(Moore et al., 2016; Rabosky, 2014, 2017)",
                )
            ],
        ),
        # The names are not repeated; a locator takes a semicolon.
        (
            "[@taylor2013; @taylor2015a, p. 4; @taylor2015b]",
            [span("taylor2013 taylor2015a taylor2015b", "(Taylor, 2013; 2015a, p. 4; 2015b)")],
        ),
        ("[@doe; -@doe2020]", [span("doe doe2020", "(Doe, 2018, 2020)")]),
    ],
)
def test_pandoc_syntax(make_site: Callable[..., Site], markdown: str, expected: list[str]) -> None:
    assert cite(make_site, markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # 8.20: first authors who share a surname get their initials.
        (
            "[@brown2018; @brown2020]",
            "(J. L. Brown et al., 2018; S. C. Brown et al., 2020)",
        ),
        ("@lee2019 and @lee2021", "J. Lee (2019)|M.-J. Lee (2021)"),
        # 8.12: years in chronological order.
        ("[@gol2014; @gol2012]", "(Goljahani et al., 2012, 2014)"),
        # 8.13: locator labels as APA spells them.
        ("[@doe, chap. 3]", "(Doe, 2018, Chapter 3)"),
        ("[@doe, chapters 3-4]", "(Doe, 2018, Chapters 3–4)"),
        ("[@doe, table 2]", "(Doe, 2018, Table 2)"),
        ("[@doe, fig. 3]", "(Doe, 2018, Figure 3)"),
        ("[@doe, sec. 3]", "(Doe, 2018, Section 3)"),
        ("[@doe, vol. 2]", "(Doe, 2018, Volume 2)"),
        ("[@doe, n. 6]", "(Doe, 2018, Note 6)"),
        ("[@doe, no. 6]", "(Doe, 2018, Number 6)"),
        ("[@doe, p. 4]", "(Doe, 2018, p. 4)"),
        ("[@doe, pp. 4-5]", "(Doe, 2018, pp. 4–5)"),
        ("[@doe, para. 4]", "(Doe, 2018, para. 4)"),
        ("[@doe, para. 3-4]", "(Doe, 2018, paras. 3–4)"),
        ("[@doe, 123-79]", "(Doe, 2018, pp. 123–179)"),
        # 6.10: the comma inside the quotation marks of a title.
        ("[@sleep]", "(“Sleep Deprivation and Decision Making,” 2021)"),
        ("@sleep", "“Sleep Deprivation and Decision Making” (2021)"),
        # A work in press.
        ("[@rivera]", "(Rivera, in press)"),
    ],
)
def test_apa_in_text(make_site: Callable[..., Site], markdown: str, expected: str) -> None:
    shown = [re.sub(r"<[^>]+>", "", span) for span in cite(make_site, markdown)]
    assert "|".join(shown).replace("&amp;", "&") == expected


def test_page_ranges_in_full_in_references(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "[@page2001]\n"}, bib=BIB)
    assert site.references() == [
        "Page, P. (2001). Pages. <em>Journal of Stuff</em>, <em>5</em>, 123–179."
    ]


def test_the_narrative_link_covers_the_names_and_the_first_year(
    make_site: Callable[..., Site],
) -> None:
    site = make_site({"index.md": "@doe [-@doe2020, p. 30; see *also* @nguyen]\n"}, bib=BIB)
    assert site.citations() == [
        '<span class="citation" data-cites="doe doe2020 nguyen">'
        '<a href="#ref-doe" id="cite-doe" role="doc-biblioref">Doe (2018</a>; '
        '<a href="#ref-doe2020" id="cite-doe2020" role="doc-biblioref">2020, p. 30</a>; '
        "see <em>also</em> "
        '<a href="#ref-nguyen" id="cite-nguyen" role="doc-biblioref">Nguyen &amp; Hart, 2019</a>'
        ")</span>"
    ]


# The rest of issue 15's APA list: republished works, journal names, sentence
# case, names, parts of books. Made-up works, as above.
WORKS = r"""
@book{freud, author = {Freud, Sigmund}, title = {The Interpretation of Dreams},
  publisher = {Basic Books}, year = {1953}, origdate = {1900}}
@book{piaget, author = {Piaget, Jean}, title = {The Language and Thought of the Child},
  publisher = {Routledge}, year = {2002}, origyear = {1923}, doi = {10.5555/example.piaget}}
@article{pubmed, author = {Roe, Ann}, title = {Gut Microbes},
  journal = {Nature medicine}, volume = {5}, pages = {1--2}, year = {2020}}
@article{small, author = {Poe, Al}, title = {Small Words},
  journal = {journal of the society for research in child development and the arts},
  volume = {5}, pages = {1--2}, year = {2020}}
@article{braced, author = {Moe, Bo}, title = {Braced},
  journal = {{eLife} of {iScience}: an OUTLOOK on the BMJ}, volume = {5}, year = {2020}}
@article{foreign, author = {Lobo, Ana}, title = {Parcerias},
  journal = {Revista de administração de empresas}, volume = {5}, year = {2020}}
@article{german, author = {Kahn, Eva}, title = {Arbeit}, langid = {german},
  journal = {Zeitschrift für arbeits- und organisationspsychologie}, volume = {5}, year = {2020}}
@article{genes, author = {Ode, Cy}, journal = {Journal of Examples}, volume = {5}, year = {2020},
  title = {A Trial: the Role of IL-17A and Nalp3 in SAR Mice. the Second Part? yes, the 9th}}
@article{quake, author = {Ode, Cy}, journal = {Journal of Examples}, volume = {6}, year = {2021},
  title = {The M7.9 Earthquake vs. the U.S. Response: Lessons from {Nepal}}}
@article{century, author = {Ode, Cy}, journal = {Journal of Examples}, volume = {7}, year = {2022},
  title = {21st Century Learning: 3D Models}}
"""


def references(make_site: Callable[..., Site], keys: str, bib: str = WORKS) -> list[str]:
    site = make_site({"index.md": f"[{keys}]\n"}, bib=bib)
    return site.references()


def test_a_republished_work_gives_both_years(make_site: Callable[..., Site]) -> None:
    # APA 8.15 in the text, 9.41 at the end of the reference (after the DOI).
    site = make_site({"index.md": "[@freud] and @piaget.\n"}, bib=WORKS)
    assert [text_of(found) for found in site.citations()] == [
        span("freud", "(Freud, 1900/1953)"),
        span("piaget", "Piaget (1923/2002)"),
    ]
    assert site.references() == [
        "Freud, S. (1953). <em>The interpretation of dreams</em>. Basic Books. "
        "(Original work published 1900)",
        "Piaget, J. (2002). <em>The language and thought of the child</em>. Routledge. "
        '<a href="https://doi.org/10.5555/example.piaget">'
        "https://doi.org/10.5555/example.piaget</a> (Original work published 1923)",
    ]


def test_journal_names_in_title_case(make_site: Callable[..., Site]) -> None:
    # APA 9.25; braces, acronyms, inner capitals and other languages are kept.
    assert references(make_site, "@pubmed; @small; @braced; @foreign; @german") == [
        "Kahn, E. (2020). Arbeit. <em>Zeitschrift für arbeits- und "
        "organisationspsychologie</em>, <em>5</em>.",
        "Lobo, A. (2020). Parcerias. <em>Revista de Administração de Empresas</em>, <em>5</em>.",
        "Moe, B. (2020). Braced. <em>eLife of iScience: An OUTLOOK on the BMJ</em>, <em>5</em>.",
        "Poe, A. (2020). Small words. <em>Journal of the Society for Research in Child "
        "Development and the Arts</em>, <em>5</em>, 1–2.",
        "Roe, A. (2020). Gut microbes. <em>Nature Medicine</em>, <em>5</em>, 1–2.",
    ]


def test_sentence_case_keeps_what_it_cannot_know(make_site: Callable[..., Site]) -> None:
    # APA 6.17: capitals after a colon, question mark or full stop (not after
    # an abbreviation); words with inner capitals or digits as written.
    assert references(make_site, "@genes; @quake; @century") == [
        "Ode, C. (2020). A trial: The role of IL-17A and Nalp3 in SAR mice. The second "
        "part? Yes, the 9th. <em>Journal of Examples</em>, <em>5</em>.",
        "Ode, C. (2021). The M7.9 earthquake vs. the U.S. response: Lessons from Nepal. "
        "<em>Journal of Examples</em>, <em>6</em>.",
        "Ode, C. (2022). 21st century learning: 3D models. <em>Journal of Examples</em>, "
        "<em>7</em>.",
    ]


NAMES = r"""
@book{vliet, author = {Vliet, Marijn van}, title = {Particles}, publisher = {P}, year = {2001}}
@book{onis, author = {de Onis, Carla}, title = {Onis}, publisher = {P}, year = {2002}}
@book{denzin, author = {Denzin, Norman}, title = {Denzin}, publisher = {P}, year = {2003}}
@book{devlin, author = {Devlin, Joe}, title = {Devlin}, publisher = {P}, year = {2004}}
@book{cizkova, author = {\v{S}\'{a}rka \v{C}\'{\i}\v{z}kov\'{a} and Čížková, Šárka},
  title = {Accents}, publisher = {P}, year = {2005}}
@book{oconnor, author = {O'Connor, Flannery}, publisher = {P}, year = {2006},
  title = {Everything's `Quoted' and ``Double'' and "Straight" in the '90s}}
@misc{reporter, author = {Tossavainen, Hanna, reporter and Smith, Jo}, title = {News},
  year = {2007}, howpublished = {Daily Paper}}
"""


def test_names_particles_accents_roles_and_quotes(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "[@vliet; @onis; @denzin; @devlin; @cizkova; @oconnor; @reporter]\n"},
        bib=NAMES,
    )
    assert [re.sub(r"<[^>]+>", "", found) for found in site.citations()] == [
        "(Čížková &amp; Čížková, 2005; Denzin, 2003; de Onis, 2002; Devlin, 2004; "
        "O’Connor, 2006; Tossavainen &amp; Smith, 2007; van Vliet, 2001)"
    ]
    # APA 9.44: particles sorted letter by letter, spaces not counted.
    assert site.references() == [
        "Čížková, Š., &amp; Čížková, Š. (2005). <em>Accents</em>. P.",
        "Denzin, N. (2003). <em>Denzin</em>. P.",
        "de Onis, C. (2002). <em>Onis</em>. P.",
        "Devlin, J. (2004). <em>Devlin</em>. P.",
        # LaTeX's `x' is a quotation: double marks in a title (APA 6.7), as Pandoc prints it.
        "O’Connor, F. (2006). <em>Everything’s “quoted” and “double” and “straight” in "
        "the ’90s</em>. P.",
        "Tossavainen, H., &amp; Smith, J. (2007). <em>News</em>. Daily Paper.",
        "van Vliet, M. (2001). <em>Particles</em>. P.",
    ]
    assert site.warnings == [
        "references.bib:10:17: entry 'reporter': the author 'Tossavainen, Hanna, reporter' "
        "ends in 'reporter', which is the person's role, not a name; it was read as "
        "'Tossavainen, Hanna'. Write only the name in the author field"
    ]


BOOKS = r"""
@inbook{part, author = {Grey, Al}, title = {A Part}, editor = {Stone, Ann},
  edition = {20. printing}, volume = {2}, pages = {10--20}, publisher = {P}, year = {2004}}
@book{second, author = {Hale, Bo}, title = {Editions}, edition = {second}, volume = {3},
  publisher = {P}, year = {2005}}
@book{edited, author = {Plath, Sylvia}, editor = {Kukil, Karen V.}, title = {The Journals},
  edition = {2.}, publisher = {P}, year = {2000}}
@inbook{chapter, author = {Park, Ji}, title = {A Chapter}, booktitle = {The Book},
  editor = {Stone, Ann}, edition = {3rd}, pages = {5--9}, publisher = {P}, year = {2006}}
"""


def test_an_inbook_without_booktitle_keeps_what_it_has(make_site: Callable[..., Site]) -> None:
    # APA 10.2: editors, then edition and volume in the parentheses after the
    # title; a chapter without its book's title keeps them and its pages
    # there (as Pandoc does), and check asks for the book's title; a
    # non-numeric edition as written.
    site = make_site({"index.md": "[@part; @second; @edited; @chapter]\n"}, bib=BOOKS)
    assert site.references() == [
        "Grey, A. (2004). A part (A. Stone, Ed.; 20. printing, Vol. 2, pp. 10–20). P.",
        "Hale, B. (2005). <em>Editions</em> (2nd ed., Vol. 3). P.",
        "Park, J. (2006). A chapter. In A. Stone (Ed.), <em>The book</em> (3rd ed., pp. 5–9). P.",
        "Plath, S. (2000). <em>The journals</em> (K. V. Kukil, Ed.; 2nd ed.). P.",
    ]
    assert site.warnings == [
        "references.bib:2: entry 'part' (@inbook) lacks the field 'booktitle', which APA "
        "needs; the reference is printed without it"
    ]
