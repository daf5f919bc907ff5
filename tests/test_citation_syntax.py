"""Every form of Pandoc's citation syntax, built into a site with MkDocs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from livingreview.markdown.scanner import scan
from tests.conftest import Site

BRYSON = '<a href="#ref-bryson2006" id="cite-bryson2006" role="doc-biblioref">'
PUTNAM = '<a href="#ref-putnam2000" id="cite-putnam2000" role="doc-biblioref">'


def cite(make_site: Callable[..., Site], markdown: str) -> list[str]:
    site = make_site({"index.md": markdown})
    assert site.warnings == []
    return site.citations()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "[@bryson2006]",
            '<span class="citation" data-cites="bryson2006">'
            f"({BRYSON}Bryson et al., 2006</a>)</span>",
        ),
        (
            "[@bryson2006, p. 46]",
            '<span class="citation" data-cites="bryson2006">'
            f"({BRYSON}Bryson et al., 2006, p. 46</a>)</span>",
        ),
        (
            "[@kania2011; @austin2000]",
            '<span class="citation" data-cites="kania2011 austin2000">('
            '<a href="#ref-austin2000" id="cite-austin2000" role="doc-biblioref">Austin, 2000</a>; '
            '<a href="#ref-kania2011" id="cite-kania2011" role="doc-biblioref">Kania &amp; Kramer, 2011</a>'
            ")</span>",
        ),
        (
            "[see @hodge2007, pp. 545-550; also @rasche2010, ch. 1]",
            '<span class="citation" data-cites="hodge2007 rasche2010">(see '
            '<a href="#ref-hodge2007" id="cite-hodge2007" role="doc-biblioref">Hodge &amp; Greve, 2007, '
            "pp. 545–550</a>; also "
            '<a href="#ref-rasche2010" id="cite-rasche2010" role="doc-biblioref">Rasche &amp; Kell, 2010, '
            "Chapter 1</a>)</span>",
        ),
        (
            "[-@freeman1984]",
            '<span class="citation" data-cites="freeman1984">('
            '<a href="#ref-freeman1984" id="cite-freeman1984" role="doc-biblioref">1984</a>)</span>',
        ),
        (
            "@putnam2000 argues",
            f'<span class="citation" data-cites="putnam2000">{PUTNAM}Putnam (2000)</a></span>',
        ),
        (
            "@kania2011 argue",
            '<span class="citation" data-cites="kania2011">'
            '<a href="#ref-kania2011" id="cite-kania2011" role="doc-biblioref">Kania and Kramer (2011)</a></span>',
        ),
        (
            "@bryson2006 [p. 46] propose",
            '<span class="citation" data-cites="bryson2006">'
            f"{BRYSON}Bryson et al. (2006, p. 46)</a></span>",
        ),
        (
            "[@doe:2018]",
            '<span class="citation" data-cites="doe:2018">('
            '<a href="#ref-doe:2018" id="cite-doe:2018" role="doc-biblioref">Doe, 2018</a>)</span>',
        ),
        (
            "[@Smith.2020]",
            '<span class="citation" data-cites="Smith.2020">('
            '<a href="#ref-Smith.2020" id="cite-Smith.2020" role="doc-biblioref">Smith, 2020</a>)</span>',
        ),
        (
            "[@BRYSON2006]",  # keys match the .bib case-insensitively
            '<span class="citation" data-cites="bryson2006">'
            f"({BRYSON}Bryson et al., 2006</a>)</span>",
        ),
        (
            "[@bryson2006, 46]",  # a bare number is a page, as in Pandoc
            '<span class="citation" data-cites="bryson2006">'
            f"({BRYSON}Bryson et al., 2006, p. 46</a>)</span>",
        ),
        (
            "[@bryson2006, pp. 46]",  # the label agrees with the value
            '<span class="citation" data-cites="bryson2006">'
            f"({BRYSON}Bryson et al., 2006, p. 46</a>)</span>",
        ),
    ],
)
def test_citation_forms(make_site: Callable[..., Site], markdown: str, expected: str) -> None:
    assert cite(make_site, markdown + "\n") == [expected]


def test_prefix_and_suffix_keep_their_markdown(make_site: Callable[..., Site]) -> None:
    html = make_site({"index.md": "[see *also* @bryson2006, p. 4, **emphasis** added]\n"}).html()
    assert (
        '<span class="citation" data-cites="bryson2006">(see <em>also</em> '
        f"{BRYSON}Bryson et al., 2006, p. 4</a>, <strong>emphasis</strong> added)</span>"
    ) in html


@pytest.mark.parametrize(
    ("markdown", "key_text"),
    [
        ("@putnam2000's argument", "Putnam (2000)</a></span>'s argument"),
        ("as shown by @putnam2000.", "Putnam (2000)</a></span>."),
        ("(@putnam2000)", "Putnam (2000)</a></span>)"),
    ],
)
def test_trailing_punctuation_is_not_part_of_the_key(
    make_site: Callable[..., Site], markdown: str, key_text: str
) -> None:
    site = make_site({"index.md": markdown + "\n"})
    assert site.warnings == []
    assert key_text in site.html().replace("&#39;", "'")


@pytest.mark.parametrize(
    "markdown",
    [
        "`[@bryson2006]` and `@putnam2000`",
        "```\n[@bryson2006] @putnam2000\n```",
        "~~~python\n@property\ndef f(): ...\n~~~",
        "text\n\n    [@bryson2006] indented code\n",
        "write to kania@example.org or kania2011@example.org",
        "see https://medium.com/@kania2011 and www.example.org/@putnam2000",
        "[a link](https://medium.com/@kania2011)",
        "<https://medium.com/@kania2011>",
        "an escaped \\@putnam2000",
        "[see the note above], [1], [a; b]",
        "<!-- [@bryson2006] -->",
        "![photo by @putnam2000](https://example.org/image.png)",
        "[ref]: https://example.org/@putnam2000",
        "- list\n\n        [@bryson2006] code in a list item\n",
    ],
)
def test_not_a_citation(make_site: Callable[..., Site], markdown: str) -> None:
    site = make_site({"index.md": markdown + "\n"})
    assert site.warnings == []
    assert site.citations() == []
    assert 'id="refs"' not in site.html()


def test_escaped_bracket_leaves_a_narrative_citation(make_site: Callable[..., Site]) -> None:
    # As in Pandoc: ``\[`` is a literal bracket, so what follows is ``@key``.
    assert cite(make_site, "\\[@bryson2006\\]\n") == [
        f'<span class="citation" data-cites="bryson2006">{BRYSON}Bryson et al. (2006)</a></span>'
    ]


def test_code_and_links_come_out_unchanged(make_site: Callable[..., Site]) -> None:
    html = make_site(
        {
            "index.md": """
            `[@bryson2006]` and [a link](https://medium.com/@kania2011)

            ```
            cite = "[@bryson2006]"
            ```
            """
        }
    ).html()
    assert "<code>[@bryson2006]</code>" in html
    assert '<a href="https://medium.com/@kania2011">a link</a>' in html
    assert 'cite = "[@bryson2006]"' in html.replace("&quot;", '"')


def test_citations_inside_containers_are_rendered(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {
            "index.md": """
            - a list item [@putnam2000]

                a continued item @putnam2000

            > a quote [@putnam2000]

            | work | source |
            |---|---|
            | one | [@putnam2000] |

            ## A heading [@putnam2000]
            """
        },
        extra_config="markdown_extensions:\n  - tables\n",
    )
    assert site.warnings == []
    assert len(site.citations()) == 5


def test_citations_in_footnote_definitions_are_marked() -> None:
    """What a note style needs to know: which citations the author put in a footnote."""
    text = (
        "Text [@a].[^1] More [@b].\n\n"
        "[^1]: A note citing [@c] and\n"
        "lazily [@d].\n\n"
        "    Its second paragraph [@e].\n\n"
        "Back in the text [@f].\n"
        "[^2]: Next [@g]\n"
        "Lazy [@h]\n"
    )
    marked = {citation.keys[0]: citation.in_note for citation in scan(text)}
    assert marked == {
        "a": False,
        "b": False,
        "c": True,
        "d": True,
        "e": True,
        "f": False,
        "g": True,
        "h": True,
    }
