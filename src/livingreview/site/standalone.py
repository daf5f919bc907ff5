"""The whole site as the Markdown extension sees it on its own.

Under a host that runs Markdown extensions but not MkDocs plugins (Zensical),
the extension is handed one page's body at a time, without its front matter
or its path. So it reads the docs folder itself, once per build process:
every page is scanned (through :class:`~livingreview.cache.scans.ScanCache`,
by content), the nav order comes from the configuration file's ``nav:``, and
the page being rendered is found by its body among the files. The site-wide
features are then the MkDocs plugin's own (:mod:`livingreview.site.sitewide`).

What is read is kept for the process and read again when a page, the
configuration or a ``.bib`` file changes (by size and modification time,
and whenever the page being rendered is not among the files as read), so
that a ``zensical serve`` rebuild renders the site as it now is.
"""

from __future__ import annotations

import os
import posixpath
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from livingreview.bibliography.files import MissingBibliography
from livingreview.bibliography.model import Bibliography
from livingreview.bibliography.provenance import missing_provenance
from livingreview.cache.scans import ScanCache, text_digest
from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.frontmatter import front_matter_problems
from livingreview.markdown.pages import split_front_matter
from livingreview.site.extension import PageContext, SiteBibliography
from livingreview.site.library import Library, make_style
from livingreview.site.options import missing_pages
from livingreview.site.sitewide import (
    Href,
    SiteWide,
    bibtex_sources,
    load_cached,
    scanned_page,
)


@dataclass(frozen=True)
class Options:
    """The extension's options that concern the whole site."""

    config_file: str  # mkdocs.yml (or zensical.toml), relative to the working directory
    bibliography: tuple[str, ...]
    bibliography_page: str = ""
    evidence_map_page: str = ""
    cache_dir: str = ""  # "" keeps nothing on disk
    front_matter_keys: tuple[str, ...] = ()
    provenance_field: str = ""  # a field every entry must have, shown under each
    style: str = "apa"
    csl: str = ""  # a CSL style's id or path (relative to the config file)
    locale: str = ""
    pandoc: str = ""


@dataclass
class SourcePage:
    """A page's file, as the extension found it."""

    uri: str  # relative to the docs folder
    display: str  # as messages show it: relative to the working directory
    source: str
    body: str
    line_offset: int
    summary: str
    diagnostics: list[Diagnostic] = field(default_factory=list)  # of its front matter


class _TagIgnoringLoader(yaml.SafeLoader):
    """YAML's safe loader, reading ``!ENV``, ``!relative`` and
    ``!!python/name:`` values as nothing instead of refusing the file."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TagIgnoringLoader.add_multi_constructor("!", _ignore_tag)
_TagIgnoringLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def toml_loads(text: str) -> Any:
    """*text* (TOML) as Python values; tomllib, or tomli before Python 3.11."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover (Python 3.10: tomli, a dependency there)
        import tomli as tomllib
    return tomllib.loads(text)


# What reading a configuration file can raise (ValueError: TOML's errors).
CONFIG_ERRORS = (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, ImportError)


def parse_config(path: Path) -> dict[str, Any]:
    """The settings of ``mkdocs.yml`` (tags ignored) or ``zensical.toml``
    (its ``[project]`` table); raises one of :data:`CONFIG_ERRORS`."""
    if path.suffix == ".toml":
        data = toml_loads(path.read_text(encoding="utf-8"))
        data = data.get("project", data)
    else:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TagIgnoringLoader)
    return data if isinstance(data, dict) else {}


def read_config(path: Path) -> dict[str, Any]:
    """:func:`parse_config`, or empty when the file cannot be read."""
    try:
        return parse_config(path)
    except CONFIG_ERRORS:
        return {}


def nav_pages(nav: object) -> Iterator[str]:
    """The page paths of a ``nav:`` setting, in order."""
    if isinstance(nav, str):
        if "://" not in nav and nav.endswith((".md", ".markdown")):
            yield posixpath.normpath(nav.strip())
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def _page_files(docs: Path) -> list[str]:
    """The Markdown files under *docs* in MkDocs' order: each folder's
    ``index`` (or ``README``) first, then its files, then its folders."""
    found: list[str] = []
    for folder, folders, files in os.walk(docs, followlinks=True):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        relative = Path(folder).relative_to(docs)
        names = sorted(
            (name for name in files if name.endswith((".md", ".markdown"))),
            key=lambda name: (os.path.splitext(name)[0] not in ("index", "README"), name),
        )
        found.extend((relative / name).as_posix() for name in names if not name.startswith("."))
    return found


