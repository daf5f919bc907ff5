"""Load a ``.bib`` file with pybtex, keeping line numbers and every problem.

pybtex parses; this module adds what a review needs around it: the line where
each entry starts, duplicate keys (also those that differ only in case, which
pybtex treats as the same key), syntax errors reported with a line instead of
raised, entries pybtex could not read named instead of dropped, and files that
are not UTF-8 read anyway with a warning. Nothing here formats references.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PrematureEOF, PybtexSyntaxError

from livingreview.diagnostics import Diagnostic, Severity

# Where an entry starts: ``@type{key,`` (or with parentheses).
_ENTRY_START_RE = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>[A-Za-z]+)[ \t\r\n]*[{(][ \t\r\n]*(?P<key>[^,\s{}()\"=#%]*)",
    re.MULTILINE,
)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# A field value that swallowed the start of the next entry.
_SWALLOWED_ENTRY_RE = re.compile(r"(?:^|\s)@[A-Za-z]+\s*[{(]\s*[^,\s{}()]*,")
_NOT_ENTRIES = {"string", "comment", "preamble"}


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
    as JSON (see :mod:`livingreview.cache`). Field and role names are
    lower-case, as BibTeX treats them case-insensitively.
    """

    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[NameParts]]
    line: int

    def field(self, name: str) -> str:
        """A field's raw (LaTeX) value, ``""`` when absent."""
        return self.fields.get(name, "").strip()

    @classmethod
    def from_pybtex(cls, key: str, entry: Entry, line: int) -> BibEntry:
        return cls(
            key=key,
            type=entry.type.lower(),
            fields={name.lower(): value for name, value in entry.fields.items()},
            persons={
                role.lower(): [NameParts.from_person(person) for person in people]
                for role, people in entry.persons.items()
            },
            line=line,
        )


