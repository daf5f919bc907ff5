"""The works of one build: each cited entry made into a :class:`Work` once
(or read from the on-disk :class:`~livingreview.cache.works.WorkCache`), and
the site's citation style (:class:`livingreview.styles.base.Style`) driven
over them: prepared once for the whole site, each reference formatted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from livingreview.bibliography.model import BibEntry, Bibliography
from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.citations import Citation
from livingreview.site.apa import NativeApa
from livingreview.styles.apa import Work, make_work
from livingreview.styles.base import Segment, SiteCitations, SiteDigest, Style

if TYPE_CHECKING:
    from livingreview.styles.csl.pandoc import Pandoc
    from livingreview.styles.csl.styles import StyleInfo


class Library:
    """Resolves keys to works and caches their formatted references.

    Call :meth:`prepare` with every key the site cites before rendering, so
    that 2000a/2000b and "et al." labels agree on every page. Without it (a
    lone Markdown extension, which cannot see the other pages) the labels are
    worked out over the whole ``.bib`` on first use.
    """

    def __init__(
        self,
        bibliography: Bibliography,
        store: WorkCache | None = None,
        style: Style | None = None,
    ) -> None:
        self.bibliography = bibliography
        self.style: Style = style or NativeApa(bibliography.path, store)
        self.store = store
        self._works: dict[str, Work] | None = None

    def _make(self, entry: BibEntry) -> Work:
        work = self.store.work(entry) if self.store is not None else None
        if work is None:
            work = make_work(entry)
            if self.store is not None:
                self.store.add_work(work)
        return work

    def prepare(
        self, keys: Iterable[str], citations: SiteCitations = list, site_digest: SiteDigest = str
    ) -> None:
        """Make the works of *keys* and prepare the style over them;
        *citations* gives every citation of the site in page order,
        *site_digest* a digest of the pages' text."""
        works: dict[str, Work] = {}
        for key in keys:
            entry = self.bibliography.get(key)
            if entry is not None and key.lower() not in works:
                works[key.lower()] = self._make(entry)
        if self.store is not None:
            self.store.keep_only(works)
        self._works = works
        self.style.prepare(works, citations, site_digest)

    def _all_works(self) -> dict[str, Work]:
        if self._works is None:
            self.prepare(entry.key for entry in self.bibliography.entries.values())
        assert self._works is not None
        return self._works

    def work(self, key: str) -> Work | None:
        """The work cited as *key* (any case), or ``None`` if not in the .bib."""
        works = self._all_works()
        found = works.get(key.lower())
        if found is None and key in self.bibliography:
            # Cited, but missed by prepare(): take it in without a label change.
            entry = self.bibliography.get(key)
            assert entry is not None
            found = works[key.lower()] = self._make(entry)
        return found

    def works(self) -> list[Work]:
        """Every prepared work, in the style's order."""
        return self.style.order(self._all_works().values())

    def order(self, works: Iterable[Work]) -> list[Work]:
        """*works* in the order of the style's reference lists."""
        return self.style.order(works)

    def expect(self, citations: list[Citation]) -> None:
        """The citations of the page about to be rendered (see
        :meth:`livingreview.styles.base.Style.expect`)."""
        self.style.expect(citations)

    def citation(self, citation: Citation, seen: dict[str, int]) -> list[Segment]:
        """The segments that replace *citation* in the page (*seen*: the
        citations of each lower-case key so far on the page, updated)."""
        return self.style.citation(citation, self.work, seen)

    def reference(self, work: Work) -> str:
        """The reference entry's HTML, formatted once per build."""
        return self.style.reference(work)

    def take_diagnostics(self) -> list[Diagnostic]:
        """Problems found while formatting since the last call."""
        return self.style.take_diagnostics()

    def suggestions(self, key: str) -> list[str]:
        return self.bibliography.suggestions(key)

    def save(self) -> None:
        """Keep what was made and formatted for the next build (if there is a
        store), whatever the style."""
        if self.store is not None:
            self.store.save()
        self.style.save()


class StyleError(Exception):
    """A style the configuration names cannot be had (one message, no traceback)."""


def resolve_csl(csl: str, pandoc: str, base: Path) -> tuple[StyleInfo, Pandoc]:
    """The CSL style *csl* names (an id or a ``.csl`` path relative to *base*)
    and the Pandoc to render it with; :class:`StyleError` if either is missing."""
    from livingreview.styles.csl.pandoc import CslUnavailable, find_pandoc
    from livingreview.styles.csl.styles import resolve_style

    try:
        return resolve_style(csl, base), find_pandoc(pandoc)
    except CslUnavailable as problem:  # StyleNotFound is one too
        raise StyleError(str(problem)) from None


def check_native(style: str, option: str) -> None:
    """:class:`StyleError` unless *style* names livingreview's own (APA)."""
    if style.strip().lower() not in ("", "apa"):
        raise StyleError(
            f"livingreview: the 'style' {option} is '{style}', which is not a style of "
            "livingreview's own; leave it out (APA 7, the default), or name any CSL style "
            "with the 'csl' option instead: csl: chicago-author-date (a style id) or "
            "csl: styles/my-style.csl (a file)"
        )


def make_style(
    *,
    style: str,
    csl: str,
    locale: str,
    pandoc: str,
    base: Path,
    bibliography: Bibliography,
    store: WorkCache | None,
    cache_dir: Path | None,
    config_path: str,
    option: str = "option",
) -> Style:
    """The style the configuration asks for: a CSL style when *csl* names
    one (a style id or a ``.csl`` path relative to *base*), else the native
    APA style (the only value *style* takes). *option* says where options
    live, for messages ("option of the livingreview plugin in mkdocs.yml")."""
    if not csl:
        check_native(style, option)
        return NativeApa(bibliography.path, store)
    from livingreview.site.csl import CslSiteStyle  # only a CSL site needs Pandoc's machinery

    info, found = resolve_csl(csl, pandoc, base)
    return CslSiteStyle(info, locale or info.default_locale, found, cache_dir, config_path)
