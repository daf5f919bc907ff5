"""The Markdown extension on its own (as Zensical or plain Python-Markdown run it)."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest

from livingreview.site.extension import CitationExtension
from livingreview.site.plugin import _load_cached
from tests.conftest import BIB


@pytest.fixture
def bib_file(tmp_path: Path) -> Path:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def test_extension_renders_without_mkdocs(bib_file: Path) -> None:
    html = markdown.markdown(
        "As @putnam2000 shows [see also @kania2011, p. 38].",
        extensions=[CitationExtension(bibliography=str(bib_file))],
    )
    assert html == (
        '<p>As <span class="citation" data-cites="putnam2000"><a href="#ref-putnam2000" '
        'id="cite-putnam2000" role="doc-biblioref">Putnam (2000)</a></span> shows <span class="citation" '
        'data-cites="kania2011">(see also <a href="#ref-kania2011" id="cite-kania2011" role="doc-biblioref">'
        "Kania &amp; Kramer, 2011, p. 38</a>)</span>.</p>\n"
        '<h2 class="references-heading">References</h2>\n'
        '<div id="refs" class="references csl-bib-body hanging-indent" role="list">\n'
        '<div id="ref-kania2011" class="csl-entry" role="listitem">Kania, J., &amp; '
        "Kramer, M. (2011). Collective impact. <em>Stanford Social Innovation Review</em>, "
        '<em>9</em>(1), 36–41. <a href="https://ssir.org/articles/entry/collective_impact">'
        "https://ssir.org/articles/entry/collective_impact</a> "
        '<span class="csl-backlinks"><a href="#cite-kania2011" '
        'aria-label="Back to the citation in the text">↩</a></span></div>\n'
        '<div id="ref-putnam2000" class="csl-entry" role="listitem">Putnam, R. D. (2000). '
        "<em>Bowling alone: The collapse and revival of American community</em>. "
        'Simon &amp; Schuster. <span class="csl-backlinks"><a href="#cite-putnam2000" '
        'aria-label="Back to the citation in the text">↩</a></span></div>\n</div>'
    )


def test_extension_by_name_with_options(bib_file: Path) -> None:
    html = markdown.markdown(
        "[@putnam2000]",
        extensions=["livingreview"],
        extension_configs={"livingreview": {"bibliography": str(bib_file), "heading": "Works"}},
    )
    assert '<h2 class="references-heading">Works</h2>' in html


def test_extension_warns_under_the_mkdocs_logger(
    bib_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        markdown.markdown("[@nobody]", extensions=[CitationExtension(bibliography=str(bib_file))])
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.extensions.livingreview", "<markdown>:1:2: unknown citation key 'nobody'")
    ]


def test_bibliography_is_reused_until_the_file_changes(bib_file: Path) -> None:
    first = _load_cached(bib_file.parent, ["references.bib"], None)
    assert _load_cached(bib_file.parent, ["references.bib"], None) is first
    bib_file.write_text(BIB + "\n@misc{new2024, title = {New}, year = 2024}\n", encoding="utf-8")
    second = _load_cached(bib_file.parent, ["references.bib"], None)
    assert second is not first
    assert "new2024" in second
