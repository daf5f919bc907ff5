"""What the site-wide features need of the whole site, without MkDocs.

The pre-scan of every page (so that labels such as 2000a/2000b agree
site-wide), the bibliography page's "Cited in" links, the evidence map and
the generated list of chapters are worked out here from plain data: the
pages by their path under ``docs/`` (``src_uri``) and a function that gives
the link from the page being rendered to another page. The MkDocs plugin
fills it from MkDocs' files and nav; the Markdown extension on its own (as
under Zensical) fills it by reading the docs folder itself
(:mod:`livingreview.site.standalone`). One implementation serves both.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from livingreview.bibliography.loader import decode
from livingreview.bibliography.model import BibEntry, Bibliography
from livingreview.bibliography.source import entry_sources
from livingreview.cache.scans import ScanCache, text_digest
from livingreview.cache.store import load_sources
from livingreview.cache.works import WorkCache
from livingreview.markdown.citations import Citation
from livingreview.markdown.pages import Page as PageSource
from livingreview.markdown.pages import page_title
from livingreview.site.evidence import Chapter, evidence_sections
from livingreview.site.extension import Section
from livingreview.site.library import Library
from livingreview.site.render import Backlink, citation_anchor, fragment
from livingreview.styles.richtext import escape

# The link from the page being rendered to the page at a src_uri, or None
# when the site has no such file.
Href = Callable[[str], "str | None"]

# Parsed bibliographies by the absolute path of the site, with each file's
# path and a hash of its bytes: module-level so that they outlive one build
# (`mkdocs serve` and `zensical serve` rebuild in the same process).
_BIBLIOGRAPHY_CACHE: dict[str, tuple[tuple[tuple[str, str], ...], Bibliography]] = {}

_CHAPTER_NUMBER_RE = re.compile(r"^(\d+)[-_ ]")


def bibliography_signature(root: Path, displays: list[str]) -> tuple[tuple[str, str], ...]:
    """Each ``.bib`` file's path with a hash of its bytes.

    By content, not modification time: an edit saved within the same tick
    of the file system's clock, keeping the size (a key's letter corrected
    under ``serve``), must not be served the old parse."""
    return tuple(
        (display, hashlib.blake2b((root / display).read_bytes(), digest_size=16).hexdigest())
        for display in displays
    )


def load_cached(root: Path, displays: list[str], cache_dir: Path | None) -> Bibliography:
    """The site's bibliography, reused while its files are unchanged (the
    caller has checked that they exist)."""
    signature = bibliography_signature(root, displays)
    cached = _BIBLIOGRAPHY_CACHE.get(str(root))
    if cached is not None and cached[0] == signature:
        return cached[1]
    bibliography = load_sources(root, displays, cache_dir)
    _BIBLIOGRAPHY_CACHE[str(root)] = (signature, bibliography)
    return bibliography


@dataclass
class ScannedPage:
    """What the pre-scan learnt of a page: its label and what it cites."""

    number: str
    title: str
    counts: Counter[str]
    # The body the host hands the Markdown extension (its hash) and the lines
    # of front matter above it, so that the file need not be read again.
    body_hash: int = 0
    line_offset: int = 0
    summary: str = ""  # of the front matter, for the generated list of chapters
    # The page's citations, in order (from the scan cache; only a style that
    # needs every citation of the site asks).
    citations: Callable[[], list[Citation]] = list
    # A digest of the body, stable across builds unlike body_hash (worked out
    # only for a style that keys its work on the site's text).
    digest: Callable[[], str] = str


def scanned_page(src_uri: str, page: PageSource, scans: ScanCache) -> ScannedPage:
    """Scan one page (*src_uri*: its path under ``docs/``)."""
    name = PurePosixPath(src_uri).name
    match = _CHAPTER_NUMBER_RE.match(name)
    number = str(int(match.group(1))) if match else ""
    title = page_title(page.meta, page.body, src_uri)
    counts = Counter(key.lower() for key in scans.keys(page.body))
    summary = page.meta.get("summary")
    summary = summary.strip() if isinstance(summary, str) else ""
    body = page.body
    return ScannedPage(
        number,
        title,
        counts,
        hash(body),
        page.line_offset,
        summary,
        lambda: scans.scan(body),
        lambda: text_digest(body),
    )


def bibtex_sources(
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


@dataclass
class SiteWide:
    """Every page of the site as scanned, in nav order, with its works."""

    pages: dict[str, ScannedPage] = field(default_factory=dict)  # by src_uri
    order: list[str] = field(default_factory=list)
    library: Library | None = None

    def cited(self) -> list[str]:
        """Every key the site cites, lower-case, in page order (so that
        nothing downstream sees a hash-seeded order)."""
        return list(dict.fromkeys(key for page in self.pages.values() for key in page.counts))

    def citations(self) -> list[list[Citation]]:
        """Every citation of the site, page by page in nav order."""
        return [self.pages[uri].citations() for uri in self._ordered() if uri in self.pages]

    def pages_digest(self) -> str:
        """A digest of every page's text, in nav order (what decides every
        citation of the site)."""
        pages = [(uri, self.pages[uri].digest()) for uri in self._ordered() if uri in self.pages]
        return hashlib.blake2b(repr(pages).encode(), digest_size=16).hexdigest()

    def follow_nav(self, in_nav: Iterable[str]) -> None:
        """Order the pages as the nav does (the rest after it, sorted), and
        number the chapters by their place among the numbered chapters of the
        nav, not by their file's prefix: ``new --after`` puts a chapter
        between two others without renaming files (and so without changing
        their URLs)."""
        listed = list(in_nav)
        self.order = listed + sorted(uri for uri in self.pages if uri not in listed)
        position = 0
        for uri in listed:
            scanned = self.pages.get(uri)
            if scanned is not None and scanned.number:
                position += 1
                scanned.number = str(position)

    def _entry(self, lowered: str) -> BibEntry | None:
        return self.library.bibliography.get(lowered) if self.library else None

    def _ordered(self) -> list[str]:
        return self.order or sorted(self.pages)

    def backlinks(self, current: str, href: Href) -> dict[str, list[Backlink]]:
        """For each cited key, the other pages that cite it ("Cited in")."""
        cited_in: dict[str, list[Backlink]] = {}
        anchors: dict[str, str] = {}  # by lower-case key: #cite-KEY, worked out once
        for uri in self._ordered():
            scanned = self.pages.get(uri)
            base = href(uri) if scanned is not None and uri != current else None
            if scanned is None or base is None:
                continue
            label = f"{scanned.number} {scanned.title}" if scanned.number else scanned.title
            for key in scanned.counts:
                anchor = anchors.get(key)
                if anchor is None:
                    entry = self._entry(key)
                    if entry is None:
                        continue
                    anchor = anchors[key] = fragment(citation_anchor(entry.key))
                cited_in.setdefault(key, []).append(Backlink(label, base + anchor))
        return cited_in

    def evidence_map(self, href: Href, bibliography_page: str) -> list[Section]:
        """The evidence map's sections, linked from the page being rendered."""
        if self.library is None:
            return []
        chapters: list[Chapter] = []
        for uri in self._ordered():
            scanned = self.pages.get(uri)
            if scanned is None or not scanned.counts:
                continue
            target = href(uri)
            if target is None:
                continue
            counts = Counter(
                {key: n for key, n in scanned.counts.items() if self._entry(key) is not None}
            )
            if counts:
                chapters.append(Chapter(scanned.number, scanned.title, target, counts))
        # Every page that cites (the About page too), as "Cited in" lists them.
        reference_href = (href(bibliography_page) if bibliography_page else None) or ""
        return evidence_sections(chapters, self.library.works(), reference_href)

    def chapter_list(self, current: str, href: Href) -> str:
        """The site's chapters (its numbered pages or, without any, every other
        page) in nav order: number, linked title and summary."""
        pages = [(uri, self.pages[uri]) for uri in self.order or self.pages if uri in self.pages]
        chosen = [item for item in pages if item[1].number] or [
            item for item in pages if item[0] != current
        ]
        items: list[str] = []
        for uri, scanned in chosen:
            target = href(uri)
            if target is None:
                continue
            value = f' value="{scanned.number}"' if scanned.number else ""
            summary = f": {escape(scanned.summary)}" if scanned.summary else ""
            items.append(
                f'<li{value}><a href="{escape(target)}">{escape(scanned.title)}</a>{summary}</li>'
            )
        return '<ol class="lr-chapters">\n' + "\n".join(items) + "\n</ol>"
