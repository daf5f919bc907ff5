"""Golden tests of the APA 7 style: reference entries and in-text labels.

Expected strings follow the APA Publication Manual (7th ed.) and agree with
Pandoc's citeproc and the APA CSL style except where a comment says why not.
"""

from __future__ import annotations

import re

import pytest

from livingreview.bibliography.loader import parse_bibliography
from livingreview.styles.apa import ApaStyle, Work, disambiguate, make_work, sort_works


def works(bib: str) -> list[Work]:
    bibliography = parse_bibliography(bib, "references.bib")
    assert bibliography.diagnostics == []
    made = [make_work(entry) for entry in bibliography.entries.values()]
    disambiguate(made)
    return sort_works(made)


def reference(bib: str) -> str:
    (work,) = works(bib)
    return ApaStyle("references.bib").reference(work)


def text(html: str) -> str:
    """Markup kept as *…* for italics, so goldens stay readable."""
    html = html.replace("<em>", "*").replace("</em>", "*")
    html = re.sub(r'<a href="[^"]*">([^<]*)</a>', r"\1", html)
    return html.replace("&amp;", "&")


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        (
            r"""@article{bryson2006, author = {Bryson, John M. and Crosby, Barbara C. and
            Stone, Melissa Middleton}, title = {The Design and Implementation of
            Cross-Sector Collaborations: Propositions from the Literature},
            journal = {Public Administration Review}, volume = {66}, number = {s1},
            pages = {44--55}, year = {2006}, doi = {10.1111/j.1540-6210.2006.00665.x}}""",
            "Bryson, J. M., Crosby, B. C., & Stone, M. M. (2006). The design and "
            "implementation of cross-sector collaborations: Propositions from the "
            "literature. *Public Administration Review*, *66*(s1), 44–55. "
            "https://doi.org/10.1111/j.1540-6210.2006.00665.x",
        ),
        (
            r"""@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone:
            The Collapse and Revival of {American} Community}, publisher =
            {Simon \& Schuster}, address = {New York}, year = {2000}}""",
            "Putnam, R. D. (2000). *Bowling alone: The collapse and revival of American "
            "community*. Simon & Schuster.",
        ),
        (
            r"""@book{rasche2010, editor = {Rasche, Andreas and Kell, Georg}, title = {The
            {United Nations Global Compact}: Achievements, Trends and Challenges},
            publisher = {Cambridge University Press}, year = {2010}}""",
            "Rasche, A., & Kell, G. (Eds.). (2010). *The United Nations Global Compact: "
            "Achievements, trends and challenges*. Cambridge University Press.",
        ),
        (
            r"""@book{solo, editor = {Kell, Georg}, title = {One Editor}, publisher = {P},
            year = {2010}, edition = {2}}""",
            "Kell, G. (Ed.). (2010). *One editor* (2nd ed.). P.",
        ),
        (
            r"""@incollection{chapter, author = {Doe, Jane and Roe, Richard}, title =
            {Learning from the {Compact}}, booktitle = {The {United Nations Global
            Compact}: Achievements, Trends and Challenges}, editor = {Rasche, Andreas
            and Kell, Georg}, pages = {340--354}, publisher = {Cambridge University
            Press}, year = {2010}}""",
            "Doe, J., & Roe, R. (2010). Learning from the Compact. In A. Rasche & G. Kell "
            "(Eds.), *The United Nations Global Compact: Achievements, trends and "
            "challenges* (pp. 340–354). Cambridge University Press.",
        ),
        (
            r"""@inproceedings{proc, author = {Lee, Kim}, title = {A Paper}, booktitle =
            {Proceedings of the Tenth Conference}, pages = {1--10}, year = {2019},
            doi = {https://doi.org/10.1000/xyz}}""",
            "Lee, K. (2019). A paper. In *Proceedings of the tenth conference* "
            "(pp. 1–10). https://doi.org/10.1000/xyz",
        ),
        (
            r"""@conference{conf, author = {Lee, Kim}, title = {Conference Paper},
            booktitle = {Proceedings}, year = {2019}, doi = {doi:10.1000/abc}}""",
            "Lee, K. (2019). Conference paper. In *Proceedings*. https://doi.org/10.1000/abc",
        ),
        (
            r"""@techreport{report, author = {{World Health Organization}}, title =
            {World Report on Partnerships}, institution = {World Health Organization},
            number = {7}, year = {2020}, url = {https://example.org/report}}""",
            # APA 9.29: the publisher is left out when it is the author.
            "World Health Organization. (2020). *World report on partnerships* "
            "(Report No. 7). https://example.org/report",
        ),
        (
            r"""@phdthesis{thesis, author = {Garcia, Ana}, title = {Partnerships in
            Practice}, school = {University of Somewhere}, year = {2018}}""",
            "Garcia, A. (2018). *Partnerships in practice* [Doctoral dissertation, "
            "University of Somewhere].",
        ),
        (
            r"""@mastersthesis{ma, author = {Garcia, Ana}, title = {Small Study},
            school = {University of Somewhere}, year = {2015}}""",
            "Garcia, A. (2015). *Small study* [Master’s thesis, University of Somewhere].",
        ),
        (
            r"""@online{page, author = {{The Global Fund}}, title = {History of the
            {Global Fund}}, url = {https://www.theglobalfund.org/en/history/},
            urldate = {2026-11-02}}""",
            "The Global Fund. (n.d.). *History of the Global Fund*. Retrieved "
            "November 2, 2026, from https://www.theglobalfund.org/en/history/",
        ),
        (
            r"""@misc{unga2015, author = {{United Nations General Assembly}}, title =
            {Transforming Our World: {The 2030 Agenda for Sustainable Development}},
            howpublished = {Resolution {A/RES/70/1}}, year = {2015}}""",
            "United Nations General Assembly. (2015). *Transforming our world: The 2030 "
            "Agenda for Sustainable Development*. Resolution A/RES/70/1.",
        ),
        (
            r"""@article{press, author = {Nguyen, Thi and van der Berg, Jan and de la
            Cruz, Jean-Paul and King, Jr., Martin}, title = {Forthcoming Work}, journal =
            {Journal}, year = {in press}}""",
            "Nguyen, T., van der Berg, J., de la Cruz, J.-P., & King, M., Jr. "
            "(in press). Forthcoming work. *Journal*.",
        ),
        (
            r"""@article{latex, author = {M{\"u}ller, J{\"o}rg and {\O}stergaard, S{\o}ren},
            title = {{\"U}ber \emph{Homo economicus} and $\sqrt{s}$ --- a {TeX} Test},
            journal = {Zeitschrift f{\"u}r Tests}, volume = 3, pages = {1--2}, year = 1999}""",
            # An italic term inside a roman title stays italic.
            "Müller, J., & Østergaard, S. (1999). Über *homo economicus* and √s — a TeX "
            "test. *Zeitschrift für Tests*, *3*, 1–2.",
        ),
        (
            r"""@book{emphbook, author = {Doe, Jane}, title = {Reading \emph{Bowling
            Alone}}, publisher = {P}, year = {2001}}""",
            # APA: a title within an italic title is set in roman.
            "Doe, J. (2001). *Reading *bowling alone. P.",
        ),
        (
            r"""@article{vaswani2017, author = {Vaswani, Ashish and Shazeer, Noam and others},
            title = {Attention Is All You Need}, year = {2017}, eprint = {1706.03762},
            archivePrefix = {arXiv}}""",
            # An arXiv-only article is a preprint (APA 10.8), not an article
            # without a journal; "and others" keeps the listed names.
            "Vaswani, A., Shazeer, N., et al. (2017). *Attention is all you need* "
            "(arXiv:1706.03762). arXiv. https://arxiv.org/abs/1706.03762",
        ),
        (
            r"""@article{etal, author = {Zhang, Aston and Lipton, Zachary C. and et al.},
            title = {Dive into Deep Learning}, journal = {J}, year = {2021}}""",
            "Zhang, A., Lipton, Z. C., et al. (2021). Dive into deep learning. *J*.",
        ),
    ],
)
def test_reference_entries(bib: str, expected: str) -> None:
    assert text(reference(bib)) == expected


