"""The evidence map: which chapter draws on which works, and when the cited
literature was published, as static HTML and SVG built from the citations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from livingreview.site.extension import Section
from livingreview.site.render import anchor, fragment
from livingreview.styles.apa import Work
from livingreview.styles.richtext import escape


@dataclass(frozen=True)
class Chapter:
    """A page that cites, as the map shows it."""

    number: str  # "2", or "" for pages without a number
    title: str
    href: str  # relative to the evidence map page
    counts: Counter[str]  # citations per lower-case key


def _year_number(work: Work) -> int:
    return work.year_sort[1] if work.year_sort[0] == 1 else 0


def histogram(works: list[Work]) -> str:
    """An SVG bar chart of cited works by year of publication."""
    years = Counter(_year_number(work) for work in works if _year_number(work))
    if not years:
        return ""
    first, last = min(years), max(years)
    span = range(first - first % 5, last + 1)
    tallest = max(years.values())
    bar, gap, height, top, bottom = 10, 2, 120, 12, 28
    width = len(span) * (bar + gap) + 40
    bars: list[str] = []
    for index, year in enumerate(span):
        x = 30 + index * (bar + gap)
        if year % 10 == 0 or year == span[0]:
            label_x = f"{x + bar / 2:g}"
            bars.append(
                f'<text x="{label_x}" y="{top + height + 18}" text-anchor="middle">{year}</text>'
            )
        count = years.get(year, 0)
        if not count:
            continue
        size = height * count / tallest
        bars.append(
            f'<rect x="{x}" y="{top + height - size:g}" width="{bar}" height="{size:g}">'
            f"<title>{year}: {count} work{'s' if count > 1 else ''}</title></rect>"
        )
    label = ", ".join(f"{year}: {count}" for year, count in sorted(years.items()))
    return (
        f'<svg class="evidence-histogram" viewBox="0 0 {width} {top + height + bottom}" '
        f'role="img" aria-label="Cited works by year of publication. {escape(label)}">'
        f'<line x1="28" y1="{top + height}" x2="{width - 6}" y2="{top + height}" />'
        + "".join(bars)
        + "</svg>"
    )


def matrix(chapters: list[Chapter], works: list[Work], reference_href: str) -> str:
    """A table: one row per work (oldest first), one column per chapter."""
    ordered = sorted(works, key=lambda work: (_year_number(work) or 9999, work.sort_key))
    head = "".join(
        f'<th scope="col"><a href="{escape(chapter.href)}" title="{escape(chapter.title)}">'
        f"{escape(chapter.number or chapter.title)}</a></th>"
        for chapter in chapters
    )
    rows: list[str] = []
    for work in ordered:
        cells: list[str] = []
        for chapter in chapters:
            count = chapter.counts.get(work.key.lower(), 0)
            if count:
                times = "once" if count == 1 else f"{count} times"
                cells.append(
                    f'<td class="evidence-cited"><span aria-label="cited {times}" '
                    f'title="cited {times}">{"●" if count > 1 else "○"}</span></td>'
                )
            else:
                cells.append("<td></td>")
        who = f"{work.in_text_names(False)}, {escape(work.year_text)}"
        rows.append(
            f'<tr><th scope="row"><a href="{escape(reference_href + fragment(anchor(work.key)))}">'
            f"{who}</a></th>{''.join(cells)}</tr>"
        )
    key = "".join(
        f"<li><strong>{escape(chapter.number)}</strong> {escape(chapter.title)}</li>"
        for chapter in chapters
        if chapter.number
    )
    return (
        '<div class="evidence-matrix"><table>'
        "<caption>Works (rows, oldest first) cited by each page (columns): ○ once, "
        "● more than once.</caption>"
        f'<thead><tr><th scope="col">Work</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        + (f'<ul class="evidence-key">{key}</ul>' if key else "")
    )


def evidence_sections(
    chapters: list[Chapter], works: list[Work], reference_href: str
) -> list[Section]:
    """The generated part of the evidence map page, as titled sections."""
    return [
        Section("Works by chapter", matrix(chapters, works, reference_href)),
        Section("Cited works by year of publication", histogram(works)),
    ]
