"""The history on the site: the "What's new" page, its Atom feed, each page's
"Last updated" line and the ``citation_*`` meta tags of every page.

The plugin calls these from four of its hooks; the history itself comes from
:func:`livingreview.history.changes.read_history`, once per build, and the
HTML from :mod:`livingreview.site.whatsnew`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from livingreview.diagnostics import Diagnostic
from livingreview.history.changelog import (
    CITATION,
    check_records,
    citation_authors,
    read_citation,
)
from livingreview.history.changes import History, read_history
from livingreview.site.library import Library
from livingreview.site.render import anchor, fragment
from livingreview.site.whatsnew import (
    WorkLink,
    atom_feed,
    citation_meta,
    into_head,
    under_title,
    updated_html,
    whats_new_html,
)

log = logging.getLogger("mkdocs.plugins.livingreview")
FEED = "feed.xml"


class HistoryPages:
    def __init__(self, report: Callable[[Diagnostic], None]) -> None:
        self.report = report
        self.history = History(missing="not read yet")
        self.citation: dict[str, Any] = {}
        self.whats_new = ""
        self.feed: File | None = None

    def on_files(
        self,
        files: Files,
        config: MkDocsConfig,
        root: Path,
        whats_new: str | None,
        cache: Path | None,
    ) -> None:
        """Read the history and the citation; add the feed beside What's new."""
        self.history = read_history(root, Path(config.docs_dir), cache)
        if self.history.missing:
            log.info(f"livingreview: no history of the review: {self.history.missing}")
        for diagnostic in check_records(root):  # as livingreview check reports them
            self.report(diagnostic)
        cff = root / CITATION
        self.citation = read_citation(cff.read_text(encoding="utf-8")) if cff.is_file() else {}
        self.whats_new, self.feed = whats_new or "", None
        if not whats_new:
            return
        page = files.get_file_from_path(whats_new)
        if page is None:  # reported with the other page options (site/options.py)
            self.whats_new = ""
            return
        name = (PurePosixPath(whats_new).parent / FEED).as_posix()
        self.feed = File.generated(config, name, content="")  # filled in below
        base = config.site_url or ""
        page_url = base + page.url if base else page.url_relative_to(self.feed)
        feed_url = base + self.feed.url if base else FEED
        self.feed.content_string = atom_feed(
            self.history, self._title(config), self._authors(config), page_url, feed_url, base
        )
        files.append(self.feed)

    def _title(self, config: MkDocsConfig) -> str:
        title = self.citation.get("title")
        return str(title) if title else config.site_name

    def _authors(self, config: MkDocsConfig) -> list[str]:
        return citation_authors(self.citation) or (
            [config.site_author] if config.site_author else []
        )

    def on_page_content(
        self, html: str, page: Page, files: Files, library: Library | None, bibliography: str
    ) -> str:
        """The What's new list at the end of its page; "Last updated" under each H1."""
        if self.whats_new and page.file.src_uri == self.whats_new:
            references = files.get_file_from_path(bibliography) if bibliography else None
            cited = {work.key.lower() for work in library.works()} if library else set()

            def link(uri: str) -> str:
                target = files.get_file_from_path(uri)
                return target.url_relative_to(page.file) if target else ""

            def work(key: str) -> WorkLink:
                found = library.work(key) if library is not None else None
                if found is None:
                    return WorkLink(key)
                label = f"{found.in_text_names(narrative=False)}, {found.year_text}"
                if references is None or key not in cited:
                    return WorkLink(label)
                href = references.url_relative_to(page.file) + fragment(anchor(found.key))
                return WorkLink(label, href)

            feed = self.feed.url_relative_to(page.file) if self.feed else ""
            html += "\n" + whats_new_html(self.history, link, work, feed)
        logged = self.history.pages.get(page.file.src_uri)
        if logged is not None:
            html = under_title(html, updated_html(logged, self.history.latest is not None))
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """``citation_*`` meta tags (and the feed's link) in the page's head."""
        review = self._title(config)
        title = review if page.is_homepage or not page.title else str(page.title)
        latest = self.history.latest
        published = latest.date if latest else str(self.citation.get("date-released") or "")
        logged = self.history.pages.get(page.file.src_uri)
        online = logged.updated if logged else published
        url = (config.site_url or "") + page.url if config.site_url else ""
        tags = citation_meta(title, self._authors(config), published, online, url, review)
        if self.feed is not None:
            href = self.feed.url_relative_to(page.file)
            tags += f'<link rel="alternate" type="application/atom+xml" href="{href}">\n'
        return into_head(output, tags)