def test_twenty_one_or_more_authors_use_the_ellipsis() -> None:
    authors = " and ".join(f"Author{n:02d}, A." for n in range(1, 26))
    entry = f"@article{{many, author = {{{authors}}}, title = {{T}}, journal = {{J}}, year = 2020}}"
    html = reference(entry)
    listed = ", ".join(f"Author{n:02d}, A." for n in range(1, 20))
    assert html.startswith(f"{listed}, . . . Author25, A. (2020). T.")


def test_exactly_twenty_authors_are_all_listed() -> None:
    authors = " and ".join(f"Author{n:02d}, A." for n in range(1, 21))
    entry = f"@article{{many, author = {{{authors}}}, title = {{T}}, journal = {{J}}, year = 2020}}"
    listed = ", ".join(f"Author{n:02d}, A." for n in range(1, 20))
    assert reference(entry).startswith(f"{listed}, &amp; Author20, A. (2020).")


def test_fields_are_html_escaped_and_unsafe_urls_not_linked() -> None:
    bib = r"""@misc{evil, author = {<script>alert(1)</script>}, title = {"Quotes" \& <b>tags</b>},
    url = {javascript:alert(1)}, year = 2020}"""
    style = ApaStyle("references.bib")
    (work,) = works(bib)
    html = style.reference(work)
    assert "<script" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt;. (2020). <em>“Quotes” &amp; "
        "&lt;b&gt;tags&lt;/b&gt;</em>."  # the javascript: address is left out
    )
    assert style.diagnostics == []  # formatting is pure; check() reports
    style.check(work)
    assert [d.code for d in style.diagnostics] == ["bib-unsafe-url"]


