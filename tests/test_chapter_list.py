"""The home page's list of chapters, generated where the editor puts the marker."""

from __future__ import annotations

from collections.abc import Callable

from livingreview.site.plugin import CHAPTERS_MARKER
from tests.conftest import Site

NAV = """\
nav:
  - Home: index.md
  - Chapters:
      - chapters/02-theory.md
      - chapters/01-introduction.md
  - About: about.md
"""
PAGES = {
    "index.md": f"# Review\n\n## Chapters at a glance\n\n{CHAPTERS_MARKER}\n\nThe end.\n",
    "chapters/01-introduction.md": (
        "---\ntitle: Introduction\nsummary: Why partners & sectors meet.\n---\n\n# Introduction\n"
    ),
    "chapters/02-theory.md": "# Theory <of> things\n\nNo summary here.\n",
    "about.md": "---\nsummary: Who wrote it.\n---\n\n# About\n",
}


def test_the_marker_becomes_the_chapters_in_nav_order(make_site: Callable[..., Site]) -> None:
    """Numbered by their place in the nav, whatever their files' numbers."""
    site = make_site(PAGES, extra_config=NAV)
    assert site.warnings == []
    assert (
        '<h2 id="chapters-at-a-glance">Chapters at a glance</h2>\n'
        '<ol class="lr-chapters">\n'
        '<li value="1"><a href="chapters/02-theory/">Theory &lt;of&gt; things</a></li>\n'
        '<li value="2"><a href="chapters/01-introduction/">Introduction</a>: '
        "Why partners &amp; sectors meet.</li>\n"
        "</ol>\n\n"
        "<p>The end.</p>"
    ) in site.html()


def test_links_are_relative_to_the_page_with_the_marker(make_site: Callable[..., Site]) -> None:
    pages = {**PAGES, "about.md": f"# About\n\n{CHAPTERS_MARKER}\n"}
    site = make_site(pages, extra_config=NAV)
    assert '<li value="1"><a href="../chapters/02-theory/">' in site.html("about.md")


def test_without_numbered_chapters_every_other_page_is_listed(
    make_site: Callable[..., Site],
) -> None:
    pages = {
        "index.md": f"# Home\n\n{CHAPTERS_MARKER}\n",
        "methods.md": "---\nsummary: How.\n---\n\n# Methods\n",
        "results.md": "# Results\n",
    }
    site = make_site(pages)
    assert (
        '<ol class="lr-chapters">\n<li><a href="methods/">Methods</a>: How.</li>\n'
        '<li><a href="results/">Results</a></li>\n</ol>'
    ) in site.html()


def test_the_marker_in_code_is_left_alone(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": f"# Home\n\n    {CHAPTERS_MARKER}\n"})
    assert "lr-chapters" not in site.html()
    assert "&lt;!-- livingreview: chapters --&gt;" in site.html()
