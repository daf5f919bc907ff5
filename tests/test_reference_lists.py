"""Reference lists on each page and the bibliography of the whole site."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from livingreview.styles.apa import ApaStyle
from tests.conftest import Site

BUSE = r"""
@article{buse2000a, author = {Buse, Kent and Walt, Gill},
  title = {Global Public--Private Partnerships: {Part I}---{A} New Development in Health?},
  journal = {Bulletin of the {World Health Organization}}, volume = 78, number = 4,
  pages = {549--561}, year = 2000}
@article{buse2000b, author = {Buse, Kent and Walt, Gill},
  title = {Global Public--Private Partnerships: {Part II}---{What} Are the Health Issues
  for Global Governance?}, journal = {Bulletin of the {World Health Organization}},
  volume = 78, number = 5, pages = {699--709}, year = 2000}
@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone}, publisher =
  {Simon \& Schuster}, year = 2000}
@misc{unused, author = {Nobody, N.}, title = {Never Cited}, year = 1999}
"""


def test_each_page_lists_exactly_the_works_it_cites(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {
            "index.md": "# Home\n\nNo citation here.\n",
            "one.md": "# One\n\n[@putnam2000] and [@buse2000b] and again @putnam2000.\n",
        },
        bib=BUSE,
    )
    assert site.warnings == []
    assert "References" not in site.html("index.md")
    assert '<h2 class="references-heading" id="references">References</h2>' in site.html("one.md")
    assert site.references("one.md") == [
        # Only one of the two 2000 works is cited on the site: no letter.
        "Buse, K., &amp; Walt, G. (2000). Global public–private partnerships: Part II—What "
        "are the health issues for global governance? <em>Bulletin of the World Health "
        "Organization</em>, <em>78</em>(5), 699–709.",
        "Putnam, R. D. (2000). <em>Bowling alone</em>. Simon &amp; Schuster.",
    ]


def test_year_letters_agree_on_every_page(make_site: Callable[..., Site]) -> None:
    # Only 2000b is cited on this page, but 2000a is cited elsewhere on the
    # site, so the letters must match the site's bibliography.
    site = make_site(
        {"a.md": "[@buse2000a]\n", "b.md": "[@buse2000b; @buse2000a]\n"},
        bib=BUSE,
    )
    assert site.citations("a.md") == [
        '<span class="citation" data-cites="buse2000a">(<a href="#ref-buse2000a" '
        'id="cite-buse2000a" role="doc-biblioref">Buse &amp; Walt, 2000a</a>)</span>'
    ]
    # APA 8.12: works by the same authors collapse to one name, dates in order.
    assert site.citations("b.md") == [
        '<span class="citation" data-cites="buse2000b buse2000a">(<a href="#ref-buse2000a" '
        'id="cite-buse2000a" role="doc-biblioref">Buse &amp; Walt, 2000a</a>, <a href="#ref-buse2000b" '
        'id="cite-buse2000b" role="doc-biblioref">2000b</a>)</span>'
    ]


def test_a_letter_is_not_added_when_the_site_cites_only_one_of_the_pair(
    make_site: Callable[..., Site],
) -> None:
    site = make_site({"a.md": "[@buse2000a]\n"}, bib=BUSE)
    assert "Buse &amp; Walt, 2000</a>)" in site.citations("a.md")[0]
    assert site.references("a.md")[0].startswith("Buse, K., &amp; Walt, G. (2000).")


def test_bibliography_page_lists_every_cited_work_in_apa_order(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {
            "a.md": "[@putnam2000]\n",
            "b.md": "[@buse2000b] and [@buse2000a]\n",
            "references.md": "# References\n\nEvery work cited in this review.\n",
        },
        bib=BUSE,
        plugin_options="bibliography: references.bib\nbibliography_page: references.md",
    )
    assert site.warnings == []
    html = site.html("references.md")
    assert html.count("<h2") == 0  # the page's own title is the heading
    assert [entry[:38] for entry in site.references("references.md")] == [
        "Buse, K., &amp; Walt, G. (2000a). Glob",
        "Buse, K., &amp; Walt, G. (2000b). Glob",
        "Putnam, R. D. (2000). <em>Bowling alon",
    ]
    assert "Never Cited" not in html


def test_each_work_is_formatted_once_per_build(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = ApaStyle.reference

    def counting(self: ApaStyle, work):  # type: ignore[no-untyped-def]
        calls.append(work.key)
        return original(self, work)

    monkeypatch.setattr(ApaStyle, "reference", counting)
    make_site(
        {f"page{n}.md": "[@putnam2000] [@buse2000a] [@buse2000b]\n" for n in range(5)},
        bib=BUSE,
    )
    assert sorted(calls) == ["buse2000a", "buse2000b", "putnam2000"]


def test_hostile_fields_are_escaped_in_the_page(make_site: Callable[..., Site]) -> None:
    bib = r"""@misc{evil, author = {Evil, E.}, title = {<script>alert("t")</script> \& more},
    howpublished = {<img src=x onerror=alert(1)>}, url = {javascript:alert(1)}, year = 2020}
    @misc{data, author = {Data, D.}, title = {Data}, url = {data:text/html,<script>x</script>},
    year = 2021}"""
    site = make_site({"index.md": "[@evil; @data]\n"}, bib=bib)
    html = site.html()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert "javascript:" not in html and "data:text" not in html  # not even as text
    assert site.warnings == [
        "references.bib:3:54: entry 'data' has the URL 'data:text/html,<script>x</script>', "
        "which is not an http or https address; it is left out of the reference. Give the "
        "work's address starting with https://, or remove the url field",
        "references.bib:2:52: entry 'evil' has the URL 'javascript:alert(1)', which is not "
        "an http or https address; it is left out of the reference. Give the work's address "
        "starting with https://, or remove the url field",
    ]


def test_material_theme_build_with_stylesheet(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "# Home\n\n[@putnam2000]\n"},
        bib=BUSE,
        extra_config="theme:\n  name: material\n",
    )
    assert site.warnings == []
    html = (site.root / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/livingreview/livingreview.css"' in html
    assert (site.root / "site" / "assets" / "livingreview" / "livingreview.css").is_file()
    assert site.references() == [
        "Putnam, R. D. (2000). <em>Bowling alone</em>. Simon &amp; Schuster."
    ]


def test_site_bibliography_links_back_offers_bibtex_and_the_file(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {
            "chapters/01-intro.md": "---\ntitle: Introduction\n---\n\n# Introduction\n\n[@putnam2000]\n",
            "chapters/02-theory.md": "# Theory\n\nFirst @buse2000a, then [@putnam2000].\n",
            "references.md": "# References\n",
        },
        bib=BUSE,
        plugin_options="bibliography: references.bib\nbibliography_page: references.md",
        extra_config="nav:\n  - chapters/02-theory.md\n  - chapters/01-intro.md\n  - references.md\n",
    )
    assert site.warnings == []
    html = site.html("references.md")
    # In nav order, each a link to the first citation on that page; chapters
    # are numbered by their place in the nav, not by their files' names.
    assert (
        '<div class="csl-cited-in">Cited in: <a href="../chapters/02-theory/#cite-putnam2000">'
        '1 Theory</a>, <a href="../chapters/01-intro/#cite-putnam2000">2 Introduction</a></div>'
    ) in html
    assert 'id="cite-putnam2000"' in site.html("chapters/01-intro.md")
    assert (
        '<details class="csl-bibtex" data-search-exclude><summary>BibTeX</summary><pre><code class="language-bibtex">'
        "@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone}, publisher =\n"
        "  {Simon \\&amp; Schuster}, year = 2000}</code></pre></details>"
    ) in html
    assert (
        '<p class="references-download">Download every entry as BibTeX: '
        '<a href="../references.bib" download>references.bib</a></p>'
    ) in html
    assert (site.root / "site" / "references.bib").read_text(encoding="utf-8") == BUSE


def test_evidence_map(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {
            "chapters/01-intro.md": "# Introduction\n\n[@putnam2000] [@putnam2000] [@buse2000b]\n",
            "chapters/02-theory.md": "# Theory\n\n[@buse2000a]\n",
            "about.md": "# About\n\n[@putnam2000]\n",
            "evidence.md": "# Evidence map\n",
            "references.md": "# References\n",
        },
        bib=BUSE,
        plugin_options=(
            "bibliography: references.bib\nbibliography_page: references.md\n"
            "evidence_map_page: evidence.md"
        ),
    )
    assert site.warnings == []
    html = site.html("evidence.md")
    assert '<h2 id="works-by-chapter">Works by chapter</h2>' in html
    # Every page that cites, as "Cited in" lists them (About too), each
    # column headed by its number and a short title (the full one in
    # `title`); works oldest first, then by author; each cell the count.
    assert (
        '<thead><tr><th scope="col">Work</th><th scope="col"><a href="../about/" '
        'title="About"><abbr class="lr-em-title" title="About">About</abbr></a></th>'
        '<th scope="col"><a href="../chapters/01-intro/" title="1 Introduction">'
        '<span class="lr-em-number">1</span><abbr class="lr-em-title" title="Introduction">'
        "Introduction</abbr></a></th>"
        '<th scope="col"><a href="../chapters/02-theory/" title="2 Theory">'
        '<span class="lr-em-number">2</span><abbr class="lr-em-title" title="Theory">'
        "Theory</abbr></a></th></tr></thead>"
    ) in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    assert rows[0] == (
        '<tr><th scope="row"><a href="../references/#ref-buse2000a">Buse &amp; Walt, 2000a</a>'
        '</th><td></td><td></td><td class="evidence-cited" title="2 Theory: cited once">'
        '<span class="lr-em-count">1</span></td>'
    )
    assert (
        'Putnam, 2000</a></th><td class="evidence-cited" title="About: cited once">'
        '<span class="lr-em-count">1</span></td><td class="evidence-cited" '
        'title="1 Introduction: cited 2 times"><span class="lr-em-count">2</span></td><td></td>'
    ) in html
    assert (
        '<tfoot><tr><th scope="row">Works cited</th><td>1</td><td>2</td><td>1</td></tr></tfoot>'
    ) in html
    # For narrow screens, the same as a list, one item per work.
    assert (
        '<li><a href="../references/#ref-putnam2000">Putnam, 2000</a>: '
        '<a href="../about/">About</a> (1), '
        '<a href="../chapters/01-intro/">1 Introduction</a> (2)</li>'
    ) in html
    assert '<svg class="evidence-histogram"' in html
    assert 'aria-label="Cited works by year of publication. 2000: 3"' in html
    assert '<text class="lr-count" x="36" y="13" text-anchor="middle">3</text>' in html


def test_several_bibliography_files_in_the_build(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "[@putnam2000] [@macro2001]\n", "references.md": "# References\n"},
        bib=BUSE,
        plugin_options=(
            "bibliography: [references.bib, more.bib]\nbibliography_page: references.md"
        ),
        extra_files={
            "more.bib": '@string{pub = "Macro Press"}\n'
            "@book{macro2001, author = {Doe, J.}, title = {M}, publisher = pub, year = 2001}\n"
        },
    )
    assert site.warnings == []
    assert site.references() == [
        "Doe, J. (2001). <em>M</em>. Macro Press.",
        "Putnam, R. D. (2000). <em>Bowling alone</em>. Simon &amp; Schuster.",
    ]
    assert (
        '<p class="references-download">Download every entry as BibTeX: <a href="../references.bib" '
        'download>references.bib</a>, <a href="../more.bib" download>more.bib</a></p>'
    ) in site.html("references.md")


def test_evidence_map_links_to_a_non_ascii_key_as_citations_do(
    make_site: Callable[..., Site],
) -> None:
    bib = (
        "@book{müller2000, author = {Müller, Anna}, title = {Titel}, publisher = {V}, year = 2000}"
    )
    site = make_site(
        {
            "chapters/01-intro.md": "# Introduction\n\n[@müller2000]\n",
            "evidence.md": "# Evidence map\n",
            "references.md": "# References\n",
        },
        bib=bib,
        plugin_options=(
            "bibliography: references.bib\nbibliography_page: references.md\n"
            "evidence_map_page: evidence.md"
        ),
    )
    assert site.warnings == []
    assert 'href="#ref-m%C3%BCller2000"' in site.html("chapters/01-intro.md")
    assert 'href="../references/#ref-m%C3%BCller2000"' in site.html("evidence.md")
    assert 'id="ref-müller2000"' in site.html("references.md")
