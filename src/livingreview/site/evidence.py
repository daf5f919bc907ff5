"""The evidence map: which chapter draws on which works, and when the cited
literature was published, as static HTML and SVG built from the citations.

The table has a narrow column per page that cites (its number and a short
title, the full title in ``title``), the count of citations in each cell and
the works in a first column that stays in view as the table scrolls; on a
phone the same facts are a list, one item per work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from livingreview.site.extension import Section
from livingreview.site.render import anchor, fragment, year_number
from livingreview.styles.apa import Work
from livingreview.styles.richtext import escape


@dataclass(frozen=True)
class Chapter:
    """A page that cites, as the map shows it."""

    number: str  # "2", or "" for pages without a number
    title: str
    href: str  # relative to the evidence map page
    counts: Counter[str]  # citations per lower-case key

    @property
    def label(self) -> str:
        """The page as "Cited in" names it: "2 Theoretical frameworks"."""
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def short_title(self) -> str:
        """The title's first word ("Theoretical"), for a narrow column."""
        words = self.title.split()
        return words[0].rstrip(":,;.") if words else self.title


def _bins(years: Counter[int]) -> tuple[int, list[tuple[int, int]]]:
    """The bin size (a year or, over more than 30 years, five) and (first
    year, works) for each bin."""
    first, last = min(years), max(years)
    size = 1 if last - first < 30 else 5
    start = first - first % 5
    return size, [
        (low, sum(years.get(year, 0) for year in range(low, low + size)))
        for low in range(start, last + 1, size)
    ]


def histogram(works: list[Work]) -> str:
    """An SVG bar chart of cited works by year of publication, with both
    axes labelled and each bar's count written above it."""
    years = Counter(year_number(work) for work in works if year_number(work))
    if not years:
        return ""
    size, bins = _bins(years)
    tallest = max(count for _, count in bins)
    bar = 30 if size > 1 else 12
    gap, height, top, left, bottom = bar // 4, 120, 16, 30, 40
    width = left + len(bins) * (bar + gap) + 6
    base = top + height
    parts = [
        f'<line x1="{left - 4}" y1="{base}" x2="{width - 4}" y2="{base}" />',
        f'<line x1="{left - 4}" y1="{top}" x2="{left - 4}" y2="{base}" />',
    ]
    for tick in sorted({0, tallest // 2, tallest}):
        y = base - height * tick / tallest
        parts.append(
            f'<text class="lr-axis" x="{left - 8}" y="{y + 3:g}" text-anchor="end">{tick}</text>'
        )
    for low, count in bins:
        index = (low - bins[0][0]) // size
        x = left + index * (bar + gap)
        middle = f"{x + bar / 2:g}"
        if size > 1 or low % 10 == 0 or index == 0:
            parts.append(
                f'<text class="lr-axis" x="{middle}" y="{base + 14}" '
                f'text-anchor="middle">{low}</text>'
            )
        if not count:
            continue
        span = f"{low}–{low + size - 1}" if size > 1 else str(low)
        height_of = height * count / tallest
        parts.append(
            f'<rect x="{x}" y="{base - height_of:g}" width="{bar}" height="{height_of:g}">'
            f"<title>{span}: {count} work{'s' if count > 1 else ''}</title></rect>"
            f'<text class="lr-count" x="{middle}" y="{base - height_of - 3:g}" '
            f'text-anchor="middle">{count}</text>'
        )
    axis = "Year of publication" + (" (five-year periods)" if size > 1 else "")
    parts.append(
        f'<text class="lr-axis" x="{left + (width - left) / 2:g}" y="{base + 32}" '
        f'text-anchor="middle">{axis}</text>'
    )
    label = ", ".join(
        f"{low}–{low + size - 1}: {count}" if size > 1 else f"{low}: {count}"
        for low, count in bins
        if count
    )
    return (
        f'<svg class="evidence-histogram" width="{width}" height="{base + bottom}" '
        f'viewBox="0 0 {width} {base + bottom}" role="img" '
        f'aria-label="Cited works by year of publication. {escape(label)}">'
        + "".join(parts)
        + "</svg>"
    )


def _ordered(works: list[Work]) -> list[Work]:
    return sorted(works, key=lambda work: (year_number(work) or 9999, work.sort_key))


def _who(work: Work, reference_href: str) -> str:
    href = escape(reference_href + fragment(anchor(work.key)))
    return f'<a href="{href}">{work.in_text_names(False)}, {escape(work.year_text)}</a>'


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _column_head(chapter: Chapter) -> str:
    number = f'<span class="lr-em-number">{escape(chapter.number)}</span>' if chapter.number else ""
    return (
        f'<th scope="col"><a href="{escape(chapter.href)}" title="{escape(chapter.label)}">'
        f'{number}<abbr class="lr-em-title" title="{escape(chapter.title)}">'
        f"{escape(chapter.short_title)}</abbr></a></th>"
    )


def matrix(chapters: list[Chapter], works: list[Work], reference_href: str) -> str:
    """A table: one row per work (oldest first), one column per page."""
    head = "".join(_column_head(chapter) for chapter in chapters)
    rows: list[str] = []
    for work in _ordered(works):
        cells: list[str] = []
        for chapter in chapters:
            count = chapter.counts.get(work.key.lower(), 0)
            if count:
                cells.append(
                    f'<td class="evidence-cited" title="{escape(chapter.label)}: cited '
                    f'{_times(count)}"><span class="lr-em-count">{count}</span></td>'
                )
            else:
                cells.append("<td></td>")
        rows.append(f'<tr><th scope="row">{_who(work, reference_href)}</th>{"".join(cells)}</tr>')
    totals = "".join(
        f"<td>{sum(1 for work in works if chapter.counts.get(work.key.lower()))}</td>"
        for chapter in chapters
    )
    return (
        '<div class="evidence-matrix" data-search-exclude="true"><table class="lr-evidence">'
        "<caption>Works (rows, oldest first) and the pages that cite them (columns): "
        "each number is how often the page cites the work.</caption>"
        f'<thead><tr><th scope="col">Work</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">Works cited</th>{totals}</tr></tfoot></table></div>'
    )


def work_list(chapters: list[Chapter], works: list[Work], reference_href: str) -> str:
    """The same facts as a list, one item per work (for narrow screens)."""
    items: list[str] = []
    for work in _ordered(works):
        pages = [
            f'<a href="{escape(chapter.href)}">{escape(chapter.label)}</a> '
            f"({chapter.counts[work.key.lower()]})"
            for chapter in chapters
            if chapter.counts.get(work.key.lower())
        ]
        if pages:
            items.append(f"<li>{_who(work, reference_href)}: {', '.join(pages)}</li>")
    return (
        '<div class="evidence-list" data-search-exclude="true">'
        "<p>Each work (oldest first), the pages that cite it and, in brackets, how often.</p>"
        f"<ul>{''.join(items)}</ul></div>"
    )


def evidence_sections(
    chapters: list[Chapter], works: list[Work], reference_href: str
) -> list[Section]:
    """The generated part of the evidence map page, as titled sections."""
    return [
        Section(
            "Works by chapter",
            matrix(chapters, works, reference_href) + work_list(chapters, works, reference_href),
        ),
        Section("Cited works by year of publication", histogram(works)),
    ]
