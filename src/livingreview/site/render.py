"""HTML for in-text citations and reference lists, in Pandoc's conventions.

An in-text citation becomes a list of :class:`Segment` objects: HTML that
the caller must protect from Markdown (the author–year links), and Markdown
text that it should go on processing (an author's prefix and suffix, such
as ``see *also*``). Reference lists are plain HTML strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING
from urllib.parse import quote

from livingreview.bibliography.latex import latex_to_text
from livingreview.styles.apa import Work
from livingreview.styles.richtext import escape

if TYPE_CHECKING:
    from livingreview.site.library import Library


def anchor(key: str) -> str:
    """The ``id`` of a work's entry in a reference list."""
    return f"ref-{key}"


def citation_anchor(key: str, number: int = 1) -> str:
    """The ``id`` of a work's *number*-th in-text citation on a page:
    ``cite-KEY`` for the first (the site's "Cited in" links land there),
    ``cite-KEY-2`` and on for the others (the reference list's back-links)."""
    return f"cite-{key}" if number == 1 else f"cite-{key}-{number}"


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


def cite_link(key: str, inner: str, seen: dict[str, int]) -> str:
    """A link to the entry of the work cited as *key*, with an ``id`` for each
    citation of it on the page: the site's bibliography links back to the
    first ("Cited in"), the page's reference list to each ("↩")."""
    href, identity = _link_attributes(key)
    lowered = key.lower()
    number = seen[lowered] = seen.get(lowered, 0) + 1
    if number > 1:
        identity = f' id="{escape(citation_anchor(key, number))}"'
    return f'<a{href}{identity} role="doc-biblioref">{inner}</a>'


def citation_opening(written: Iterable[tuple[str, Work | None]]) -> str:
    """The ``<span>`` that opens a citation, whatever the style: its works'
    keys (as the ``.bib`` spells them; an unknown key as written) and a class
    saying whether one of them is not in the ``.bib``. *written*: each key as
    the page writes it, with its work (``None`` when the ``.bib`` has none)."""
    pairs = list(written)
    keys = " ".join(work.key if work else key for key, work in pairs)
    classes = "citation"
    if any(work is None for _, work in pairs):
        classes += " citation-unresolved"
    return f'<span class="{classes}" data-cites="{escape(keys)}">'


def missing(key: str) -> str:
    """How a key that is not in the ``.bib`` is shown, as Pandoc shows it."""
    return f'<strong class="citation-unresolved">{escape(key)}?</strong>'


@dataclass(frozen=True)
class Backlink:
    """A page that cites a work: its label and the URL of the first citation."""

    label: str
    href: str


def _now(make_html: Callable[[], str]) -> str:
    return make_html()


def _extras(
    work: Work,
    cited_in: dict[str, list[Backlink]],
    bibtex: dict[str, str],
    place: Callable[[Callable[[], str]], str],
    provenance_field: str,
) -> str:
    key = work.key
    backlinks = cited_in.get(key.lower())
    source = bibtex.get(key.lower())
    verified = latex_to_text(work.entry.field(provenance_field)) if provenance_field else ""
    if not backlinks and not source and not verified:
        return ""
    # Placed after indexing too (one placeholder for all): a search for a
    # chapter's title should find the chapter, not every entry it cites.
    return place(
        lambda: (
            (_cited_in(backlinks) if backlinks else "")
            + (_verified(provenance_field, verified) if verified else "")
            + (_bibtex_block(source) if source else "")
        )
    )


def _verified(name: str, value: str) -> str:
    """Where the entry's fields were checked (the ``provenance_field``)."""
    return f'<div class="csl-verified">{escape(name.capitalize())}: {escape(value)}</div>'


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


def _back_to_text(key: str, count: int) -> str:
    """The "↩" links from a page's reference list to each citation of *key*
    on the page (as Pandoc's citation-backlinks filters give)."""
    if count < 1:
        return ""
    if count == 1:
        links = (
            f'<a href="{escape(fragment(citation_anchor(key)))}" '
            'aria-label="Back to the citation in the text">↩</a>'
        )
    else:
        links = " ".join(
            f'<a href="{escape(fragment(citation_anchor(key, number)))}" '
            f'aria-label="Back to citation {number} of {count}">↩<sup>{number}</sup></a>'
            for number in range(1, count + 1)
        )
    return f' <span class="csl-backlinks">{links}</span>'


def _filter_attributes(work: Work, backlinks: list[Backlink]) -> str:
    """What the site bibliography's filter reads of an entry."""
    year = year_number(work)
    pages = "|".join(link.label.replace("|", "/") for link in backlinks)
    return (
        f' data-year="{year or ""}" data-type="{escape(work.type)}" data-cited-in="{escape(pages)}"'
    )


