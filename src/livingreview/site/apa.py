"""The native APA 7 style behind the style interface
(:class:`livingreview.styles.base.Style`): in-text citations in the
conventions of APA 8.10–8.36 and Pandoc's HTML, reference entries from
:mod:`livingreview.styles.apa`, kept between builds in the
:class:`~livingreview.cache.works.WorkCache`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from livingreview.cache.works import WorkCache
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.citations import Citation, CitationItem, Mode
from livingreview.site.render import citation_opening, cite_link, missing
from livingreview.styles.apa import (
    ApaStyle,
    Problem,
    Work,
    disambiguate,
    fill_reference,
    sort_works,
)
from livingreview.styles.base import Lookup, Segment, SiteCitations, SiteDigest
from livingreview.styles.richtext import escape


class NativeApa:
    """APA 7 by livingreview's own engine: the default style."""

    def __init__(self, bib_path: str, store: WorkCache | None = None) -> None:
        self.formatter = ApaStyle(bib_path)
        self.store = store
        self._references: dict[str, str] = {}

    def prepare(
        self, works: Mapping[str, Work], citations: SiteCitations, site_digest: SiteDigest
    ) -> None:
        disambiguate(list(works.values()))
        self._references = {}
        self.formatter.diagnostics = []

    def expect(self, citations: list[Citation]) -> None:
        """Nothing: an APA citation needs nothing of the others."""

    def citation(self, citation: Citation, lookup: Lookup, seen: dict[str, int]) -> list[Segment]:
        return render_citation(citation, lookup, seen)

    def _template(self, work: Work) -> tuple[str, list[Problem]]:
        stored = self.store.reference(work.key) if self.store is not None else None
        if stored is not None:
            return stored
        problems = self.formatter.problems(work)
        template = self.formatter.reference_template(work)
        if self.store is not None:
            self.store.add_reference(work.key, template, problems)
        return template, problems

    def reference(self, work: Work) -> str:
        """The reference entry's HTML, formatted once per build."""
        html = self._references.get(work.key.lower())
        if html is None:
            template, problems = self._template(work)
            for code, message in problems:
                self.formatter.warn(work.entry, code, message)
            html = self._references[work.key.lower()] = fill_reference(template, work)
        return html

    def order(self, works: Iterable[Work]) -> list[Work]:
        return sort_works(list(works))

    def take_diagnostics(self) -> list[Diagnostic]:
        found, self.formatter.diagnostics = self.formatter.diagnostics, []
        return found

    def save(self) -> None:
        """Nothing of its own: its references are in the library's store."""


def _locator(item: CitationItem) -> str:
    return f", {escape(str(item.locator))}" if item.locator else ""


def _resolved(citation: Citation, lookup: Lookup) -> list[tuple[CitationItem, Work | None]]:
    return [(item, lookup(item.key)) for item in citation.items]


def _ordered(
    pairs: list[tuple[CitationItem, Work | None]],
) -> list[tuple[CitationItem, Work | None]]:
    """APA orders works in one parenthesis as in the reference list (8.12);
    keys that did not resolve keep their place at the end. A group in which
    a later work has a prefix ("but see") keeps the author's order, as in
    Pandoc: sorting it would change what the prefix says."""
    if any(item.prefix for item, _ in pairs[1:]):
        return pairs
    known: list[tuple[CitationItem, Work | None]] = []
    unknown: list[tuple[CitationItem, Work | None]] = []
    for item, work in pairs:
        (unknown if work is None else known).append((item, work))
    if len(known) > 1:
        known.sort(key=lambda pair: (pair[1].sort_key, pair[1].suffix) if pair[1] else ())
    return known + unknown


def _author_and_year(names: str) -> str:
    """The names and the comma before the year; a quoted title takes the
    comma inside its quotation marks (APA 6.10)."""
    if names.endswith("”"):
        return names[:-1] + ",” "
    return names + ", "


def _same_names(
    previous: tuple[CitationItem, Work | None] | None, item: CitationItem, work: Work | None
) -> bool:
    """Whether *item* shares the names of the work before it, which are then
    not repeated (APA 8.12: "Taylor, 2013, 2015a"); a prefix or a suffix
    between them keeps the names, as in Pandoc's CSL engine."""
    return (
        previous is not None
        and work is not None
        and previous[1] is not None
        and not item.prefix
        and not previous[0].suffix
        and work.in_text_names(False) == previous[1].in_text_names(False)
    )


def _items(
    pairs: list[tuple[CitationItem, Work | None]],
    seen: dict[str, int],
    previous: tuple[CitationItem, Work | None] | None = None,
) -> list[Segment]:
    """The works of a parenthesis, each after *previous* (if given)."""
    segments: list[Segment] = []
    for item, work in pairs:
        same = _same_names(previous, item, work)
        if previous is not None:
            # Years of the same names are joined by commas; a locator on
            # either side takes a semicolon: "Taylor, 2013; 2015a, p. 4".
            collapse = same and not item.locator and not previous[0].locator
            segments.append(Segment(", " if collapse else "; ", True))
        if item.prefix:
            segments.append(Segment(item.prefix + " ", False))
        if work is None:
            segments.append(Segment(missing(item.key) + _locator(item), True))
        else:
            who = ""
            if not (same or item.suppress_author):
                who = _author_and_year(work.in_text_names(False))
            inner = f"{who}{escape(work.year_text)}{_locator(item)}"
            segments.append(Segment(cite_link(work.key, inner, seen), True))
        if item.suffix:
            segments.append(Segment(item.suffix, False))
        previous = (item, work)
    return segments


def render_citation(citation: Citation, lookup: Lookup, seen: dict[str, int]) -> list[Segment]:
    """The segments that replace *citation* in the page.

    *seen* counts the citations of each key (lower-case) so far on the page
    (updated here).
    """
    pairs = _resolved(citation, lookup)
    opening = citation_opening((item.key, work) for item, work in pairs)
    if citation.mode is Mode.NARRATIVE and pairs[0][1] is not None:
        return [Segment(opening, True), *_narrative(pairs, seen)]
    # An unknown key in the running text is shown as Pandoc shows it, in
    # parentheses: "(nokey?)".
    ordered = pairs if citation.mode is Mode.NARRATIVE else _ordered(pairs)
    return [
        Segment(opening + "(", True),
        *_items(ordered, seen),
        Segment(")</span>", True),
    ]


def _narrative(
    pairs: list[tuple[CitationItem, Work | None]], seen: dict[str, int]
) -> list[Segment]:
    """``Doe (2018, p. 3)``; with the works of a bracket after it, in the
    author's order, in the same parentheses: ``Doe (2018; see also Lee, 2020)``."""
    item, work = pairs[0]
    assert work is not None
    inner = f"{work.in_text_names(True)} ({escape(work.year_text)}{_locator(item)}"
    if not item.suffix and len(pairs) == 1:
        return [Segment(cite_link(work.key, inner + ")", seen) + "</span>", True)]
    segments = [Segment(cite_link(work.key, inner, seen), True)]
    if item.suffix:
        segments.append(Segment(item.suffix, False))
    segments.extend(_items(pairs[1:], seen, pairs[0]))
    segments.append(Segment(")</span>", True))
    return segments