@dataclass
class Bibliography:
    """Every readable entry of one ``.bib`` file, looked up case-insensitively."""

    path: str
    entries: dict[str, BibEntry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

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


class _LocatingParser(Parser):  # type: ignore[misc]
    """pybtex's parser, remembering which entry each problem belongs to."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problems: list[PybtexSyntaxError] = []
        self.repeated_fields: list[tuple[str, str]] = []

    def process_entry(self, entry_type: str, key: str, fields: Any) -> None:
        seen: set[str] = set()
        for name, _ in fields:
            if name.lower() in seen:
                self.repeated_fields.append((key, name))
            seen.add(name.lower())
        super().process_entry(entry_type, key, fields)

    def handle_error(self, error: Exception) -> None:
        # Repeated fields are collected above; pybtex's own report of
        # repeated entries is superseded by the duplicate-key check.
        if isinstance(error, PybtexSyntaxError):
            self.problems.append(error)


def normalise_doi(value: str) -> str:
    """``https://doi.org/10.1/x``, ``doi:10.1/x`` → ``10.1/x``."""
    return _DOI_PREFIX_RE.sub("", value.strip()).strip()


def _duplicate_dois(bibliography: Bibliography) -> list[Diagnostic]:
    """The same DOI under two keys: one work listed twice."""
    seen: dict[str, BibEntry] = {}
    found: list[Diagnostic] = []
    for entry in bibliography.entries.values():
        doi = normalise_doi(entry.field("doi")).lower()
        if not doi or doi == "null":
            continue
        first = seen.setdefault(doi, entry)
        if first is not entry:
            found.append(
                Diagnostic(
                    bibliography.path,
                    entry.line,
                    0,
                    Severity.ERROR,
                    "bib-duplicate-doi",
                    f"entry '{entry.key}' has the same DOI as entry '{first.key}' (line "
                    f"{first.line}): the same work under two keys; keep one and cite it",
                )
            )
    return found


def _decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        text = raw.decode("latin-1")
        return text, [
            Diagnostic(
                path,
                line,
                0,
                Severity.WARNING,
                "bib-encoding",
                "the file is not UTF-8; it was read as Latin-1. "
                "Save it as UTF-8 so that accents come out right",
            )
        ]


def _entry_starts(text: str) -> list[tuple[str, str, int]]:
    """``(type, key, line)`` of every entry, from the text itself."""
    starts = []
    line = 1
    last = 0
    for match in _ENTRY_START_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        entry_type = match.group("type").lower()
        if entry_type not in _NOT_ENTRIES:
            starts.append((entry_type, match.group("key"), line))
    return starts


def _entry_at(starts: list[tuple[str, str, int]], line: int) -> tuple[str, int] | None:
    """The key and start line of the entry that contains *line*."""
    found = None
    for _, key, start in starts:
        if start > line:
            break
        found = (key, start)
    return found


def parse_bibliography(text: str, path: str) -> Bibliography:
    """Parse the text of a ``.bib`` file; *path* is used in messages."""
    bibliography = Bibliography(path)
    report = bibliography.diagnostics
    starts = _entry_starts(text)
    first_line: dict[str, tuple[str, int]] = {}
    for _, key, line in starts:
        if not key:
            report.append(
                Diagnostic(
                    path,
                    line,
                    0,
                    Severity.ERROR,
                    "bib-no-key",
                    "entry without a key; give it one, such as 'smith2020', "
                    "so that it can be cited",
                )
            )
            continue
        earlier = first_line.get(key.lower())
        if earlier is None:
            first_line[key.lower()] = (key, line)
            continue
        earlier_key, earlier_line = earlier
        same = (
            "the same key"
            if earlier_key == key
            else (f"key '{earlier_key}' (keys are case-insensitive)")
        )
        report.append(
            Diagnostic(
                path,
                line,
                0,
                Severity.ERROR,
                "bib-duplicate-key",
                f"duplicate key '{key}': {same} is already used at line "
                f"{earlier_line}; rename one of the two entries (the first is used)",
            )
        )

    parser = _LocatingParser(filename=path)
    with pybtex.errors.capture() as captured:
        data: BibliographyData = parser.parse_string(text)
    for error in parser.problems + [
        error for error in captured if isinstance(error, PybtexSyntaxError)
    ]:
        diagnostic = _syntax_problem(error, starts, path)
        if diagnostic not in report:
            report.append(diagnostic)
    for key, name in parser.repeated_fields:
        report.append(
            Diagnostic(
                path,
                first_line.get(key.lower(), ("", 0))[1],
                0,
                Severity.WARNING,
                "bib-duplicate-field",
                f"entry '{key}' has the field '{name}' more than once; "
                "only the first value is used",
            )
        )

    line_of = {key.lower(): line for key, line in first_line.values()}
    for key, entry in data.entries.items():
        if key.startswith("unnamed-") and key.lower() not in line_of:
            continue  # reported above as an entry without a key
        bibliography.entries[key.lower()] = BibEntry.from_pybtex(
            key, entry, line_of.get(key.lower(), 0)
        )
    for bib_entry in bibliography.entries.values():
        for name, value in bib_entry.fields.items():
            if _SWALLOWED_ENTRY_RE.search(value):
                report.append(
                    Diagnostic(
                        path,
                        bib_entry.line,
                        0,
                        Severity.ERROR,
                        "bib-unclosed-brace",
                        f"the field '{name}' of entry '{bib_entry.key}' runs into "
                        "the next entry: a closing brace or quote is missing",
                    )
                )
    for key, line in first_line.values():
        if key.lower() not in bibliography.entries:
            report.append(
                Diagnostic(
                    path,
                    line,
                    0,
                    Severity.ERROR,
                    "bib-unreadable-entry",
                    f"entry '{key}' could not be read and cannot be cited; "
                    "check its braces, quotes and commas",
                )
            )
    report.extend(_duplicate_dois(bibliography))
    report.sort(key=lambda d: (d.line, d.code))
    return bibliography


def _syntax_problem(
    error: PybtexSyntaxError, starts: list[tuple[str, str, int]], path: str
) -> Diagnostic:
    line = error.lineno or 0
    where = _entry_at(starts, line)
    if where is None:
        entry = ""
    elif where[0]:
        entry = f" in entry '{where[0]}' (line {where[1]})"
    else:
        entry = f" in the entry that starts at line {where[1]}"
    if isinstance(error, PrematureEOF):
        what = "the file ends inside an entry: a brace or quote is not closed"
    else:
        what = "syntax error: check the braces, quotes, '=' and commas"
    return Diagnostic(path, line, 0, Severity.ERROR, "bib-syntax", f"{what}{entry}")


def load_bibliography(file: Path, display_path: str) -> Bibliography:
    """Read and parse *file*; a missing file is one error, not a traceback."""
    try:
        raw = file.read_bytes()
    except OSError:
        bibliography = Bibliography(display_path)
        bibliography.diagnostics.append(
            Diagnostic(
                display_path,
                0,
                0,
                Severity.ERROR,
                "bib-missing",
                "bibliography file not found; check the 'bibliography' "
                "option of the livingreview plugin in mkdocs.yml",
            )
        )
        return bibliography
    return parse_bytes(raw, display_path)


def parse_bytes(raw: bytes, display_path: str) -> Bibliography:
    """Parse the bytes of a ``.bib`` file, UTF-8 or else Latin-1 with a warning."""
    text, problems = _decode(raw, display_path)
    bibliography = parse_bibliography(text, display_path)
    bibliography.diagnostics[:0] = problems
    return bibliography
