"""HTML for in-text citations and reference lists, in Pandoc's conventions.

An in-text citation becomes a list of :class:`Segment` objects: HTML that
the caller must protect from Markdown (the author–year links), and Markdown
text that it should go on processing (an author's prefix and suffix, such
as ``see *also*``). Reference lists are plain HTML strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from livingreview.markdown.citations import Citation, CitationItem, Mode
from livingreview.site.library import Library
from livingreview.styles.apa import Work
from livingreview.styles.richtext import escape


@dataclass(frozen=True)
class Segment:
    text: str
    is_html: bool


def anchor(key: str) -> str:
    """The ``id`` of a work's entry in a reference list."""
    return f"ref-{key}"


def citation_anchor(key: str) -> str:
    """The ``id`` of a work's first in-text citation on a page."""
    return f"cite-{key}"


def fragment(anchor_id: str) -> str:
    """``#`` and *anchor_id*, percent-encoded where a URL needs it."""
    return "#" + quote(anchor_id, safe=":.$&+?~/-_@!*'(),;=")


@lru_cache(maxsize=4096)
def _link_attributes(key: str) -> tuple[str, str]:
    """The ``href`` and ``id`` attributes of a link to *key*'s entry."""
    return (
        f' href="{escape(fragment(anchor(key)))}"',
        f' id="{escape(citation_anchor(key))}"',
    )


def _missing(key: str) -> str:
    return f'<strong class="citation-unresolved">{escape(key)}?</strong>'


def _link(work: Work, inner: str, seen: set[str]) -> str:
    """A link to the work's entry; the page's first one also gets an ``id``,
    which the site's bibliography links back to ("Cited in")."""
    href, identity = _link_attributes(work.key)
    lowered = work.key.lower()
    if lowered in seen:
        identity = ""
    else:
        seen.add(lowered)
    return f'<a{href}{identity} role="doc-biblioref">{inner}</a>'


def _locator(item: CitationItem) -> str:
    return f", {escape(str(item.locator))}" if item.locator else ""


def _resolved(citation: Citation, library: Library) -> list[tuple[CitationItem, Work | None]]:
    return [(item, library.work(item.key)) for item in citation.items]


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
    seen: set[str],
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
            segments.append(Segment(_missing(item.key) + _locator(item), True))
        else:
            who = ""
            if not (same or item.suppress_author):
                who = _author_and_year(work.in_text_names(False))
            inner = f"{who}{escape(work.year_text)}{_locator(item)}"
            segments.append(Segment(_link(work, inner, seen), True))
        if item.suffix:
            segments.append(Segment(item.suffix, False))
        previous = (item, work)
    return segments


def render_citation(citation: Citation, library: Library, seen: set[str]) -> list[Segment]:
    """The segments that replace *citation* in the page.

    *seen* holds the keys already cited on the page (updated here).
    """
    pairs = _resolved(citation, library)
    keys = " ".join(work.key if work else item.key for item, work in pairs)
    classes = "citation"
    if any(work is None for _, work in pairs):
        classes += " citation-unresolved"
    opening = f'<span class="{classes}" data-cites="{escape(keys)}">'
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


def _narrative(pairs: list[tuple[CitationItem, Work | None]], seen: set[str]) -> list[Segment]:
    """``Doe (2018, p. 3)``; with the works of a bracket after it, in the
    author's order, in the same parentheses: ``Doe (2018; see also Lee, 2020)``."""
    item, work = pairs[0]
    assert work is not None
    inner = f"{work.in_text_names(True)} ({escape(work.year_text)}{_locator(item)}"
    if not item.suffix and len(pairs) == 1:
        return [Segment(_link(work, inner + ")", seen) + "</span>", True)]
    segments = [Segment(_link(work, inner, seen), True)]
    if item.suffix:
        segments.append(Segment(item.suffix, False))
    segments.extend(_items(pairs[1:], seen, pairs[0]))
    segments.append(Segment(")</span>", True))
    return segments


@dataclass(frozen=True)
class Backlink:
    """A page that cites a work: its label and the URL of the first citation."""

    label: str
    href: str


def _now(make_html: Callable[[], str]) -> str:
    return make_html()


def _extras(
    key: str,
    cited_in: dict[str, list[Backlink]],
    bibtex: dict[str, str],
    place: Callable[[Callable[[], str]], str],
) -> str:
    backlinks = cited_in.get(key.lower())
    source = bibtex.get(key.lower())
    if not backlinks and not source:
        return ""
    # Placed after indexing too (one placeholder for both): a search for a
    # chapter's title should find the chapter, not every entry it cites.
    return place(
        lambda: (
            (_cited_in(backlinks) if backlinks else "") + (_bibtex_block(source) if source else "")
        )
    )


def _cited_in(backlinks: list[Backlink]) -> str:
    links = ", ".join(
        f'<a href="{escape(link.href)}">{escape(link.label)}</a>' for link in backlinks
    )
    return f'<div class="csl-cited-in">Cited in: {links}</div>'


def _bibtex_block(source: str) -> str:
    return (
        '<details class="csl-bibtex" data-search-exclude><summary>BibTeX</summary>'
        f'<pre><code class="language-bibtex">{escape(source)}</code></pre></details>'
    )


def reference_list(
    works: list[Work],
    library: Library,
    cited_in: dict[str, list[Backlink]] | None = None,
    bibtex: dict[str, str] | None = None,
    place: Callable[[Callable[[], str]], str] = _now,
    notes: dict[str, str] | None = None,
) -> str:
    """The ``<div id="refs">`` with an entry for each of *works*, in order.

    For the site's bibliography, *cited_in* (pages citing each work, by
    lower-case key) and *bibtex* (each entry's source) add a "Cited in" line
    and a BibTeX block to each entry; *place* may swap those for placeholders
    (see :meth:`livingreview.site.extension.PageContext.place`); *notes*
    (HTML by lower-case key, such as "First cited in") follow the reference.
    """
    cited_in, bibtex, notes = cited_in or {}, bibtex or {}, notes or {}
    entries = "\n".join(
        f'<div id="{escape(anchor(work.key))}" class="csl-entry" role="listitem">'
        f"{library.reference(work)}{notes.get(work.key.lower(), '')}"
        f"{_extras(work.key, cited_in, bibtex, place) if cited_in or bibtex else ''}</div>"
        for work in works
    )
    return (
        '<div id="refs" class="references csl-bib-body hanging-indent" role="list">\n'
        f"{entries}\n</div>"
    )
