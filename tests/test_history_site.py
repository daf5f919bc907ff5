"""The history on the built site: What's new, its feed, page dates, meta tags."""

from __future__ import annotations

import logging
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.gitrepo import commit, sample_review

ATOM = "{http://www.w3.org/2005/Atom}"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def messages() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def _build(root: Path, messages: _Collect) -> tuple[list[str], list[str]]:
    """Build the review in *root*: its warnings and livingreview's info lines."""
    messages.records.clear()
    build(load_config(str(root / "mkdocs.yml")))
    warnings = [r.getMessage() for r in messages.records if r.levelno >= logging.WARNING]
    infos = [
        r.getMessage()
        for r in messages.records
        if r.levelno == logging.INFO and r.name.endswith("livingreview")
    ]
    return warnings, infos


def _page(root: Path, page: str) -> str:
    return (root / "site" / page / "index.html").read_text(encoding="utf-8")


WHATS_NEW = """\
<div class="lr-whats-new">
<p class="lr-feed"><a href="../feed.xml" type="application/atom+xml">Follow the releases (Atom feed)</a></p>
<section class="lr-release" id="unreleased">
<h2>Unreleased changes</h2>
<p class="lr-release-date">Changes since version 1.2, up to <time datetime="2026-03-15">2026-03-15</time></p>
<ul class="lr-changes">
<li class="lr-change lr-changed"><a href="../chapters/01-intro/">Introduction</a> (changed)<br>Newly cited: <a href="../references/#ref-freeman1984">Freeman, 1984</a></li>
</ul>
</section>
<section class="lr-release" id="version-1.2">
<h2>Version 1.2</h2>
<p class="lr-release-date">Released <time datetime="2026-03-01">2026-03-01</time></p>
<p>Case studies replace the chapter on theory.</p>
<ul class="lr-changes">
<li class="lr-change lr-added"><a href="../chapters/03-cases/">Cases</a> (added)<br>Newly cited: <a href="../references/#ref-hodge2007">Hodge &amp; Greve, 2007</a>; <a href="../references/#ref-rasche2010">Rasche &amp; Kell, 2010</a></li>
<li class="lr-change lr-removed">Theory (removed)<br>No longer cited: Kania &amp; Kramer, 2011</li>
</ul>
</section>
<section class="lr-release" id="version-1.1">
<h2>Version 1.1</h2>
<p class="lr-release-date">Released <time datetime="2026-02-05">2026-02-05</time></p>
<p>A chapter on theory; the introduction revised.</p>
<ul class="lr-changes">
<li class="lr-change lr-changed"><a href="../chapters/01-intro/">Introduction</a> (changed)<br>Newly cited: <a href="../references/#ref-austin2000">Austin, 2000</a><br>No longer cited: Putnam, 2000</li>
<li class="lr-change lr-added">Theory (added)<br>Newly cited: Kania &amp; Kramer, 2011</li>
</ul>
</section>
<section class="lr-release" id="version-1.0">
<h2>Version 1.0</h2>
<p class="lr-release-date">Released <time datetime="2026-01-10">2026-01-10</time></p>
<p>The first version of the review.</p>
<ul class="lr-changes">
<li class="lr-change lr-added"><a href="../">A sample review</a> (added)</li>
<li class="lr-change lr-added"><a href="../chapters/01-intro/">Introduction</a> (added)<br>Newly cited: <a href="../references/#ref-bryson2006">Bryson et al., 2006</a>; Putnam, 2000</li>
<li class="lr-change lr-added"><a href="../references/">References</a> (added)</li>
<li class="lr-change lr-added"><a href="./">What&#x27;s new</a> (added)</li>
</ul>
</section>
</div>"""


def test_whats_new_lists_every_release_newest_first(tmp_path: Path, messages: _Collect) -> None:
    root = sample_review(tmp_path / "review")
    warnings, infos = _build(root, messages)
    assert (warnings, infos) == ([], [])
    html = _page(root, "whats-new")
    # The page's own text first, then the list; each release's pages in nav
    # order, a page no longer in the nav (Theory) after them.
    assert "<p>Every release of the review.</p>\n" + WHATS_NEW in html


def test_each_page_says_when_it_was_last_updated(tmp_path: Path, messages: _Collect) -> None:
    root = sample_review(tmp_path / "review")
    _build(root, messages)
    updated = {
        page: re.findall(r'<h1[^>]*>[^<]*</h1>\n(<p class="lr-updated">.*?</p>)', _page(root, page))
        for page in ("chapters/01-intro", "chapters/03-cases", "references")
    }
    assert updated == {
        "chapters/01-intro": [
            '<p class="lr-updated">Last updated <time datetime="2026-03-15">2026-03-15</time>'
            " (not yet in a release)</p>"
        ],
        "chapters/03-cases": [
            '<p class="lr-updated">Last updated <time datetime="2026-03-01">2026-03-01</time>'
            " (version 1.2)</p>"
        ],
        "references": [
            '<p class="lr-updated">Last updated <time datetime="2026-01-10">2026-01-10</time>'
            " (version 1.0)</p>"
        ],
    }


