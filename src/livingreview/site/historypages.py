"""The history on the site: the "What's new" page, its Atom feed, each page's
"Last updated" line and history, the ``citation_*`` meta tags of every page,
the "How to cite" block (and ``cite.bib``, ``cite.ris``), each chapter's
citation, "First cited in" in the bibliography, and the PDF.

The plugin calls these from its hooks; the history itself comes from
:func:`livingreview.history.changes.read_history`, once per build, and the
HTML from :mod:`livingreview.site.whatsnew` and
:mod:`livingreview.site.citeblock`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from livingreview.diagnostics import Diagnostic
from livingreview.history.changelog import (
    CITATION,
    check_records,
    read_citation,
)
from livingreview.history.changes import History, Release, read_history
from livingreview.history.citation import (
    ReviewCitation,
    authors,
    bibtex,
    review_citation,
    ris,
)
from livingreview.site.citeblock import (
    CITE_MARKER_RE,
    Downloads,
    chapter_cite,
    cite_block,
    with_chapter_cite,
)
from livingreview.site.library import Library
from livingreview.site.pdf import (
    PDF_NAME,
    PdfError,
    PrintedPage,
    print_document,
    require_playwright,
    stylesheets,
    write_pdf,
)
from livingreview.site.render import anchor, fragment
from livingreview.site.whatsnew import (
    WorkLink,
    atom_feed,
    citation_meta,
    first_cited,
    first_cited_html,
    into_head,
    page_history_html,
    under_title,
    updated_html,
    whats_new_html,
)
from livingreview.site.whatsnew import anchor as release_anchor

log = logging.getLogger("mkdocs.plugins.livingreview")
FEED = "feed.xml"
CITE_FILES = ("cite.bib", "cite.ris")


class HistoryPages:
    def __init__(self, report: Callable[[Diagnostic], None]) -> None:
        self.report = report
        self.history = History(missing="not read yet")
        self.citation: dict[str, Any] = {}
        self.whats_new = ""
        self.feed: File | None = None
        self.cite = ReviewCitation("")
        self.cite_files: list[File] = []
        self.pdf = False
        self.printed: dict[str, PrintedPage] = {}  # the pages' content, for the PDF
        self.numbers: dict[str, str] = {}  # chapter numbers, by page
        self.home_output = ""
        self.repo_url = ""

    def on_files(
        self,
        files: Files,
        config: MkDocsConfig,
        root: Path,
        whats_new: str | None,
        cache: Path | None,
        pdf: bool = False,
    ) -> None:
        """Read the history and the citation; add the feed beside What's new,
        and the citation's files."""
        self.history = read_history(root, Path(config.docs_dir), cache)
        if self.history.missing:
            log.info(f"livingreview: no history of the review: {self.history.missing}")
        for diagnostic in check_records(root):  # as livingreview check reports them
            self.report(diagnostic)
        cff = root / CITATION
        self.citation = read_citation(cff.read_text(encoding="utf-8")) if cff.is_file() else {}
        self.pdf, self.printed, self.numbers, self.home_output = pdf, {}, {}, ""
        if pdf:  # said before the build, not after it
            try:
                require_playwright()
            except PdfError as problem:
                raise PluginError(f"livingreview: {problem}") from None
        self.repo_url = config.repo_url or ""
        self.cite = review_citation(
            self.citation, self.history.latest, config.site_name, config.site_url or ""
        )
        self.cite_files = []
        for name, content in zip(CITE_FILES, (bibtex(self.cite), ris(self.cite)), strict=True):
            if files.get_file_from_path(name) is not None:  # the editor's own
                name = f"assets/livingreview/{name}"
            self.cite_files.append(File.generated(config, name, content=content))
            files.append(self.cite_files[-1])
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
        return [author.shown for author in authors(self.citation)] or (
            [config.site_author] if config.site_author else []
        )

    def _release_link(self, page: Page, files: Files) -> Callable[[Release], str]:
        """A release's section on What's new, relative to *page*."""
        target = files.get_file_from_path(self.whats_new) if self.whats_new else None

        def link(release: Release) -> str:
            if target is None:
                return ""
            return target.url_relative_to(page.file) + fragment(release_anchor(release))

        return link

    def first_cited_notes(self, page: Page, files: Files) -> dict[str, str]:
        """ "First cited in version X" for each work, by lower-case key, for
        the site's bibliography; none without a history."""
        if self.history.missing or not self.history.releases:
            return {}
        link = self._release_link(page, files)
        return {
            key: first_cited_html(version, self.history, link)
            for key, version in first_cited(self.history).items()
        }

    def _cite_html(self, html: str, page: Page, files: Files, number: str) -> str:
        if CITE_MARKER_RE.search(html):
            bib, ris_file = (file.url_relative_to(page.file) for file in self.cite_files)
            downloads = Downloads(bib, ris_file, self._pdf_href(page, files))
            block = cite_block(self.cite, downloads)
            html = CITE_MARKER_RE.sub(lambda _: block, html)
        if number:
            url = (self.cite.url.rstrip("/") + "/" + page.url) if self.cite.url else ""
            html = with_chapter_cite(html, chapter_cite(self.cite, str(page.title or ""), url))
        return html

    def _pdf_href(self, page: Page, files: Files) -> str:
        if not self.pdf:
            return ""
        home = files.get_file_from_path("index.md")
        relative = home.url_relative_to(page.file) if home else "./"
        return relative.rstrip("/") + "/" + PDF_NAME if relative != "./" else PDF_NAME

    def on_page_content(
        self,
        html: str,
        page: Page,
        files: Files,
        library: Library | None,
        bibliography: str,
        number: str = "",
        order: Sequence[str] = (),
    ) -> str:
        """The What's new list at the end of its page (its pages in *order*,
        the nav's); "Last updated" and the page's history under each H1; the
        citation blocks."""
        self.numbers[page.file.src_uri] = number
        html = self._cite_html(html, page, files, number)
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
            html += "\n" + whats_new_html(self.history, link, work, feed, order)
        logged = self.history.pages.get(page.file.src_uri)
        if logged is not None:
            shown = updated_html(logged, self.history.latest is not None)
            listed = page_history_html(
                logged, self.history, self._release_link(page, files), self.repo_url
            )
            html = under_title(html, shown + ("\n" + listed if listed else ""))
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
        if self.pdf and config.site_url:
            pdf_url = config.site_url.rstrip("/") + "/" + PDF_NAME
            tags += f'<meta name="citation_pdf_url" content="{escape(pdf_url)}">\n'
        if self.pdf:
            self.printed[page.file.src_uri] = PrintedPage(page.url, page.content or "")
            if page.is_homepage:
                self.home_output = output
        if self.feed is not None:
            href = self.feed.url_relative_to(page.file)
            tags += f'<link rel="alternate" type="application/atom+xml" href="{href}">\n'
        return into_head(output, tags)

    def on_post_build(self, config: MkDocsConfig, order: list[str], bibliography: str) -> None:
        """With ``pdf: true``, the review printed: a title page, the chapters
        (the numbered pages or, without any, every page but the home page and
        What's new) in nav order, then the bibliography."""
        if not self.pdf:
            return
        uris = [uri for uri in order if uri in self.printed]
        chapters = [uri for uri in uris if self.numbers.get(uri)] or [
            uri
            for uri in uris
            if uri not in (bibliography, self.whats_new) and self.printed[uri].url not in ("", ".")
        ]
        chosen = [uri for uri in chapters if uri != bibliography]
        if bibliography in self.printed:
            chosen.append(bibliography)
        cite = self.cite
        lines = [
            ", ".join(author.shown for author in authors(self.citation)),
            f"Version {cite.version}" if cite.version else "",
            f"Released {cite.date}" if cite.date else "",
            cite.url,
        ]
        document = print_document(
            cite.title,
            lines,
            [self.printed[uri] for uri in chosen],
            stylesheets(self.home_output),
            config.site_url or "",
        )
        footer = f"{cite.title}, version {cite.version}" if cite.version else cite.title
        try:
            target = write_pdf(Path(config.site_dir), document, footer)
        except PdfError as problem:
            raise PluginError(f"livingreview: {problem}") from None
        log.info(f"livingreview: the review printed to {target}")
