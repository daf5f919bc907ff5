"""What Material's search plugin indexes, and what the reader gets after it.

livingreview hands the search plugin each page with the citations' tags
taken out (it parses every tag) and puts the full HTML back once the page is
indexed; the index must read exactly the text a reader sees.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import Site

PAGE = """\
# Home

Trust matters [see @putnam2000, p. 4; @bryson2006] and @kania2011 [p. 38]
says *so* [@kania2011, *passim*]; not [@nobody].

<div data-search-exclude="true">Hidden [@austin2000].</div>

[A link with @hodge2007 in it](https://example.org).
"""


def index_text(site: Site, location: str = "") -> str:
    index = json.loads((site.root / "site" / "search" / "search_index.json").read_text("utf-8"))
    return " ".join(doc["text"] for doc in index["docs"] if doc["location"] == location)


def sections(site: Site) -> list[tuple[str, tuple[str, str]]]:
    """Every search result of the site: its location, title and text."""
    index = json.loads((site.root / "site" / "search" / "search_index.json").read_text("utf-8"))
    return [(doc["location"], (doc["title"], doc["text"])) for doc in index["docs"]]


def results(site: Site, location: str) -> list[tuple[str, str]]:
    return [found for where, found in sections(site) if where == location]


def test_index_has_the_citations_text_and_the_page_keeps_its_links(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {"index.md": PAGE, "references.md": "# References\n"},
        plugin_options="bibliography: references.bib\nbibliography_page: references.md",
        extra_config="theme:\n  name: material\n",
        other_plugins=("search",),
    )
    text = index_text(site)
    # Where each citation's link was, an invisible space (U+FEFF): Material's
    # search splits words at whitespace only, and "(Putnam," is not "Putnam".
    assert text == (
        "<p>Trust matters (\ufeffBryson et al., 2006; see \ufeffPutnam, 2000, p. 4) and "
        "\ufeffKania and Kramer (2011, p. 38) says so (\ufeffKania &amp; Kramer, 2011, passim); "
        "not (nobody?).</p> <p>A link with Hodge and Greve (2007) in it.</p>"
    )
    html = site.html()
    assert (
        '<span class="citation" data-cites="putnam2000 bryson2006">('
        '<a href="#ref-bryson2006" id="cite-bryson2006" role="doc-biblioref">Bryson et al., 2006</a>; '
    ) in html
    # The reader's page is what the search plugin leaves: its data-search-*
    # attributes gone, and with them nothing else.
    assert "data-search-exclude" not in html
    assert '<div>Hidden <span class="citation" data-cites="austin2000">' in html
    assert "Hidden" not in text
    # The bibliography is indexed without its "Cited in" lines and BibTeX.
    # Each entry is a search result of its own, titled by its authors and
    # date, that links to the entry.
    assert index_text(site, "references/") == (
        "<p>Download every entry as BibTeX: references.bib</p>"
    )
    assert results(site, "references/#ref-bryson2006") == [
        (
            "Bryson, J. M., Crosby, B. C., &amp; Stone, M. M. (2006)",
            "Bryson, J. M., Crosby, B. C., &amp; Stone, M. M. (2006). The "
            "design and implementation of cross-sector collaborations: Propositions from the "
            "literature. Public Administration Review, 66(s1), 44–55. "
            "https://doi.org/10.1111/j.1540-6210.2006.00665.x",
        )
    ]
    references = " ".join(
        text for location, (_, text) in sections(site) if location.startswith("references/")
    )
    assert "Cited in" not in references and "@book" not in references
    assert '<div class="csl-cited-in">Cited in: <a href="../#cite-putnam2000">Home</a></div>' in (
        site.html("references.md")
    )


def test_a_plugin_that_rewrites_the_indexed_html_is_named(
    make_site: Callable[..., Site],
) -> None:
    hooks = (
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = page.content.replace('Trust', 'Faith')\n"
    )
    site = make_site(
        {"index.md": PAGE},
        extra_config="hooks:\n  - hooks.py\n",
        extra_files={"hooks.py": hooks},
    )
    assert site.warnings == [
        "docs/index.md:4:40: unknown citation key 'nobody'",
        "docs/index.md: another plugin changed the page's HTML in on_page_context; its "
        "citations are shown as text, without links. Report it to livingreview's "
        "maintainers with the list of your plugins",
    ]
    assert "Faith matters (Bryson et al., 2006; see Putnam" in site.html()
