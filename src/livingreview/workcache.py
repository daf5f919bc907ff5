"""What is derived from each cited entry, kept on disk between builds.

Turning an entry into a :class:`~livingreview.apa.Work` (LaTeX, names) and
formatting its reference cost far more than reading the parsed ``.bib`` from
:mod:`livingreview.cache`. Neither depends on the rest of the site except the
2000a/2000b letter, which the stored reference leaves as a slot
(:meth:`~livingreview.apa.ApaStyle.reference_template`). So each work's
derived data, its reference, the problems found while formatting it and its
BibTeX source are stored under the bibliography's cache id (the files' bytes,
the package version and :data:`FORMAT`), and a build with unchanged ``.bib``
files formats only what it has never formatted before.

JSON, never pickle; a file that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from livingreview.apa import Name, Work
from livingreview.bibliography import BibEntry, Bibliography
from livingreview.cache import write_json
from livingreview.latex import Run

FORMAT = 1  # raise whenever Work, the style or the stored fields change

Problem = tuple[str, str]  # (diagnostic code, message)


def _encode_work(work: Work) -> dict[str, Any]:
    return {
        "type": work.type,
        "names": [[n.family, n.initials, n.suffix, n.corporate] for n in work.names],
        "et_al": work.et_al,
        "editors": work.editors_as_authors,
        "year": work.year,
        "year_sort": list(work.year_sort),
        "title": [[run.text, run.protected, sorted(run.styles)] for run in work.title],
        "unknown": work.unknown_macros,
    }


def _decode_work(entry: BibEntry, data: dict[str, Any]) -> Work:
    first, second = data["year_sort"]
    return Work(
        entry=entry,
        type=str(data["type"]),
        names=[
            Name(str(family), str(initials), str(suffix), bool(corporate))
            for family, initials, suffix, corporate in data["names"]
        ],
        et_al=bool(data["et_al"]),
        editors_as_authors=bool(data["editors"]),
        year=str(data["year"]),
        year_sort=(int(first), int(second)),
        title=[
            Run(str(text), bool(protected), frozenset(str(s) for s in styles))
            for text, protected, styles in data["title"]
        ],
        unknown_macros=[str(macro) for macro in data["unknown"]],
    )


class WorkCache:
    """Records by lower-case key, read from and written to one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT:
                records = data.get("works")
                if isinstance(records, dict):
                    self.records = records
        except (OSError, ValueError):
            pass  # none yet, or unreadable: start empty

    @classmethod
    def open(cls, cache_dir: Path | None, bibliography: Bibliography) -> WorkCache | None:
        """The cache of *bibliography*'s works, or ``None`` if it is not cached."""
        if cache_dir is None or not bibliography.cache_id:
            return None
        return cls(cache_dir / f"{bibliography.cache_id}.works.json")

    def _existing(self, key: str) -> dict[str, Any]:
        record = self.records.get(key.lower())
        return record if isinstance(record, dict) else {}

    def _record(self, key: str) -> dict[str, Any]:
        record = self.records.get(key.lower())
        if not isinstance(record, dict):
            record = self.records[key.lower()] = {}
        return record

    def _set(self, key: str, name: str, value: object) -> None:
        self._record(key)[name] = value
        self.changed = True

    def work(self, entry: BibEntry) -> Work | None:
        """The stored work of *entry*, or ``None``."""
        data = self._existing(entry.key).get("work")
        if data is None:
            return None
        try:
            return _decode_work(entry, data)
        except (KeyError, TypeError, ValueError):
            return None

    def add_work(self, work: Work) -> None:
        self._set(work.key, "work", _encode_work(work))

    def reference(self, key: str) -> tuple[str, list[Problem]] | None:
        """The stored reference template and formatting problems, or ``None``."""
        record = self._existing(key)
        template, problems = record.get("reference"), record.get("problems")
        if not isinstance(template, str) or not isinstance(problems, list):
            return None
        return template, [(str(code), str(message)) for code, message in problems]

    def add_reference(self, key: str, template: str, problems: list[Problem]) -> None:
        self._set(key, "reference", template)
        self._set(key, "problems", [list(problem) for problem in problems])

    def bibtex(self, key: str) -> str | None:
        value = self._existing(key).get("bibtex")
        return value if isinstance(value, str) else None

    def add_bibtex(self, key: str, source: str) -> None:
        self._set(key, "bibtex", source)

    def save(self) -> None:
        """Write what was added since the file was read (if anything)."""
        if self.changed:
            write_json(self.path, {"format": FORMAT, "works": self.records})
            self.changed = False
