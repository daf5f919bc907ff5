"""The MkDocs plugin: thin glue between a site and the citation engine.

It loads the ``.bib`` once per build (and keeps it across ``mkdocs serve``
rebuilds while the file is unchanged), scans every page once so that labels
such as 2000a/2000b are the same site-wide, hands the Markdown extension the
page it is rendering, and turns every problem into an MkDocs warning (which
``mkdocs build --strict`` counts).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from livingreview.bibliography.files import bibliography_files
from livingreview.bibliography.model import Bibliography
from livingreview.bibliography.provenance import missing_provenance
from livingreview.cache.scans import ScanCache
from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.frontmatter import front_matter_problems
from livingreview.markdown.pages import split_front_matter
from livingreview.site.extension import (
    CHAPTERS_MARKER,  # noqa: F401 (where editors and tests have found it)
    DEFERRED_RE,
    CitationExtension,
    PageContext,
    SiteBibliography,
)
from livingreview.site.historypages import HistoryPages
from livingreview.site.library import Library, StyleError, make_style
from livingreview.site.options import missing_pages
from livingreview.site.printing import print_header
from livingreview.site.searchcopy import WORD_BREAK, SearchCopy, search_copy
from livingreview.site.sitewide import (
    _BIBLIOGRAPHY_CACHE,  # noqa: F401 (the tests empty it, as a new process would)
    Href,
    SiteWide,
    bibtex_sources,
    load_cached,
    scanned_page,
)
from livingreview.styles.richtext import escape

log = logging.getLogger("mkdocs.plugins.livingreview")

ASSETS = Path(__file__).resolve().parent.parent / "assets"  # livingreview/assets
STYLESHEET = "assets/livingreview/livingreview.css"
SCRIPT = "assets/livingreview/livingreview.js"


class LivingReviewConfig(Config):
    enabled = c.Type(bool, default=True)
    """Whether citations are processed at all."""
    bibliography = c.Type((str, list), default="references.bib")
    """The ``.bib`` file, or a list of them, relative to ``mkdocs.yml``."""
    bibliography_page = c.Optional(c.Type(str))
    """A page (relative to ``docs/``) that lists every work the site cites."""
    evidence_map_page = c.Optional(c.Type(str))
    """A page (relative to ``docs/``) to which the evidence map is added."""
    heading = c.Type(str, default="References")
    """The heading of the reference list added to each page that cites."""
    cache = c.Type(bool, default=True)
    """Whether to keep the parsed ``.bib`` on disk between builds."""
    cache_dir = c.Type(str, default=".cache/livingreview")
    """Where that cache lives, relative to ``mkdocs.yml``."""
    front_matter_keys = c.ListOfItems(c.Type(str), default=[])
    """Front matter keys that the site's other plugins read (besides MkDocs',
    Material's and livingreview's): not reported as unknown."""
    whats_new_page = c.Optional(c.Type(str))
    """A page (relative to ``docs/``) to which the list of releases is added."""
    pdf = c.Type(bool, default=False)
    """Whether to print the whole review to ``review.pdf`` after the build."""
    provenance_field = c.Optional(c.Type(str))
    """A field every entry must have, saying where its fields were checked
    (such as ``verified``); shown under each entry of the bibliography page."""
    style = c.Type(str, default="apa")
    """The citation style: ``apa`` (livingreview's own APA 7, the default)."""
    csl = c.Optional(c.Type(str))
    """Any CSL style instead: a style id (``chicago-author-date``) or the path
    of a ``.csl`` file, relative to ``mkdocs.yml``; rendered by Pandoc."""
    locale = c.Optional(c.Type(str))
    """The CSL locale (``en-GB``, ``fr-FR``); the style's own by default."""
    pandoc = c.Optional(c.Type(str))
    """The Pandoc to render a CSL style with (found on PATH by default)."""


def _load_cached(root: Path, displays: list[str], cache_dir: Path | None) -> Bibliography:
    """The site's bibliography, reused while its files are unchanged."""
    for display in displays:
        if not (root / display).is_file():
            raise PluginError(
                f"livingreview: bibliography file '{display}' not found; set the "
                "'bibliography' option of the livingreview plugin in mkdocs.yml "
                "to the path of your .bib file, relative to mkdocs.yml"
            )
    return load_cached(root, displays, cache_dir)


def _front_matter_lines(source: str, markdown: str) -> int:
    """How many lines MkDocs stripped from the top of the page's file."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


# What Material's search plugin strips from page.content once it has indexed it.
_SEARCH_ATTRIBUTE_RE = re.compile(r'\s?data-search-\w+="[^"]+"')


class LivingReviewPlugin(BasePlugin[LivingReviewConfig]):
    def __init__(self) -> None:
        self.extension: CitationExtension | None = None
        self.library: Library | None = None
        self.root = Path.cwd()
        self.site = SiteWide()  # every page as scanned, in nav order
        self.scans: ScanCache | None = None  # this build's scans, by page text
        self.bibtex: dict[str, str] = {}
        self.downloads: list[File] = []  # the .bib files offered to readers
        self.deferred: dict[str, list[Callable[[], str]]] = {}  # HTML for on_post_page
        self.indexing: dict[str, SearchCopy] = {}  # pages handed to search indexing
        self.history = HistoryPages(self._report)  # releases, page dates, meta tags

    def _display_path(self, file: File) -> str:
        """The file's path as an editor reads it: relative to mkdocs.yml."""
        if file.abs_src_path:
            return Path(os.path.relpath(file.abs_src_path, self.root)).as_posix()
        return f"docs/{file.src_uri}"

    def _report(self, diagnostic: Diagnostic) -> None:
        log.warning(str(diagnostic))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.extension = CitationExtension(
            heading=self.config.heading, report=self._report, hosted=True
        )
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_serve(
        self,
        server: LiveReloadServer,
        /,
        *,
        config: MkDocsConfig,
        builder: Callable[..., Any],
    ) -> LiveReloadServer | None:
        """``mkdocs serve`` rebuilds when a ``.bib`` file changes, as when a page does."""
        if self.extension is None:
            return server
        try:
            displays = bibliography_files(self.config.bibliography)
        except ValueError:
            return server  # the build has said so
        for display in displays:
            path = self.root / display
            if path.exists():  # else the first build has failed and said so
                server.watch(str(path))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.extension is None:
            return files
        try:
            displays = bibliography_files(self.config.bibliography)
        except ValueError as problem:
            raise PluginError(f"livingreview: {problem}") from None
        cache_dir = self.root / self.config.cache_dir if self.config.cache else None
        bibliography = _load_cached(self.root, displays, cache_dir)
        for diagnostic in bibliography.diagnostics + missing_provenance(
            bibliography, self.config.provenance_field or ""
        ):
            self._report(diagnostic)
        store = WorkCache.open(cache_dir, bibliography)
        try:
            style = make_style(
                style=self.config.style,
                csl=self.config.csl or "",
                locale=self.config.locale or "",
                pandoc=self.config.pandoc or "",
                base=self.root,
                bibliography=bibliography,
                store=store,
                cache_dir=cache_dir,
                config_path=Path(config.config_file_path or "mkdocs.yml").name,
                option="option of the livingreview plugin in mkdocs.yml",
            )
        except StyleError as problem:
            raise PluginError(str(problem)) from None
        self.library = Library(bibliography, store, style)
        self.extension.library = self.library
        self.site = SiteWide(library=self.library)
        scans = self.scans = ScanCache(cache_dir)
        for file in files.documentation_pages():
            try:
                source = file.content_string
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs itself reports unreadable pages
            display = self._display_path(file)
            page = split_front_matter(source, display)
            for diagnostic in page.diagnostics + front_matter_problems(
                source, page, display, self.config.front_matter_keys
            ):
                self._report(diagnostic)
            self.site.pages[file.src_uri] = scanned_page(file.src_uri, page, scans)
        scans.save()
        self._check_page_options(config)
        cited = self.site.cited()
        self.library.prepare(cited, self.site.citations, self.site.pages_digest)
        for name in (STYLESHEET, SCRIPT):
            asset = (ASSETS / Path(name).name).read_text(encoding="utf-8")
            files.append(File.generated(config, name, content=asset))
        self.bibtex, self.downloads = {}, []
        if self.config.bibliography_page:
            raws = [(display, (self.root / display).read_bytes()) for display in displays]
            self.bibtex = bibtex_sources(raws, set(cited), bibliography, store)
            for display, raw in raws:
                name = Path(display).name
                if files.get_file_from_path(name) is not None:
                    name = f"assets/livingreview/{name}"
                download = File.generated(config, name, content=raw)
                self.downloads.append(download)
                files.append(download)
        self.history.on_files(
            files, config, self.root, self.config.whats_new_page, cache_dir, self.config.pdf
        )
        return files

    def _check_page_options(self, config: MkDocsConfig) -> None:
        config_file = Path(config.config_file_path or "mkdocs.yml")
        for diagnostic in missing_pages(config_file, config.docs_dir, self.config, self.site.pages):
            self._report(diagnostic)

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        self.site.follow_nav(page.file.src_uri for page in nav.pages)
        return nav

    def _href(self, page: Page, files: Files) -> Href:
        """Links from *page* to the site's other files, by src_uri."""

        def href(uri: str) -> str | None:
            target = files.get_file_from_path(uri)
            return target.url_relative_to(page.file) if target is not None else None

        return href

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.extension is None:
            return markdown
        scanned = self.site.pages.get(page.file.src_uri)
        if scanned is not None and scanned.body_hash == hash(markdown):
            line_offset = scanned.line_offset
        else:  # another plugin changed the page first: count again
            try:
                source = page.file.content_string
            except (OSError, UnicodeDecodeError):
                source = markdown
            line_offset = _front_matter_lines(source, markdown)
        context = PageContext(
            path=self._display_path(page.file), line_offset=line_offset, defer_html=True
        )
        if self.scans is not None:
            context.scan = self.scans.scan
            context.mistakes = self.scans.mistakes
        summary = page.meta.get("summary")
        if isinstance(summary, str) and summary.strip():
            context.summary = summary.strip()
            # Material writes page.meta.description into an attribute as it
            # is, without escaping: a quote in the summary would end it.
            page.meta.setdefault("description", escape(context.summary))
        href = self._href(page, files)
        if page.file.src_uri == self.config.bibliography_page:
            context.site_bibliography = SiteBibliography(
                cited_in=self.site.backlinks(page.file.src_uri, href),
                bibtex=self.bibtex,
                downloads=[file.url_relative_to(page.file) for file in self.downloads],
                notes=self.history.first_cited_notes(page, files),
                provenance_field=self.config.provenance_field or "",
            )
        if page.file.src_uri == self.config.evidence_map_page:
            context.appendix = self.site.evidence_map(href, self.config.bibliography_page or "")
        # The chapters marker is replaced by the extension, as without the plugin.
        uri = page.file.src_uri
        context.chapters = lambda: self.site.chapter_list(uri, href)
        self.extension.page = context
        return markdown

    def _print_header(self, page: Page, config: MkDocsConfig) -> str:
        scanned = self.site.pages.get(page.file.src_uri)
        logged = self.history.history.pages.get(page.file.src_uri)
        latest = self.history.history.latest
        dated = f"Updated {logged.updated}" if logged else ""
        dated = dated or (f"Version {latest.version}, {latest.date}" if latest else "")
        dated = dated or f"Built {date.today().isoformat()}"
        url = config.site_url + page.url if config.site_url else ""
        return print_header(config.site_name, scanned.number if scanned else "", url, dated)

    @event_priority(-100)  # last: every other plugin has seen the full HTML
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.extension is None:
            return html
        scanned = self.site.pages.get(page.file.src_uri)
        html = self.history.on_page_content(
            html,
            page,
            files,
            self.library,
            self.config.bibliography_page or "",
            scanned.number if scanned else "",
            self.site.order,
        )
        html += "\n" + self._print_header(page, config)  # printed above the title
        if self.extension.page.deferred:
            self.deferred[page.file.src_uri] = self.extension.page.deferred
        self.extension.page = PageContext()
        # Search plugins index page.content in on_page_context and parse every
        # tag to do it; they are handed the citations' text without their
        # tags, and the full HTML comes back once they are done (below).
        copy = search_copy(html)
        if copy is None:
            return html
        self.indexing[page.file.src_uri] = copy
        return copy.html

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        copy = self.indexing.pop(page.file.src_uri, None)
        if copy is None:
            return context
        if page.content == copy.html:
            page.content = copy.restore()
        elif page.content == _SEARCH_ATTRIBUTE_RE.sub("", copy.html):
            page.content = _SEARCH_ATTRIBUTE_RE.sub("", copy.restore())  # as search does
        else:
            page.content = (page.content or "").replace(WORD_BREAK, "")
            log.warning(
                f"{self._display_path(page.file)}: another plugin changed the page's HTML "
                "in on_page_context; its citations are shown as text, without links. "
                "Report it to livingreview's maintainers with the list of your plugins"
            )
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.scans is not None:
            self.scans.save()  # with the citing mistakes the pages' render looked for
        if self.library is not None:
            self.library.save()
            self.history.on_post_build(config, self.site.order, self.config.bibliography_page or "")

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # A page's reference list (and the bibliography's BibTeX blocks) join
        # it only now, after the search plugin has indexed page.content:
        # searching for an author finds the site's bibliography and the
        # citations, not every chapter's list, and the pages MkDocs keeps in
        # memory for the whole build stay small.
        if self.extension is not None:
            output = self.history.on_post_page(output, page, config)
        fragments = self.deferred.pop(page.file.src_uri, None)
        if not fragments:
            return output

        def fill(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return fragments[index]() if index < len(fragments) else match.group(0)

        return DEFERRED_RE.sub(fill, output)