def year_number(work: Work) -> int:
    """The work's year as a number (0 for n.d., in press and the like)."""
    return work.year_sort[1] if work.year_sort[0] == 1 else 0


def reference_list(
    works: list[Work],
    library: Library,
    cited_in: dict[str, list[Backlink]] | None = None,
    bibtex: dict[str, str] | None = None,
    place: Callable[[Callable[[], str]], str] = _now,
    notes: dict[str, str] | None = None,
    *,
    citations: dict[str, int] | None = None,
    provenance_field: str = "",
) -> str:
    """The ``<div id="refs">`` with an entry for each of *works*, in order.

    For the site's bibliography, *cited_in* (pages citing each work, by
    lower-case key) and *bibtex* (each entry's source) add a "Cited in" line
    and a BibTeX block to each entry, *provenance_field* a line with that
    field; *place* may swap those for placeholders (see
    :meth:`livingreview.site.extension.PageContext.place`); *notes* (HTML by
    lower-case key, such as "First cited in") follow the reference. For a
    page's own list, *citations* (how often the page cites each lower-case
    key) adds "↩" links back to each citation.
    """
    cited_in, bibtex, citations = cited_in or {}, bibtex or {}, citations or {}
    notes = notes or {}
    site = bool(cited_in or bibtex or provenance_field)
    entries: list[str] = []
    for work in works:
        lowered = work.key.lower()
        attributes = _filter_attributes(work, cited_in.get(lowered, [])) if site else ""
        extras = (
            _extras(work, cited_in, bibtex, place, provenance_field)
            if site
            else _back_to_text(work.key, citations.get(lowered, 0))
        )
        # Placed after indexing like the extras: search indexes the reference.
        note = notes.get(lowered, "")
        shown_note = place(partial(str, note)) if note else ""
        entries.append(
            f'<div id="{escape(anchor(work.key))}" class="csl-entry" role="listitem"'
            f"{attributes}>{library.reference(work)}{shown_note}{extras}</div>"
        )
    return (
        '<div id="refs" class="references csl-bib-body hanging-indent" role="list">\n'
        + "\n".join(entries)
        + "\n</div>"
    )


_TYPE_NAMES = {
    "article": "Journal articles",
    "book": "Books",
    "incollection": "Book chapters",
    "inproceedings": "Conference papers",
    "report": "Reports",
    "thesis": "Theses",
    "webpage": "Web pages",
    "unpublished": "Unpublished works",
    "preprint": "Preprints",
    "misc": "Other works",
}


def _initial(work: Work) -> str:
    """The letter under which the A–Z bar files *work* ("" if none)."""
    text = unicodedata.normalize("NFKD", _TAG_RE.sub("", work.in_text_names(False)))
    return next((char.upper() for char in text if char.isalpha()), "")


_TAG_RE = re.compile(r"<[^<>]*>")


def _pages_in_order(cited_in: dict[str, list[Backlink]]) -> list[str]:
    """Every page label of *cited_in*, each list's order kept."""
    order: list[str] = []
    for links in cited_in.values():
        position = 0
        for link in links:
            if link.label in order:
                position = order.index(link.label) + 1
            else:
                order.insert(position, link.label)
                position += 1
    return order


def _options(values: list[tuple[str, str]], anything: str) -> str:
    return f'<option value="">{escape(anything)}</option>' + "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in values
    )


def bibliography_tools(works: list[Work], cited_in: dict[str, list[Backlink]]) -> str:
    """The site bibliography's A–Z jump bar and its filter (a form that the
    page's script shows and runs; without JavaScript it stays hidden)."""
    first: dict[str, str] = {}
    for work in works:
        first.setdefault(_initial(work), work.key)
    letters = " ".join(
        f'<a href="{escape(fragment(anchor(first[letter])))}">{letter}</a>'
        if letter in first
        else f'<span class="lr-az-none">{letter}</span>'
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    pages = [(label.replace("|", "/"), label) for label in _pages_in_order(cited_in)]
    types = sorted({work.type for work in works}, key=lambda kind: _TYPE_NAMES.get(kind, kind))
    kinds = [(kind, _TYPE_NAMES.get(kind, kind.capitalize())) for kind in types]
    return (
        '<div class="lr-bib-tools" data-search-exclude="true">'
        f'<nav class="lr-az" aria-label="References by first letter">{letters}</nav>'
        '<form class="lr-filter" role="search" aria-label="Filter the references" hidden>'
        '<label>Find <input type="search" name="text" autocomplete="off" '
        'placeholder="author, title or year"></label> '
        f'<label>Cited in <select name="page">{_options(pages, "any page")}</select></label> '
        f'<label>Type <select name="type">{_options(kinds, "any type")}</select></label> '
        f'<output class="lr-filter-count" aria-live="polite">{len(works)} works</output>'
        "</form></div>"
    )