IN_TEXT = r"""
@book{putnam2000, author = {Putnam, Robert D.}, title = {B}, publisher = {P}, year = 2000}
@article{kania2011, author = {Kania, John and Kramer, Mark}, title = {C}, journal = {J},
  year = 2011}
@article{bryson2006, author = {Bryson, J. and Crosby, B. and Stone, M.}, title = {D},
  journal = {J}, year = 2006}
@misc{unga2015, author = {{United Nations General Assembly}}, title = {T}, year = 2015}
@article{buse2000a, author = {Buse, Kent and Walt, Gill}, title = {Part {I}}, journal = {J},
  year = 2000}
@article{buse2000b, author = {Buse, Kent and Walt, Gill}, title = {Part {II}}, journal = {J},
  year = 2000}
@article{others, author = {Smith, Ann and others}, title = {O}, journal = {J}, year = 2001}
@article{kapoor1, author = {Kapoor, A. and Bloom, B. and Montez, C.}, title = {K1}, journal = {J},
  year = 2020}
@article{kapoor2, author = {Kapoor, A. and Bloom, B. and Zhou, D.}, title = {K2}, journal = {J},
  year = 2020}
@article{kapoor3, author = {Kapoor, A. and Singh, E. and Zhou, D.}, title = {K3}, journal = {J},
  year = 2020}
@misc{anon, title = {An Anonymous Pamphlet}, year = 1850}
@article{anonarticle, title = {Unsigned Editorial}, journal = {J}, year = 1990}
@misc{nodate, author = {Doe, Jane}, title = {Undated one}}
@misc{nodate2, author = {Doe, Jane}, title = {Undated two}}
"""


@pytest.mark.parametrize(
    ("key", "parenthetical", "narrative", "year"),
    [
        ("putnam2000", "Putnam", "Putnam", "2000"),
        # APA 8.17: "&" in parentheses, "and" in the running text.
        ("kania2011", "Kania &amp; Kramer", "Kania and Kramer", "2011"),
        # APA 8.17: three or more authors: et al. from the first citation.
        ("bryson2006", "Bryson et al.", "Bryson et al.", "2006"),
        # APA 8.21: group authors in full.
        ("unga2015", "United Nations General Assembly", "United Nations General Assembly", "2015"),
        # APA 8.19: same authors, same year: letters in title order.
        ("buse2000a", "Buse &amp; Walt", "Buse and Walt", "2000a"),
        ("buse2000b", "Buse &amp; Walt", "Buse and Walt", "2000b"),
        ("others", "Smith et al.", "Smith et al.", "2001"),
        # APA 8.18: as many names as it takes to tell the works apart.
        ("kapoor1", "Kapoor, Bloom, &amp; Montez", "Kapoor, Bloom, and Montez", "2020"),
        ("kapoor2", "Kapoor, Bloom, &amp; Zhou", "Kapoor, Bloom, and Zhou", "2020"),
        ("kapoor3", "Kapoor, Singh, et al.", "Kapoor, Singh, et al.", "2020"),
        # APA 8.14: no author: the title, italic (standalone) or quoted (part).
        ("anon", "<em>An Anonymous Pamphlet</em>", "<em>An Anonymous Pamphlet</em>", "1850"),
        ("anonarticle", "“Unsigned Editorial”", "“Unsigned Editorial”", "1990"),
        # APA 8.19: n.d.-a, n.d.-b
        ("nodate", "Doe", "Doe", "n.d.-a"),
        ("nodate2", "Doe", "Doe", "n.d.-b"),
    ],
)
def test_in_text_labels(key: str, parenthetical: str, narrative: str, year: str) -> None:
    by_key = {work.key: work for work in works(IN_TEXT)}
    work = by_key[key]
    assert work.in_text_names(narrative=False) == parenthetical
    assert work.in_text_names(narrative=True) == narrative
    assert work.year_text == year


def test_reference_list_order() -> None:
    order = [work.key for work in works(IN_TEXT)]
    assert order == [
        "anon",  # "An Anonymous…" sorts as "Anonymous"
        "bryson2006",
        "buse2000a",
        "buse2000b",
        "nodate",
        "nodate2",
        "kania2011",
        "kapoor1",
        "kapoor2",
        "kapoor3",
        "putnam2000",
        "others",
        "unga2015",
        "anonarticle",
    ]


def test_a_url_with_a_tilde_is_kept_whole() -> None:
    """An address is no LaTeX: its ``~`` is a tilde, not a no-break space."""
    html = reference(
        r"""@misc{page, author = {Doe, Jane}, title = {Home page}, year = {2020},
        url = {https://example.edu/~doe/home.html}}"""
    )
    assert (
        '<a href="https://example.edu/~doe/home.html">https://example.edu/~doe/home.html</a>'
        in html
    )
