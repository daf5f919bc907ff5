"""The MkDocs plugin: thin glue between a site and the citation engine.

It loads the ``.bib`` once per build (and keeps it across ``mkdocs serve``
rebuilds while the file is unchanged), scans every page once so that labels
such as 2000a/2000b are the same site-wide, hands the Markdown extension the
page it is rendering, and turns every problem into an MkDocs warning (which
``mkdocs build --strict`` counts).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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
from livingreview.bibliography.loader import decode
from livingreview.bibliography.model import BibEntry, Bibliography
from livingreview.bibliography.provenance import missing_provenance
from livingreview.bibliography.source import entry_sources
from livingreview.cache.scans import ScanCache
from livingreview.cache.store import load_sources
from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.frontmatter import front_matter_problems
from livingreview.markdown.pages import Page as PageSource
from livingreview.markdown.pages import split_front_matter
from livingreview.site.evidence import Chapter, evidence_sections
from livingreview.site.extension import (
    DEFERRED_RE,
    CitationExtension,
    PageContext,
    Section,
    SiteBibliography,
)
from livingreview.site.historypages import HistoryPages
from livingreview.site.library import Library
from livingreview.site.options import missing_pages
from livingreview.site.printing import print_header
from livingreview.site.render import Backlink, citation_anchor, fragment
from livingreview.site.searchcopy import WORD_BREAK, SearchCopy, search_copy
from livingreview.styles.richtext import escape

log = logging.getLogger("mkdocs.plugins.livingreview")

# Parsed bibliographies by the absolute path of the site, with each file's
# path and a hash of its bytes: module-level so that they outlive the plugin
# instance across `mkdocs serve` rebuilds (each of which makes a new one).
_BIBLIOGRAPHY_CACHE: dict[str, tuple[tuple[tuple[str, str], ...], Bibliography]] = {}
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


def _load_cached(root: Path, displays: list[str], cache_dir: Path | None) -> Bibliography:
    """The site's bibliography, reused while its files are unchanged."""
    for display in displays:
        if not (root / display).is_file():
            raise PluginError(
                f"livingreview: bibliography file '{display}' not found; set the "
                "'bibliography' option of the livingreview plugin in mkdocs.yml "
                "to the path of your .bib file, relative to mkdocs.yml"
            )
    # By content, not modification time: an edit saved within the same tick
    # of the file system's clock, keeping the size (a key's letter corrected
    # under `mkdocs serve`), must not be served the old parse.
    signature = tuple(
        (display, hashlib.blake2b((root / display).read_bytes(), digest_size=16).hexdigest())
        for display in displays
    )
    cached = _BIBLIOGRAPHY_CACHE.get(str(root))
    if cached is not None and cached[0] == signature:
        return cached[1]
    bibliography = load_sources(root, displays, cache_dir)
    _BIBLIOGRAPHY_CACHE[str(root)] = (signature, bibliography)
    return bibliography


