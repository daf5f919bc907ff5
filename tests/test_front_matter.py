"""Front matter: the summary and tags are used; a key nothing reads and the
placeholders of ``livingreview new`` are reported, by the build and by check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview.cli.main import main
from livingreview.cli.scaffold import TEMPLATE
from livingreview.markdown.pages import PLACEHOLDER_SUMMARY, PLACEHOLDER_TEXT
from tests.conftest import Site

MATERIAL = "theme:\n  name: material\n  font: false\n"
CHAPTER = """\
---
title: Methods
summary: How the "collective impact" model & its critics were read.
tags:
  - governance
---

# Methods

We read [@putnam2000].
"""
TITTLE = "docs/index.md:2:1: front matter key 'tittle' is read by neither MkDocs, Material nor livingreview (did you mean 'title'?); correct it, or, if another plugin reads it, add it to the 'front_matter_keys' option of the livingreview plugin in mkdocs.yml"
SUMMARY = "the summary is still the placeholder that 'livingreview new' wrote; write one sentence saying what this page covers (it is shown under the title and is the page's description for search engines)"
TEXT = "the page still has the placeholder text that 'livingreview new' wrote ('Write the chapter here. ...'); replace it with the page's own text"


def check(capsys: pytest.CaptureFixture[str], root: Path) -> list[str]:
    """What ``livingreview check`` says of the pages (not of the .bib)."""
    main(["check", "-f", str(root / "mkdocs.yml")])
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("docs/")]


def test_summary_is_the_description_and_is_shown_under_the_title(
    make_site: Callable[..., Site],
) -> None:
    site = make_site({"index.md": CHAPTER}, extra_config=MATERIAL)
    assert site.warnings == []
    page = site.html()
    assert (
        '<meta name="description" content="How the &quot;collective impact&quot; '
        'model &amp; its critics were read.">' in (site.root / "site/index.html").read_text()
    )
    assert (
        '<h1 id="methods">Methods</h1>\n<p class="lr-summary">How the "collective '
        'impact" model &amp; its critics were read.</p>\n<p>We read' in page
    )


def test_a_description_of_the_page_is_kept(make_site: Callable[..., Site]) -> None:
    page = CHAPTER.replace("tags:", "description: For search engines.\ntags:")
    site = make_site({"index.md": page}, extra_config=MATERIAL)
    assert site.warnings == []
    html = (site.root / "site/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="For search engines.">' in html
    assert '<p class="lr-summary">How the' in html


def test_no_summary_no_paragraph(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "---\ntitle: Methods\n---\n\n# Methods\n\nText.\n"})
    assert site.warnings == []
    assert "lr-summary" not in site.html()


def test_tags_are_shown_by_materials_tags_plugin(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": CHAPTER}, extra_config=MATERIAL, other_plugins=("tags",))
    assert site.warnings == []
    assert '<span class="md-tag">governance</span>' in site.html()


def test_a_misspelt_key_is_reported_by_build_and_check(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"index.md": "---\ntittle: Methods\nsummary: Fine.\n---\n\n# Methods\n"})
    assert site.warnings == [TITTLE]
    path, line, column, message = TITTLE.split(":", 3)
    assert check(capsys, site.root) == [
        f"{path}:{line}:{column}: warning front-matter-key:{message}"
    ]


def test_keys_of_other_plugins_can_be_declared(make_site: Callable[..., Site]) -> None:
    page = "---\ntitle: Methods\nrender_macros: false\n---\n\n# Methods\n"
    site = make_site({"index.md": page})
    assert [w.split(" is read")[0] for w in site.warnings] == [
        "docs/index.md:3:1: front matter key 'render_macros'"
    ]
    site = make_site(
        {"index.md": page},
        plugin_options="bibliography: references.bib\nfront_matter_keys: [render_macros]",
    )
    assert site.warnings == []


def test_multimarkdown_metadata_is_checked_too(make_site: Callable[..., Site]) -> None:
    # MkDocs takes the page's first "Key: value" lines as metadata and drops them.
    site = make_site({"index.md": "Title: Methods\nNote: read this first\n\n# Methods\n"})
    assert [w.split(" is read")[0] for w in site.warnings] == [
        "docs/index.md:2:1: front matter key 'note'"
    ]


def test_the_placeholders_of_livingreview_new_are_reported(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    page = TEMPLATE.format(title="Methods", heading="Methods", tag="governance")
    assert PLACEHOLDER_SUMMARY in page and PLACEHOLDER_TEXT in page
    site = make_site({"chapters/08-methods.md": page})
    assert site.warnings == [
        f"docs/chapters/08-methods.md:3:1: {SUMMARY}",
        f"docs/chapters/08-methods.md:10:1: {TEXT}",
    ]
    assert check(capsys, site.root) == [
        f"docs/chapters/08-methods.md:3:1: warning placeholder-text: {SUMMARY}",
        f"docs/chapters/08-methods.md:10:1: warning placeholder-text: {TEXT}",
    ]