def _signature(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    stamps: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            stamps.append((str(path), -1, -1))
        else:
            stamps.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(stamps)


class StandaloneSite:
    """Every page of the site read from its docs folder, for the extension."""

    def __init__(self, options: Options, root: Path, scans: ScanCache) -> None:
        self.options = options
        self.root = root
        self.scans = scans
        config_path = root / options.config_file
        config = read_config(config_path)
        docs_dir = config.get("docs_dir")
        docs_dir = docs_dir if isinstance(docs_dir, str) and docs_dir else "docs"
        self.docs = (config_path.parent / docs_dir).resolve()
        self.sources: dict[str, SourcePage] = {}
        self.by_body: dict[str, str] = {}  # text digest of a body (and stripped) → uri
        self.site = SiteWide()
        self.diagnostics: list[Diagnostic] = []  # of the whole site, reported once
        uris = self.uris = _page_files(self.docs)
        self.watched = [config_path, *(root / bib for bib in options.bibliography)]
        self.watched += [self.docs / uri for uri in uris]
        self.signature = _signature(self.watched)
        for uri in uris:
            try:
                source = (self.docs / uri).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # the host reports unreadable pages
            display = Path(os.path.relpath(self.docs / uri, root)).as_posix()
            page = split_front_matter(source, display)
            scanned = scanned_page(uri, page, scans)
            problems = page.diagnostics + front_matter_problems(
                source, page, display, options.front_matter_keys
            )
            self.site.pages[uri] = scanned
            self.sources[uri] = SourcePage(
                uri, display, source, page.body, page.line_offset, scanned.summary, problems
            )
            for text in (page.body, page.body.strip()):
                self.by_body.setdefault(text_digest(text), uri)
        scans.save()
        nav = [uri for uri in nav_pages(config.get("nav")) if uri in self.site.pages]
        self.site.follow_nav(nav or uris)
        self.diagnostics += missing_pages(
            config_path, str(self.docs), asdict(options), self.site.pages
        )
        self.bibtex: dict[str, str] = {}

    def prepare(self, bibliography: Bibliography, cache_dir: Path | None) -> None:
        store = WorkCache.open(cache_dir, bibliography)
        style = make_style(
            style=self.options.style,
            csl=self.options.csl,
            locale=self.options.locale,
            pandoc=self.options.pandoc,
            base=(self.root / self.options.config_file).parent,
            bibliography=bibliography,
            store=store,
            cache_dir=cache_dir,
            config_path=self.options.config_file,
            option="option of the livingreview extension",
        )
        library = self.site.library = Library(bibliography, store, style)
        cited = self.site.cited()
        library.prepare(cited, self.site.citations, self.site.pages_digest)
        if self.options.bibliography_page:
            raws = [(bib, (self.root / bib).read_bytes()) for bib in self.options.bibliography]
            self.bibtex = bibtex_sources(raws, set(cited), bibliography, store)

    def unchanged(self) -> bool:
        """Whether no page, ``.bib`` or configuration file has changed (or
        been added or removed) since the site was read."""
        return _page_files(self.docs) == self.uris and _signature(self.watched) == self.signature

    def find(self, text: str) -> SourcePage | None:
        """The page whose body *text* is (as the host hands it over)."""
        uri = self.by_body.get(text_digest(text)) or self.by_body.get(text_digest(text.strip()))
        return self.sources.get(uri) if uri is not None else None

    def href(self, current: str) -> Href:
        """Links from the page at *current* to the others: to their source
        files, relative to *current*'s, as an author writes them. The host
        turns them into its URLs (Zensical rewrites every relative link of a
        page's HTML; MkDocs' URLs, made here, would be rewritten again)."""
        folder = posixpath.dirname(current)

        def href(uri: str) -> str | None:
            if uri not in self.site.pages:
                return None
            return urllib.parse.quote(posixpath.relpath(uri, folder or "."))

        return href

    def context(self, page: SourcePage, text: str) -> PageContext:
        """How the extension renders *page* (*text*: its body as handed over)."""
        offset = page.line_offset
        if text != page.body:  # the host stripped other blank lines than we do
            start = page.source.find(text.strip())
            lead = len(text) - len(text.lstrip())
            offset = page.source[: max(start, 0)].count("\n") - text[:lead].count("\n")
        context = PageContext(path=page.display, line_offset=max(offset, 0), summary=page.summary)
        context.scan, context.mistakes = self.scans.scan, self.scans.mistakes
        href = self.href(page.uri)
        if page.uri == self.options.bibliography_page:
            context.site_bibliography = SiteBibliography(
                cited_in=self.site.backlinks(page.uri, href),
                bibtex=self.bibtex,
                provenance_field=self.options.provenance_field,
            )
        if page.uri == self.options.evidence_map_page:
            context.appendix = self.site.evidence_map(href, self.options.bibliography_page)
        context.chapters = lambda: self.site.chapter_list(page.uri, href)
        return context


_LOCK = threading.Lock()
_SITES: dict[tuple[str, Options], StandaloneSite] = {}
_SCANS: dict[str, ScanCache] = {}
_REPORTED: dict[str, Bibliography] = {}  # the bibliography whose problems were reported, by site


def page_context(options: Options, text: str) -> tuple[PageContext, Library, list[Diagnostic]]:
    """The context of the page whose body is *text*, the site's library, and
    the problems to report now (those of the whole site and of the ``.bib``
    files only the first time they are found in this process; those of the
    page's front matter every time it is rendered).

    Raises :class:`MissingBibliography` when a ``.bib`` file does not exist."""
    root = Path.cwd()
    for bib in options.bibliography:
        if not (root / bib).is_file():
            raise MissingBibliography(bib)
    cache_dir = root / options.cache_dir if options.cache_dir else None
    with _LOCK:
        key = (str(root), options)
        site = _SITES.get(key)
        fresh = site is None or not site.unchanged() or site.find(text) is None
        report: list[Diagnostic] = []
        bibliography = load_cached(root, list(options.bibliography), cache_dir)
        if (
            site is None
            or fresh
            or site.site.library is None
            or (site.site.library.bibliography is not bibliography)
        ):
            scans = _SCANS.setdefault(str(root), ScanCache(cache_dir))
            if fresh or site is None:
                site = _SITES[key] = StandaloneSite(options, root, scans)
                report += site.diagnostics
            site.prepare(bibliography, cache_dir)
        if _REPORTED.get(str(root)) is not bibliography:
            _REPORTED[str(root)] = bibliography
            report = (
                list(bibliography.diagnostics)
                + missing_provenance(bibliography, options.provenance_field)
                + report
            )
        assert site.site.library is not None
        page = site.find(text)
        if page is None:  # not a page of the docs folder (a snippet, say)
            return PageContext(), site.site.library, report
        return site.context(page, text), site.site.library, report + page.diagnostics