def _front_matter_lines(source: str, markdown: str) -> int:
    """How many lines MkDocs stripped from the top of the page's file."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


# What Material's search plugin strips from page.content once it has indexed it.
_SEARCH_ATTRIBUTE_RE = re.compile(r'\s?data-search-\w+="[^"]+"')
_CHAPTER_NUMBER_RE = re.compile(r"^(\d+)[-_ ]")
_HEADING_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
# Where the editor wants the list of chapters: an HTML comment on a line of
# its own, which Python-Markdown passes through unchanged (and which shows
# nothing where the plugin does not run).
CHAPTERS_MARKER = "<!-- livingreview: chapters -->"
_CHAPTERS_MARKER_RE = re.compile(r"^<!--[ \t]*livingreview:[ \t]*chapters[ \t]*-->$", re.MULTILINE)


@dataclass
class _ScannedPage:
    """What the pre-scan learnt of a page: its label and what it cites."""

    number: str
    title: str
    counts: Counter[str]
    # The body MkDocs will hand on_page_markdown (its hash) and the lines of
    # front matter above it, so that the file need not be read again.
    body_hash: int = 0
    line_offset: int = 0
    summary: str = ""  # of the front matter, for the generated list of chapters


def _scanned(file: File, page: PageSource, scans: ScanCache) -> _ScannedPage:
    match = _CHAPTER_NUMBER_RE.match(Path(file.src_uri).name)
    number = str(int(match.group(1))) if match else ""
    title = page.meta.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _HEADING_RE.search(page.body)
        title = heading.group(1) if heading else Path(file.src_uri).stem.replace("-", " ")
    counts = Counter(key.lower() for key in scans.keys(page.body))
    summary = page.meta.get("summary")
    summary = summary.strip() if isinstance(summary, str) else ""
    return _ScannedPage(number, title.strip(), counts, hash(page.body), page.line_offset, summary)


def _bibtex_sources(
    raws: list[tuple[str, bytes]],
    cited: set[str],
    bibliography: Bibliography,
    store: WorkCache | None,
) -> dict[str, str]:
    """The BibTeX source of each cited entry, by lower-case key: from the
    store, or cut from the files (decoded as the loader decodes them)."""
    keys = {key.lower() for key in cited if key in bibliography}
    sources = {key: store.bibtex(key) for key in keys} if store is not None else {}
    found = {key: source for key, source in sources.items() if source is not None}
    if len(found) == len(keys):
        return found
    every: dict[str, str] = {}
    for display, raw in raws:
        for key, source in entry_sources(decode(raw, display)[0]).items():
            every.setdefault(key, source)
    for key in keys:
        if key in every:
            found[key] = every[key]
            if store is not None:
                store.add_bibtex(key, every[key])
    return found


class LivingReviewPlugin(BasePlugin[LivingReviewConfig]):
    def __init__(self) -> None:
        self.extension: CitationExtension | None = None
        self.library: Library | None = None
        self.root = Path.cwd()
        self.pages: dict[str, _ScannedPage] = {}
        self.scans: ScanCache | None = None  # this build's scans, by page text
        self.order: list[str] = []
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
        self.extension = CitationExtension(heading=self.config.heading, report=self._report)
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
        self.library = Library(bibliography, store)
        self.extension.library = self.library
        self.pages = {}
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
            self.pages[file.src_uri] = _scanned(file, page, scans)
        scans.save()
        self._check_page_options(config)
        # In page order, so that nothing downstream sees a hash-seeded order.
        cited = list(dict.fromkeys(key for page in self.pages.values() for key in page.counts))
        self.library.prepare(cited)
        for name in (STYLESHEET, SCRIPT):
            asset = (ASSETS / Path(name).name).read_text(encoding="utf-8")
            files.append(File.generated(config, name, content=asset))
        self.bibtex, self.downloads = {}, []
        if self.config.bibliography_page:
            raws = [(display, (self.root / display).read_bytes()) for display in displays]
            self.bibtex = _bibtex_sources(raws, set(cited), bibliography, store)
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
        for diagnostic in missing_pages(config_file, config.docs_dir, self.config, self.pages):
            self._report(diagnostic)

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        in_nav = [page.file.src_uri for page in nav.pages]
        self.order = in_nav + sorted(uri for uri in self.pages if uri not in in_nav)
        # A chapter's number is its place among the numbered chapters of the
        # nav, not its file's prefix: `new --after` puts a chapter between two
        # others without renaming files (and so without changing their URLs).
        position = 0
        for uri in in_nav:
            scanned = self.pages.get(uri)
            if scanned is not None and scanned.number:
                position += 1
                scanned.number = str(position)
        return nav

    def _backlinks(self, page: Page, files: Files) -> dict[str, list[Backlink]]:
        cited_in: dict[str, list[Backlink]] = {}
        anchors: dict[str, str] = {}  # by lower-case key: #cite-KEY, worked out once
        for uri in self.order or sorted(self.pages):
            scanned = self.pages.get(uri)
            target = files.get_file_from_path(uri)
            if scanned is None or target is None or uri == page.file.src_uri:
                continue
            label = f"{scanned.number} {scanned.title}" if scanned.number else scanned.title
            base = target.url_relative_to(page.file)
            for key in scanned.counts:
                anchor = anchors.get(key)
                if anchor is None:
                    entry = self._entry(key)
                    if entry is None:
                        continue
                    anchor = anchors[key] = fragment(citation_anchor(entry.key))
                cited_in.setdefault(key, []).append(Backlink(label, base + anchor))
        return cited_in

    def _entry(self, lowered: str) -> BibEntry | None:
        return self.library.bibliography.get(lowered) if self.library else None

    def _evidence_map(self, page: Page, files: Files) -> list[Section]:
        if self.library is None:
            return []
        chapters: list[Chapter] = []
        for uri in self.order or sorted(self.pages):
            scanned = self.pages.get(uri)
            target = files.get_file_from_path(uri)
            if scanned is None or target is None or not scanned.counts:
                continue
            counts = Counter(
                {key: n for key, n in scanned.counts.items() if self._entry(key) is not None}
            )
            if counts:
                href = target.url_relative_to(page.file)
                chapters.append(Chapter(scanned.number, scanned.title, href, counts))
        # Every page that cites (the About page too), as "Cited in" lists them.
        reference_page = files.get_file_from_path(self.config.bibliography_page or "")
        reference_href = reference_page.url_relative_to(page.file) if reference_page else ""
        return evidence_sections(chapters, self.library.works(), reference_href)

    def _chapter_list(self, page: Page, files: Files) -> str:
        """The site's chapters (its numbered pages or, without any, every other
        page) in nav order: number, linked title and summary."""
        pages = [(uri, self.pages[uri]) for uri in self.order or self.pages if uri in self.pages]
        chosen = [item for item in pages if item[1].number] or [
            item for item in pages if item[0] != page.file.src_uri
        ]
        items: list[str] = []
        for uri, scanned in chosen:
            target = files.get_file_from_path(uri)
            if target is None:
                continue
            value = f' value="{scanned.number}"' if scanned.number else ""
            href = escape(target.url_relative_to(page.file))
            summary = f": {escape(scanned.summary)}" if scanned.summary else ""
            items.append(f'<li{value}><a href="{href}">{escape(scanned.title)}</a>{summary}</li>')
        return '<ol class="lr-chapters">\n' + "\n".join(items) + "\n</ol>"

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.extension is None:
            return markdown
        scanned = self.pages.get(page.file.src_uri)
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
        summary = page.meta.get("summary")
        if isinstance(summary, str) and summary.strip():
            context.summary = summary.strip()
            # Material writes page.meta.description into an attribute as it
            # is, without escaping: a quote in the summary would end it.
            page.meta.setdefault("description", escape(context.summary))
        if page.file.src_uri == self.config.bibliography_page:
            context.site_bibliography = SiteBibliography(
                cited_in=self._backlinks(page, files),
                bibtex=self.bibtex,
                downloads=[file.url_relative_to(page.file) for file in self.downloads],
                notes=self.history.first_cited_notes(page, files),
                provenance_field=self.config.provenance_field or "",
            )
        if page.file.src_uri == self.config.evidence_map_page:
            context.appendix = self._evidence_map(page, files)
        self.extension.page = context
        return markdown

    def _print_header(self, page: Page, config: MkDocsConfig) -> str:
        scanned = self.pages.get(page.file.src_uri)
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
        scanned = self.pages.get(page.file.src_uri)
        html = self.history.on_page_content(
            html,
            page,
            files,
            self.library,
            self.config.bibliography_page or "",
            scanned.number if scanned else "",
        )
        html += "\n" + self._print_header(page, config)  # printed above the title
        if self.extension.page.deferred:
            self.deferred[page.file.src_uri] = self.extension.page.deferred
        self.extension.page = PageContext()
        if _CHAPTERS_MARKER_RE.search(html):
            chapters = self._chapter_list(page, files)
            html = _CHAPTERS_MARKER_RE.sub(lambda _: chapters, html)
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
        if self.library is not None:
            self.library.save()
            self.history.on_post_build(config, self.order, self.config.bibliography_page or "")

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
