"""What a ``.bib`` file is read into: plain data, independent of pybtex's
classes, so that it can be cached as JSON (see :mod:`livingreview.cache.store`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pybtex.database import Person

from livingreview.diagnostics import Diagnostic


@dataclass(frozen=True)
class NameParts:
    """A name as BibTeX splits it, each part still in LaTeX."""

    first: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    prelast: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    lineage: tuple[str, ...] = ()

    @classmethod
    def from_person(cls, person: Person) -> NameParts:
        return cls(
            tuple(person.first_names),
            tuple(person.middle_names),
            tuple(person.prelast_names),
            tuple(person.last_names),
            tuple(person.lineage_names),
        )


@dataclass
class BibEntry:
    """One work of the ``.bib``: key as written, type, fields, names, line.

    Plain data, independent of pybtex's classes, so that it can be cached
    as JSON (see :mod:`livingreview.cache.store`). Field and role names are
    lower-case, as BibTeX treats them case-insensitively.
    """

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[NameParts]]
    line: int
    # The file the entry is in, when several are read ("" when only one is).
    path: str = field(default="", compare=False)
    # Where each field (and ``author``/``editor``) is written: (line, column)
    # of its name. Fields inherited through ``crossref`` have none.
    places: dict[str, tuple[int, int]] = field(default_factory=dict)
    # A brace or quote left open cut the entry short (an error says so): the
    # fields after it were not read.
    broken: bool = False

    def field(self, name: str) -> str:
        """A field's raw (LaTeX) value, ``""`` when absent."""
        return self.fields.get(name, "").strip()

    def place(self, name: str) -> tuple[int, int]:
        """Where the field *name* is written: ``(line, column)``; the entry's
        line (and no column) for a field it does not have."""
        return self.places.get(name, (self.line, 0))


@dataclass
class Bibliography:
    """Every readable entry of one ``.bib`` file (or of several, read in
    order: :func:`load_bibliographies`), looked up case-insensitively.
    *path* is the (first) file's."""

    path: str
    entries: dict[str, BibEntry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Names the exact bytes read (set by the on-disk cache); what is derived
    # from the entries may be kept on disk under it. "" when not cached.
    cache_id: str = field(default="", compare=False)

    def get(self, key: str) -> BibEntry | None:
        return self.entries.get(key.lower())

    def __contains__(self, key: str) -> bool:
        return key.lower() in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def suggestions(self, key: str, limit: int = 3) -> list[str]:
        """Keys close to *key*, for "did you mean" messages."""
        lowered = key.lower()
        matches = difflib.get_close_matches(lowered, self.entries, n=limit, cutoff=0.75)
        return [self.entries[match].key for match in matches]


@dataclass
class Command:
    """One ``@…{…}`` command as pybtex read it."""

    type: str
    key: str | None
    line: int
    start: int  # offset of the ``@``
    end: int  # offset just after it, or where reading it failed
    failed: bool = False
    # Each field as read, in order: lower-case name, line and column of the
    # name, line where its value starts.
    fields: list[tuple[str, int, int, int]] = field(default_factory=list)
