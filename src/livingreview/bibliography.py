"""Load a ``.bib`` file with pybtex, keeping line numbers and every problem.

pybtex parses; this module adds what a review needs around it: the line where
each entry starts, duplicate keys (also those that differ only in case, which
pybtex treats as the same key), syntax errors reported with a line and the
entry they are in instead of raised, entries pybtex could not read named
instead of dropped, undefined ``@string`` abbreviations, names with too many
commas and fields left outside an entry by a stray ``}`` reported, ``@comment``
skipped whole (as Pandoc and biber do), any line ends, and files that are not
UTF-8 read anyway with a warning. Nothing here formats references.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired

from livingreview.diagnostics import Diagnostic, Severity

# Where an entry starts: ``@type{key,`` (or with parentheses).
ENTRY_START_RE = re.compile(
    r"^[ \t]*@[ \t]*(?P<type>[A-Za-z]+)[ \t\r\n]*(?P<open>[{(])[ \t\r\n]*"
    r"(?P<key>[^,\s{}()\"=#%]*)",
    re.MULTILINE,
)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# A field value that swallowed the start of the next entry.
_SWALLOWED_ENTRY_RE = re.compile(r"(?:^|\s)@[A-Za-z]+\s*[{(]\s*[^,\s{}()]*,")
NOT_ENTRIES = {"string", "comment", "preamble"}
# ``@comment`` at the start of a line, then (perhaps) its braced body.
_COMMENT_RE = re.compile(r"^[ \t]*@[ \t]*comment\b[ \t\n]*", re.IGNORECASE | re.MULTILINE)
# Text between entries that looks like a field: an entry closed too early.
_STRAY_FIELD_RE = re.compile(
    r"^(?![ \t]*%)[ \t,]*(?P<field>[A-Za-z][\w-]*[ \t]*=[ \t]*[^\n]*)", re.MULTILINE
)


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


@dataclass
class _Command:
    """One ``@…{…}`` command as pybtex read it."""

    type: str
    key: str | None
    line: int
    start: int  # offset of the ``@``
    end: int  # offset just after it, or where reading it failed
    failed: bool = False


@dataclass
class _Problem:
    """A syntax error, with the command pybtex was reading when it happened."""

    error: PybtexSyntaxError
    command: _Command | None
    field: str | None
    at_next_command: bool


class _Scanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, remembering where each command starts and keeping
    an undefined ``@string`` abbreviation as its name, with a report, rather
    than as an empty field."""

    def __init__(self, text: str, owner: _LocatingParser, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.owner = owner
        self.eof_in_value = False

    def parse_command(self) -> Any:
        self.owner.begin_command(self.command_start, self.lineno)
        return super().parse_command()

    def parse_string(self, string_end: Any, level: int = 0, max_level: int = 100) -> Any:
        try:
            yield from super().parse_string(string_end, level, max_level)
        except PrematureEOF:
            self.eof_in_value = True  # the file ended inside a field's value
            raise

    def substitute_macro(self, name: str) -> str:
        try:
            value: str = self.macros[name]
            return value
        except KeyError:
            self.owner.undefined.append(
                (self.owner.current, self.current_field_name, name, self.lineno)
            )
            return name


class _LocatingParser(Parser):  # type: ignore[misc]
    """pybtex's parser, remembering which entry each problem belongs to."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands: list[_Command] = []
        self.current: _Command | None = None
        self.scanner: _Scanner | None = None
        self.problems: list[_Problem] = []
        self.undefined: list[tuple[_Command | None, str | None, str, int]] = []
        self.repeated_fields: list[tuple[str, str, int]] = []
        self.bad_names: list[tuple[str, str, str, int]] = []
        self.unnamed: set[str] = set()

    def begin_command(self, start: int, line: int) -> None:
        self.current = _Command("", None, line, start, start)
        self.commands.append(self.current)

    def parse_string(self, text: str) -> BibliographyData:
        # pybtex's own loop, with a scanner that keeps positions.
        self.unnamed_entry_counter = 1
        self.scanner = _Scanner(
            text,
            self,
            keyless_entries=self.keyless_entries,
            handle_error=self.handle_error,
            want_entry=self.data.want_entry,
            filename=self.filename,
            macros=self.macros,
        )
        for entry_type, body in self.scanner:
            command = self.current
            assert command is not None
            command.type = entry_type.lower()
            command.end = self.scanner.pos
            if command.type == "string":
                continue
            if command.type == "preamble":
                self.process_preamble(*body)
                continue
            command.key = body[0]
            self.process_entry(entry_type, *body)
        return self.data

    def process_entry(self, entry_type: str, key: str | None, fields: Any) -> None:
        line = self.current.line if self.current else 0
        if key is None:
            self.unnamed.add(f"unnamed-{self.unnamed_entry_counter}")
        seen: set[str] = set()
        for name, value in fields:
            if name.lower() in seen:
                self.repeated_fields.append((key or "", name, line))
            seen.add(name.lower())
            if name in self.person_fields:
                for person in split_name_list(" ".join("".join(value).split())):
                    if _top_level_commas(person) > 2:
                        self.bad_names.append((key or "", name.lower(), person, line))
        super().process_entry(entry_type, key, fields)

    def handle_error(self, error: Exception) -> None:
        # Repeated fields are collected above; pybtex's own report of
        # repeated entries is superseded by the duplicate-key check.
        if isinstance(error, PybtexSyntaxError):
            command = self.current
            scanner = self.scanner
            at_next = False
            if command is not None and scanner is not None:
                command.failed = True
                position = error.error_context_info[-1]
                at_next = isinstance(error, TokenRequired) and scanner.text.startswith(
                    "@", position
                )
            in_value = scanner is not None and scanner.eof_in_value
            field_name = scanner.current_field_name if in_value and scanner else None
            self.problems.append(_Problem(error, command, field_name, at_next))


def _top_level_commas(name: str) -> int:
    """Commas outside braces: BibTeX's ``Last, Jr, First`` has at most two."""
    depth = 0
    commas = 0
    for char in name:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            commas += 1
    return commas


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blank_comments(text: str) -> str:
    """Blank out each ``@comment{...}`` (keeping its line breaks).

    BibTeX ignores only the word ``@comment``, so an entry "commented out"
    inside one is read all the same; Pandoc and biber skip the braced body
    whole, which is what an editor means. Without braces, or with braces that
    never close, only the word is skipped, as in BibTeX.
    """
    pieces: list[str] = []
    last = 0
    for match in _COMMENT_RE.finditer(text):
        if match.start() < last:
            continue  # inside a comment already blanked
        end = match.end()
        opening = text[end : end + 1]
        if opening in ("{", "("):
            closing = "}" if opening == "{" else ")"
            depth = 0
            for index in range(end, len(text)):
                char = text[index]
                if char == opening:
                    depth += 1
                elif char == closing:
                    depth -= 1
                    if depth == 0:
                        end = index + 1
                        break
            else:
                end = match.end()
        else:
            end = match.end()
        pieces.append(text[last : match.start()])
        pieces.append(re.sub(r"[^\n]", " ", text[match.start() : end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


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
    for match in ENTRY_START_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        entry_type = match.group("type").lower()
        if entry_type not in NOT_ENTRIES:
            starts.append((entry_type, match.group("key"), line))
    return starts


def parse_bibliography(text: str, path: str) -> Bibliography:
    """Parse the text of a ``.bib`` file; *path* is used in messages."""
    bibliography = Bibliography(path)
    report = bibliography.diagnostics
    text = _blank_comments(_normalise_newlines(text))

    parser = _LocatingParser(filename=path)
    with pybtex.errors.capture():
        data: BibliographyData = parser.parse_string(text)

    # Keys, lines and duplicates, in the order pybtex read the entries.
    first_line: dict[str, tuple[str, int]] = {}
    keyless: set[int] = set()
    for command in parser.commands:
        if command.type in ("", "string", "preamble"):
            continue
        key = command.key
        if not key:
            keyless.add(command.line)
            report.append(
                Diagnostic(
                    path,
                    command.line,
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
            first_line[key.lower()] = (key, command.line)
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
                command.line,
                0,
                Severity.ERROR,
                "bib-duplicate-key",
                f"duplicate key '{key}': {same} is already used at line "
                f"{earlier_line}; rename one of the two entries (the first is used)",
            )
        )

    for problem in parser.problems:
        broken = problem.command
        if broken is not None and not broken.key and broken.line in keyless:
            continue  # the missing key, reported above
        diagnostic = _syntax_problem(problem, path)
        if diagnostic not in report:
            report.append(diagnostic)
    for where, field_name, macro, line in parser.undefined:
        report.append(_undefined_macro(where, field_name, macro, line, path))
    for key, name, line in parser.repeated_fields:
        report.append(
            Diagnostic(
                path,
                line,
                0,
                Severity.WARNING,
                "bib-duplicate-field",
                f"entry '{key}' has the field '{name}' more than once; "
                "only the first value is used",
            )
        )
    for key, role, name, line in parser.bad_names:
        report.append(
            Diagnostic(
                path,
                line,
                0,
                Severity.WARNING,
                "bib-bad-name",
                f"entry '{key}': the {role} '{name}' has too many commas; separate "
                "names with 'and' ('Doe, Jane and Roe, Richard') and write each as "
                "'Last, First' or 'Last, Jr., First'",
            )
        )
    report.extend(_stray_fields(text, parser.commands, path))

    for key, entry in data.entries.items():
        if key in parser.unnamed:
            continue  # reported above as an entry without a key
        bibliography.entries[key.lower()] = BibEntry.from_pybtex(
            key, entry, first_line.get(key.lower(), ("", 0))[1]
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
    # Entries in the text that pybtex never reached (swallowed by a field).
    for _, key, line in _entry_starts(text):
        if key and key.lower() not in bibliography.entries and key.lower() not in first_line:
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


def _command_name(command: _Command | None) -> str:
    if command is None:
        return ""
    if command.key:
        return f" in entry '{command.key}' (line {command.line})"
    if command.type in ("string", "preamble"):
        return f" in the @{command.type} at line {command.line}"
    return f" in the entry that starts at line {command.line}"


def _syntax_problem(problem: _Problem, path: str) -> Diagnostic:
    error, command = problem.error, problem.command
    if command is not None and command.key and problem.at_next_command:
        # pybtex wanted the entry's ``,`` or ``}`` and found the next ``@``.
        return Diagnostic(
            path,
            command.line,
            0,
            Severity.ERROR,
            "bib-syntax",
            f"entry '{command.key}' runs into the next entry (line {error.lineno}): "
            "a brace or quote in it is not closed, or its closing '}' is missing",
        )
    if isinstance(error, PrematureEOF) and command is not None and command.key:
        if problem.field:
            where = f"the field '{problem.field}' of entry '{command.key}'"
            what = "a brace or quote is not closed"
        else:
            where = f"entry '{command.key}'"
            what = "its closing '}' is missing"
        return Diagnostic(
            path,
            command.line,
            0,
            Severity.ERROR,
            "bib-syntax",
            f"the file ends inside {where}: {what}",
        )
    return Diagnostic(
        path,
        error.lineno or 0,
        0,
        Severity.ERROR,
        "bib-syntax",
        f"syntax error: check the braces, quotes, '=' and commas{_command_name(command)}",
    )


def _undefined_macro(
    command: _Command | None, field_name: str | None, macro: str, line: int, path: str
) -> Diagnostic:
    kind = command.type if command is not None else ""
    if kind == "string":
        where = f"@string '{field_name}'"
    elif kind == "preamble":
        where = "a @preamble"
    elif command is not None and command.key:
        where = f"entry '{command.key}': the field '{field_name}'"
    else:
        where = f"the field '{field_name}'"
    return Diagnostic(
        path,
        line,
        0,
        Severity.ERROR,
        "bib-undefined-string",
        f"{where} uses '{macro}', which no @string before it defines; it is printed "
        f"as written. Define it (@string{{{macro} = {{...}}}}) or write the value "
        f"in braces ({{{macro}}})",
    )


def _stray_fields(text: str, commands: list[_Command], path: str) -> list[Diagnostic]:
    """Fields after an entry's closing brace: BibTeX ignores them, silently.

    An extra ``}`` (``title = {A}},``) closes the entry early, and the fields
    after it are lost; text between entries is otherwise a comment.
    """
    found: list[Diagnostic] = []
    for index, command in enumerate(commands):
        if command.failed or not command.type:
            continue  # the rest of a broken entry: already reported
        gap_end = commands[index + 1].start if index + 1 < len(commands) else len(text)
        match = _STRAY_FIELD_RE.search(text, command.end, gap_end)
        if match is None or "@" in text[command.end : match.start()]:
            continue
        line = text.count("\n", 0, match.start()) + 1
        stray = " ".join(match.group("field").split())
        if len(stray) > 40:
            stray = stray[:39] + "…"
        name = f"entry '{command.key}'" if command.key else f"the @{command.type}"
        found.append(
            Diagnostic(
                path,
                line,
                0,
                Severity.ERROR,
                "bib-stray-text",
                f"'{stray}' is outside any entry and is ignored: {name} (line "
                f"{command.line}) ends before it; look for an extra '}}'",
            )
        )
    return found


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