def test_the_date_goes_after_a_summary_under_the_title() -> None:
    from livingreview.site.whatsnew import under_title

    html = '<h1 id="a">A</h1>\n<p class="lr-summary">In short.</p>\n<p>Text</p>'
    assert under_title(html, "<p>DATE</p>") == (
        '<h1 id="a">A</h1>\n<p class="lr-summary">In short.</p>\n<p>DATE</p>\n<p>Text</p>'
    )
    assert under_title("<p>No title</p>", "<p>DATE</p>") == "<p>No title</p>"


def test_the_feed_has_an_entry_per_release(tmp_path: Path, messages: _Collect) -> None:
    root = sample_review(tmp_path / "review")
    _build(root, messages)
    feed = ElementTree.parse(root / "site" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://example.org/review/whats-new/#releases"
    assert feed.findtext(f"{ATOM}title") == "A sample review: releases"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"
    assert [a.findtext(f"{ATOM}name") for a in feed.findall(f"{ATOM}author")] == [
        "Ann Editor",
        "Sample contributors",
    ]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://example.org/review/feed.xml",
        "alternate": "https://example.org/review/whats-new/",
    }
    entries = [
        (
            entry.findtext(f"{ATOM}id"),
            entry.findtext(f"{ATOM}title"),
            entry.findtext(f"{ATOM}updated"),
            entry.findtext(f"{ATOM}summary"),
        )
        for entry in feed.findall(f"{ATOM}entry")
    ]
    assert entries == [
        (
            "https://example.org/review/whats-new/#version-1.2",
            "Version 1.2",
            "2026-03-01T00:00:00Z",
            "Case studies replace the chapter on theory.",
        ),
        (
            "https://example.org/review/whats-new/#version-1.1",
            "Version 1.1",
            "2026-02-05T00:00:00Z",
            "A chapter on theory; the introduction revised.",
        ),
        (
            "https://example.org/review/whats-new/#version-1.0",
            "Version 1.0",
            "2026-01-10T00:00:00Z",
            "The first version of the review.",
        ),
    ]


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        values = dict(attrs)
        name = values.get("name") or ""
        if tag == "meta" and self.in_head and name.startswith("citation_"):
            self.found.append((name, values.get("content") or ""))
        if tag == "link" and values.get("type") == "application/atom+xml" and self.in_head:
            self.found.append(("feed", values.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def _meta(html: str) -> list[tuple[str, str]]:
    parser = _Meta()
    parser.feed(html)
    return parser.found


def test_every_page_has_citation_meta_tags(tmp_path: Path, messages: _Collect) -> None:
    root = sample_review(tmp_path / "review")
    _build(root, messages)
    authors = [("citation_author", "Ann Editor"), ("citation_author", "Sample contributors")]
    assert _meta((root / "site" / "index.html").read_text(encoding="utf-8")) == [
        ("citation_title", "A sample review"),
        *authors,
        ("citation_publication_date", "2026/03/01"),
        ("citation_online_date", "2026/01/10"),
        ("citation_public_url", "https://example.org/review/"),
        ("feed", "feed.xml"),
    ]
    assert _meta(_page(root, "chapters/01-intro")) == [
        ("citation_title", "Introduction"),
        ("citation_inbook_title", "A sample review"),
        *authors,
        ("citation_publication_date", "2026/03/01"),
        ("citation_online_date", "2026/03/15"),
        ("citation_public_url", "https://example.org/review/chapters/01-intro/"),
        ("feed", "../../feed.xml"),
    ]


def test_without_git_the_build_says_so_once(tmp_path: Path, messages: _Collect) -> None:
    review = sample_review(tmp_path / "review")
    root = tmp_path / "tarball"
    shutil.copytree(review, root, ignore=shutil.ignore_patterns(".git"))
    warnings, infos = _build(root, messages)
    assert warnings == []
    assert infos == [
        "livingreview: no history of the review: the review is not in a git repository"
    ]
    html = _page(root, "whats-new")
    assert (
        '<p class="lr-no-history">No history is available for this copy of the review '
        "(the review is not in a git repository).</p>"
    ) in html
    assert "lr-updated" not in _page(root, "chapters/01-intro")
    # The citation's own date stands in for the release's.
    assert ("citation_publication_date", "2026/03/01") in _meta(_page(root, "chapters/01-intro"))
    feed = ElementTree.parse(root / "site" / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []


def test_a_missing_whats_new_page_is_a_warning(tmp_path: Path, messages: _Collect) -> None:
    root = sample_review(tmp_path / "review")
    commit(root, {"docs/whats-new.md": None}, "No What's new page", "2026-03-20")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - whats-new.md\n", "")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    warnings, _ = _build(root, messages)
    assert warnings == [
        "mkdocs.yml:13: the livingreview option 'whats_new_page' names 'whats-new.md', which "
        "is not a page of the site, so the list of releases is not added; create "
        "docs/whats-new.md or fix the option"
    ]


def test_the_build_reports_a_citation_cff_that_disagrees(
    tmp_path: Path, messages: _Collect
) -> None:
    root = sample_review(tmp_path / "review")
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    (root / "CITATION.cff").write_text(text.replace('"1.2"', '"1.1"'), encoding="utf-8")
    warnings, _ = _build(root, messages)
    assert warnings == [
        "CITATION.cff:9: version is '1.1' but the newest release in CHANGELOG.md is 1.2 "
        "(line 7), dated 2026-03-01; set 'version: \"1.2\"' (livingreview release writes "
        "both files)"
    ]
