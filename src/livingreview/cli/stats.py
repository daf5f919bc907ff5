"""``livingreview stats``: what the review cites, where and how often."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from livingreview.cli.check import CheckResult
from livingreview.styles.apa import make_work


@dataclass
class Stats:
    chapters: list[tuple[str, int, int]]  # path, citations, distinct works
    years: list[tuple[str, int]]  # year, distinct works cited
    most_cited: list[tuple[str, int, int]]  # key, citations, pages

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": [
                {"path": path, "citations": citations, "works": works}
                for path, citations, works in self.chapters
            ],
            "works_by_year": {year: count for year, count in self.years},
            "most_cited": [
                {"key": key, "citations": citations, "pages": pages}
                for key, citations, pages in self.most_cited
            ],
        }

    def as_text(self) -> str:
        width = max([len(path) for path, _, _ in self.chapters] + [4])
        lines = [f"{'page':<{width}}  citations  works"]
        lines += [
            f"{path:<{width}}  {citations:>9}  {works:>5}"
            for path, citations, works in self.chapters
        ]
        lines += ["", "works cited by year of publication"]
        lines += [f"{year:>8}  {'#' * count} {count}" for year, count in self.years]
        lines += ["", "most-cited works (citations, pages)"]
        lines += [
            f"{key:<24} {citations:>4} {pages:>4}" for key, citations, pages in self.most_cited
        ]
        return "\n".join(lines)


def compute(result: CheckResult, top: int = 10) -> Stats:
    chapters = [
        (page.path, page.citations, len(page.works)) for page in result.pages if page.citations
    ]
    citations = result.cited
    pages_citing: Counter[str] = Counter()
    for page in result.pages:
        pages_citing.update(page.works.keys())
    years: Counter[str] = Counter()
    names: dict[str, str] = {}
    bibliography = result.bibliography
    for lowered in citations:
        entry = bibliography.get(lowered) if bibliography else None
        if entry is None:
            continue
        names[lowered] = entry.key
        years[make_work(entry).year] += 1
    ordered_years = sorted(years.items(), key=lambda item: (not item[0].isdigit(), item[0]))
    most = sorted(citations.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return Stats(
        chapters=chapters,
        years=ordered_years,
        most_cited=[(names.get(key, key), count, pages_citing[key]) for key, count in most[:top]],
    )
