"""The works of one build: each cited entry made into a :class:`Work` once,
labelled once for the whole site, and its reference formatted once (or read
from the on-disk :class:`~livingreview.cache.works.WorkCache`).
"""

from __future__ import annotations

from collections.abc import Iterable

from livingreview.bibliography.model import BibEntry, Bibliography
from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.styles.apa import (
    ApaStyle,
    Problem,
    Work,
    disambiguate,
    fill_reference,
    make_work,
    sort_works,
)


class Library:
    """Resolves keys to works and caches their formatted references.

    Call :meth:`prepare` with every key the site cites before rendering, so
    that 2000a/2000b and "et al." labels agree on every page. Without it (a
    lone Markdown extension, which cannot see the other pages) the labels are
    worked out over the whole ``.bib`` on first use.
    """

    def __init__(self, bibliography: Bibliography, store: WorkCache | None = None) -> None:
        self.bibliography = bibliography
        self.style = ApaStyle(bibliography.path)
        self.store = store
        self._works: dict[str, Work] | None = None
        self._references: dict[str, str] = {}

    def _make(self, entry: BibEntry) -> Work:
        work = self.store.work(entry) if self.store is not None else None
        if work is None:
            work = make_work(entry)
            if self.store is not None:
                self.store.add_work(work)
        return work

    def prepare(self, keys: Iterable[str]) -> None:
        works: dict[str, Work] = {}
        for key in keys:
            entry = self.bibliography.get(key)
            if entry is not None and key.lower() not in works:
                works[key.lower()] = self._make(entry)
        disambiguate(list(works.values()))
        if self.store is not None:
            self.store.keep_only(works)
        self._works = works
        self._references = {}
        self.style.diagnostics = []

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
        """Every prepared work, in APA order."""
        return sort_works(list(self._all_works().values()))

    def _template(self, work: Work) -> tuple[str, list[Problem]]:
        stored = self.store.reference(work.key) if self.store is not None else None
        if stored is not None:
            return stored
        problems = self.style.problems(work)
        template = self.style.reference_template(work)
        if self.store is not None:
            self.store.add_reference(work.key, template, problems)
        return template, problems

    def reference(self, work: Work) -> str:
        """The reference entry's HTML, formatted once per build."""
        html = self._references.get(work.key.lower())
        if html is None:
            template, problems = self._template(work)
            for code, message in problems:
                self.style.warn(work.entry, code, message)
            html = self._references[work.key.lower()] = fill_reference(template, work)
        return html

    def take_diagnostics(self) -> list[Diagnostic]:
        """Problems found while formatting since the last call."""
        found, self.style.diagnostics = self.style.diagnostics, []
        return found

    def suggestions(self, key: str) -> list[str]:
        return self.bibliography.suggestions(key)

    def save(self) -> None:
        """Keep what was formatted for the next build (if there is a store)."""
        if self.store is not None:
            self.store.save()
