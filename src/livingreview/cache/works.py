"""What is derived from each cited entry, kept on disk between builds.

Turning an entry into a :class:`~livingreview.styles.apa.Work` (LaTeX, names) and
formatting its reference cost far more than reading the parsed ``.bib`` from
:mod:`livingreview.cache.store`. Neither depends on the rest of the site except the
2000a/2000b letter, which the stored reference leaves as a slot
(:meth:`~livingreview.styles.apa.ApaStyle.reference_template`). So each work's
derived data, its reference, the problems found while formatting it and its
BibTeX source are stored under the bibliography's cache id (the files' bytes,
the package's version and source, and :data:`FORMAT`), and a build with unchanged ``.bib``
files formats only what it has never formatted before.

JSON, never pickle; a file that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from livingreview.bibliography.latex import Run
from livingreview.bibliography.model import BibEntry, Bibliography
from livingreview.cache.store import read_json, write_json
from livingreview.styles.apa import Message, Name, Problem, Work

FORMAT = 2  # raise whenever Work, the style or the stored fields change


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


def _read_records(path: Path) -> dict[str, Any]:
    data = read_json(path)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        records = data.get("works")
        if isinstance(records, dict):
            return records
    return {}


class WorkCache:
    """Records by lower-case key, read from and written to one JSON file.

    A record is let go once the build has read its reference (the last thing
    read of it), so that the file's contents are not kept for the whole build;
    :meth:`save` reads the file again to add what is new.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records = _read_records(path)
        self.added: dict[str, dict[str, Any]] = {}

    @classmethod
    def open(cls, cache_dir: Path | None, bibliography: Bibliography) -> WorkCache | None:
        """The cache of *bibliography*'s works, or ``None`` if it is not cached."""
        if cache_dir is None or not bibliography.cache_id:
            return None
        return cls(cache_dir / f"{bibliography.cache_id}.works.json")

    def _existing(self, key: str) -> dict[str, Any]:
        record = self.records.get(key.lower())
        return record if isinstance(record, dict) else {}

    def _set(self, key: str, name: str, value: object) -> None:
        self.added.setdefault(key.lower(), {})[name] = value

    def keep_only(self, keys: Iterable[str]) -> None:
        """Let go of the records of every work but *keys* (lower case)."""
        wanted = set(keys)
        self.records = {key: record for key, record in self.records.items() if key in wanted}

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
        template = record.get("reference")
        problems = self.problems(key) if isinstance(template, str) else None
        self.records.pop(key.lower(), None)
        if not isinstance(template, str) or problems is None:
            return None
        return template, problems

    def add_reference(self, key: str, template: str, problems: list[Problem]) -> None:
        self._set(key, "reference", template)
        self.add_problems(key, problems)

    def problems(self, key: str) -> list[Problem] | None:
        """The stored formatting problems of *key* (kept for the build), or ``None``."""
        problems = self._existing(key).get("problems")
        if not isinstance(problems, list):
            return None
        try:
            return [
                (str(code), Message(str(message), str(field))) for code, message, field in problems
            ]
        except (TypeError, ValueError):
            return None

    def add_problems(self, key: str, problems: list[Problem]) -> None:
        self._set(
            key,
            "problems",
            [[code, message, getattr(message, "field", "")] for code, message in problems],
        )

    def bibtex(self, key: str) -> str | None:
        value = self._existing(key).get("bibtex")
        return value if isinstance(value, str) else None

    def add_bibtex(self, key: str, source: str) -> None:
        self._set(key, "bibtex", source)

    def save(self) -> None:
        """Add what this build formatted to the file (if anything)."""
        if not self.added:
            return
        records = _read_records(self.path)
        for key, record in self.added.items():
            existing = records.get(key)
            if isinstance(existing, dict):
                existing.update(record)
            else:
                records[key] = record
        write_json(self.path, {"format": FORMAT, "works": records})
        self.added = {}
