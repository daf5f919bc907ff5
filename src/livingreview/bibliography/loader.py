"""Load a ``.bib`` file with pybtex, keeping line numbers and every problem.

pybtex parses; this module adds what a review needs around it: the line where
each entry starts, duplicate keys (also those that differ only in case, which
pybtex treats as the same key), syntax errors reported with a line and the
entry they are in instead of raised, entries pybtex could not read named
instead of dropped, undefined ``@string`` abbreviations, names with too many
commas and fields left outside an entry by a stray ``}`` reported, ``@comment``
skipped whole (as Pandoc and biber do), any line ends, and files that are not
UTF-8 read anyway with a warning.

Real exports (Zotero, Mendeley, JabRef, Scopus, Web of Science, INSPIRE) get
BibTeX wrong in known ways; what can be recovered is, with a warning where the
file should change: field names with spaces, ``Year = {{2013}}``, months in
every form, control characters, author lists separated by commas, ``;`` or
``&``, ``Tulving E``, group authors without braces, placeholders left by an
export, ``crossref`` (inherited here, as BibTeX does), and ``@string``
abbreviations shared by several files (:func:`load_bibliographies`). Nothing
here formats references. What an entry is read into is in
:mod:`~livingreview.bibliography.model`; names are read by
:mod:`~livingreview.bibliography.names`, months by
:mod:`~livingreview.bibliography.months`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.textutils import normalize_whitespace

from livingreview.bibliography.latex import greek_letter, group_end
from livingreview.bibliography.model import BibEntry, Bibliography, Command, NameParts
from livingreview.bibliography.months import normalise_month
from livingreview.bibliography.names import Warn, read_names, spaced_names
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

PERSON_ROLES = ("author", "editor")
# Fields whose braces mean nothing: ``Year = {{2013}}`` (Web of Science) is 2013.
_PLAIN_FIELDS = frozenset(
    {
        "year",
        "month",
        "day",
        "date",
        "urldate",
        "doi",
        "pages",
        "volume",
        "number",
        "issue",
        "edition",
        "eid",
        "issn",
        "isbn",
        "url",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "crossref",
        "numpages",
    }
)
# Invisible control characters (tabs and line ends are whitespace).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# More words between a field name and its ``=``: ``funding_text 1 = {…}``.
_FIELD_NAME_REST_RE = re.compile(r'(?:[^\S\n]+[^\s=,{}()"#%]+)+(?=[^\S\n]*=)')
# ``url = {https://…,`` then ``volume = {473},`` on the next line: a value
# whose closing brace is missing has swallowed the fields after it.
_SWALLOWED_FIELD_RE = re.compile(r",[ \t]*\n[ \t]*(?P<name>[A-Za-z][\w-]*)[ \t]*=[ \t]*(?=[{\"\w])")
_COMMON_FIELDS = frozenset(
    {
        "abstract",
        "address",
        "annote",
        "archiveprefix",
        "author",
        "booktitle",
        "chapter",
        "date",
        "doi",
        "edition",
        "editor",
        "eprint",
        "howpublished",
        "institution",
        "isbn",
        "issn",
        "issue",
        "journal",
        "journaltitle",
        "keywords",
        "language",
        "location",
        "month",
        "note",
        "number",
        "organization",
        "pages",
        "publisher",
        "school",
        "series",
        "title",
        "type",
        "url",
        "urldate",
        "volume",
        "year",
    }
)
# ``$\{$beta$\}$``: braces an export escaped as text (Mendeley, Zotero).
_LITERAL_BRACES_RE = re.compile(r"\$\\\{\$(?P<inside>[^$]{0,40}?)\$\\\}\$")
# What a child inherits from the entry its ``crossref`` names, if it lacks it.
_INHERITED = (
    "booktitle",
    "publisher",
    "address",
    "location",
    "organization",
    "institution",
    "school",
    "series",
    "volume",
    "edition",
    "year",
    "month",
)


@dataclass
class _Problem:
    """A syntax error, with the command pybtex was reading when it happened."""

    error: PybtexSyntaxError
    command: Command | None
    field: str | None
    at_next_command: bool
    place: tuple[int, int] | None = None  # the field's, if the file ends in it


@dataclass
class _RawEntry:
    """An entry as the scanner read it: values joined, names not yet split."""

    command: Command
    type: str
    key: str | None
    fields: dict[str, str]  # lower-case name → value (the first, if repeated)
    names: dict[str, str]  # lower-case role → the whole name list
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → line, column


class _Scanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, remembering where each command starts, keeping an
    undefined ``@string`` abbreviation as its name, with a report, rather
    than as an empty field, and reading a field name with spaces in it
    (Scopus, Web of Science) rather than losing every field after it."""

    pos: int  # pybtex's: where the scanner is in the text

    def __init__(self, text: str, owner: _LocatingParser, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.owner = owner
        self.eof_in_value = False
        self.quote_broken = False  # a '}' ended the quoted value being read

    def parse_command(self) -> Any:
        self.owner.begin_command(self.command_start, self.lineno)
        self.quote_broken = False
        return super().parse_command()

    def column(self, start: int) -> int:
        """The 1-based column of the offset *start*."""
        return start - int(self.text.rfind("\n", 0, start))

    def parse_field(self) -> None:
        name = self.optional([self.NAME])
        if not name:
            return
        line, column = self.lineno, self.column(self.pos - len(name.value))
        self.current_field_name = name.value
        self.quote_broken = False
        rest = _FIELD_NAME_REST_RE.match(self.text, self.pos)
        if rest is not None:
            written = name.value + rest.group()
            self.pos = rest.end()
            self.current_field_name = "-".join(written.split())
            self.owner.spaced_names.append(
                (self.owner.current, written, self.current_field_name, (line, column))
            )
        self.required([self.EQUALS])
        self.eat_whitespace()
        if self.owner.current is not None:
            place = (self.current_field_name.lower(), line, column, self.lineno)
            self.owner.current.fields.append(place)
        try:
            self.parse_value()
        except PrematureEOF:
            if self.current_value and not self.eof_in_value:
                # The file ends after the whole value: a brace left open in
                # the last entry swallowed the rest. Kept, to be recovered.
                self.current_fields.append((self.current_field_name, self.current_value))
            raise

    def parse_value(self) -> None:
        # pybtex's, keeping the parts read when the file ends after them.
        self.current_value = [self.parse_value_part()]
        while self.optional([self.HASH]):
            self.current_value.append(self.parse_value_part())

    def parse_string(self, string_end: Any, level: int = 0, max_level: int = 100) -> Any:
        try:
            yield from super().parse_string(string_end, level, max_level)
        except PrematureEOF:
            self.eof_in_value = True  # the file ended inside a field's value
            raise
        except PybtexSyntaxError:
            # pybtex's "unbalanced braces": in a quoted value, a quote left open
            # (the entry's own '}' ends it) or a lone '}'.
            self.quote_broken = level == 0 and string_end is self.QUOTE
            raise

    def substitute_macro(self, name: str) -> str:
        try:
            value: str = self.macros[name]
            return value
        except KeyError:
            place = (self.lineno, self.column(self.pos - len(name)))
            self.owner.undefined.append((self.owner.current, self.current_field_name, name, place))
            return name


class _LocatingParser(Parser):  # type: ignore[misc]
    """pybtex's parser, remembering which entry each problem belongs to and
    keeping each entry's values as read (names are split by the loader)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands: list[Command] = []
        self.current: Command | None = None
        self.scanner: _Scanner | None = None
        self.entries: list[_RawEntry] = []
        self.problems: list[_Problem] = []
        # What is reported later, each with its (line, column).
        self.undefined: list[tuple[Command | None, str | None, str, tuple[int, int]]] = []
        self.repeated_fields: list[tuple[str, str, tuple[int, int]]] = []
        self.spaced_names: list[tuple[Command | None, str, str, tuple[int, int]]] = []
        self.controls: list[tuple[str, str, str, tuple[int, int]]] = []
        self.swallowed: list[tuple[Command, str, list[str], tuple[int, int]]] = []

    def begin_command(self, start: int, line: int) -> None:
        self.current = Command("", None, line, start, start)
        self.commands.append(self.current)

    def parse_string(self, text: str) -> None:
        # pybtex's own loop, with a scanner that keeps positions.
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
            if command.type in ("string", "preamble"):
                continue
            command.key = body[0]
            self.process_entry(entry_type, *body)

    def process_entry(self, entry_type: str, key: str | None, fields: Any) -> None:
        command = self.current
        assert command is not None
        raw = _RawEntry(command, entry_type.lower(), key, {}, {})
        # Where each field is written, in the order read (a name may recur).
        written: dict[str, list[tuple[int, int, int]]] = {}
        for name, line, column, value_line in command.fields:
            written.setdefault(name, []).append((line, column, value_line))
        recovered: list[tuple[str, str, tuple[int, int]]] = []
        for name, value in fields:
            lower = name.lower()
            line, column, value_line = (
                written.get(lower) or [(command.line, 0, command.line)]
            ).pop(0)
            place = (line, column)
            if lower in raw.fields or lower in raw.names:
                self.repeated_fields.append((key or "", name, place))
                continue  # the first value is kept, as BibTeX does
            text = "".join(value)
            swallowed = _SWALLOWED_FIELD_RE.search(text)
            while swallowed and swallowed.group("name").lower() not in _COMMON_FIELDS:
                swallowed = _SWALLOWED_FIELD_RE.search(text, swallowed.end())
            if swallowed is not None:
                # Lines of the swallowed text: its first is the rest of the
                # line where the swallowing value has its comma.
                first = value_line + text.count("\n", 0, swallowed.start())
                found = self._fields_in(text[swallowed.start() + 1 :], first)
                if found:
                    text = text[: swallowed.start()]
                    recovered.extend(found)
                    self.swallowed.append((command, lower, [n for n, _, _ in found], place))
            text, controls = _fix_controls(text)
            if controls:
                self.controls.append((key or "", lower, controls, place))
            text = normalize_whitespace(text)
            if lower in PERSON_ROLES:
                raw.names[lower] = text
            else:
                raw.fields[lower] = text
            raw.places[lower] = place
        for name, text, place in recovered:
            if name not in raw.fields and name not in raw.names:
                (raw.names if name in PERSON_ROLES else raw.fields)[name] = text
                raw.places[name] = place
        self.entries.append(raw)

    def _fields_in(self, text: str, first_line: int) -> list[tuple[str, str, tuple[int, int]]]:
        """The fields in *text*, the part of a value after a missing brace,
        with their places; *text* starts on the line *first_line*."""
        inner = _LocatingParser(filename=self.filename, macros=self.macros)
        inner.parse_string("@misc{swallowed,\n" + text + "\n}")
        if not inner.entries or inner.problems:
            return []
        entry = inner.entries[0]
        return [
            (name, value, (first_line + line - 2, column))
            for name, value in [*entry.names.items(), *entry.fields.items()]
            for line, column in [entry.places.get(name, (2, 0))]
        ]

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
            in_value = scanner is not None and (scanner.eof_in_value or scanner.quote_broken)
            field_name = scanner.current_field_name if in_value and scanner else None
            place = None
            if field_name and command is not None and command.fields:
                _, line, column, _ = command.fields[-1]  # the field being read
                place = (line, column)
            self.problems.append(_Problem(error, command, field_name, at_next, place))


def _fix_controls(value: str) -> tuple[str, str]:
    """*value* without control characters, and those it had.

    U+0080–U+009F in text are almost always Windows-1252 read as Latin-1
    (U+0097 is cp1252's em dash), so they become what they stood for; the
    others are removed.
    """
    found = _CONTROL_RE.findall(value)
    if not found:
        return value, ""

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if "\x80" <= char <= "\x9f":
            try:
                return bytes([ord(char)]).decode("cp1252")
            except UnicodeDecodeError:
                return ""
        return ""

    return _CONTROL_RE.sub(replace, value), "".join(dict.fromkeys(found))


def _unwrap(value: str) -> str:
    """``{2013}`` → ``2013``: braces around a whole value that means no text."""
    while value.startswith("{") and value.endswith("}") and group_end(value, 0) == len(value):
        value = value[1:-1].strip()
    return value


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


def _place(entry: BibEntry, other: BibEntry) -> str:
    """Where *other* is, as seen from *entry*: a line, or a file and line."""
    if other.path != entry.path:
        return f"{other.path}:{other.line}"
    return f"line {other.line}"


def _duplicate_dois(entries: list[BibEntry]) -> list[Diagnostic]:
    """The same DOI under two keys: one work listed twice."""
    seen: dict[str, BibEntry] = {}
    found: list[Diagnostic] = []
    for entry in entries:
        doi = normalise_doi(entry.field("doi")).lower()
        if not doi or doi == "null":
            continue
        first = seen.setdefault(doi, entry)
        if first is not entry:
            found.append(
                Diagnostic(
                    entry.path,
                    *entry.place("doi"),
                    Severity.ERROR,
                    "bib-duplicate-doi",
                    f"entry '{entry.key}' has the same DOI as entry '{first.key}' "
                    f"({_place(entry, first)}): the same work under two keys; keep one "
                    "and cite it",
                )
            )
    return found


def _inherit(entries: dict[str, BibEntry]) -> list[Diagnostic]:
    """Fields a ``crossref`` child lacks, taken from its parent, as BibTeX does.

    Only what describes the whole (the book, the proceedings) is taken; a
    parent's title becomes a chapter's or paper's ``booktitle``. A
    ``crossref`` to no entry is reported: BibTeX says nothing.
    """
    found: list[Diagnostic] = []
    done: set[str] = set()

    def resolve(entry: BibEntry, visiting: set[str]) -> None:
        lowered = entry.key.lower()
        if lowered in done or lowered in visiting:
            return
        visiting.add(lowered)
        target = entry.field("crossref")
        parent = entries.get(target.lower()) if target else None
        if target and parent is None:
            found.append(
                Diagnostic(
                    entry.path,
                    *entry.place("crossref"),
                    Severity.WARNING,
                    "bib-missing-crossref",
                    f"entry '{entry.key}' has crossref = {{{target}}}, but there is no "
                    f"entry '{target}'; nothing is taken from it. Add the entry or "
                    "remove the crossref",
                )
            )
        elif parent is not None and parent is not entry:
            resolve(parent, visiting)
            for name in _INHERITED:
                if name == "year" and entry.field("date"):
                    continue
                if not entry.field(name) and parent.field(name):
                    entry.fields[name] = parent.fields[name]
            if (
                not entry.field("booktitle")
                and parent.field("title")
                and entry.type in ("inproceedings", "incollection", "inbook", "conference")
            ):
                entry.fields["booktitle"] = parent.fields["title"]
            if not entry.persons.get("editor") and parent.persons.get("editor"):
                entry.persons["editor"] = list(parent.persons["editor"])
        done.add(lowered)

    for entry in entries.values():
        resolve(entry, set())
    return found


def decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
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


@dataclass
class _File:
    """One file's entries and problems, before files are combined."""

    path: str
    entries: dict[str, BibEntry]
    keys: dict[str, tuple[str, int]]  # every key of the file: as written, line
    diagnostics: list[Diagnostic]
    macros: Any = None
    leading: list[Diagnostic] = field(default_factory=list)  # the file as a whole


def parse_bibliography(text: str, path: str) -> Bibliography:
    """Parse the text of a ``.bib`` file; *path* is used in messages."""
    return _combine([_read(text, path)])


def _read(text: str, path: str, macros: Any = None) -> _File:
    """Parse one file's text, with the ``@string`` abbreviations *macros*
    (those of the files before it) defined."""
    report: list[Diagnostic] = []
    text = _blank_comments(_normalise_newlines(text))

    options: dict[str, Any] = {"filename": path}
    if macros is not None:
        options["macros"] = macros
    parser = _LocatingParser(**options)
    with pybtex.errors.capture():  # pybtex reports odd names; they are ours
        parser.parse_string(text)
        entries: dict[str, BibEntry] = {}
        made: dict[int, BibEntry] = {}  # id of the command → its entry
        for raw in parser.entries:
            if raw.key and raw.key.lower() not in entries:
                entries[raw.key.lower()] = made[id(raw.command)] = _make_entry(raw, path, report)

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
        report.append(_duplicate_key(key, earlier[0], f"line {earlier[1]}", path, command.line))

    swallowing = {id(command) for command, _, _, _ in parser.swallowed}
    for command, name, names, place in parser.swallowed:
        fields = "', '".join(names)
        report.append(
            Diagnostic(
                path,
                *place,
                Severity.ERROR,
                "bib-unclosed-brace",
                f"the field '{name}' of entry '{command.key}' has no closing brace, so "
                f"it swallowed the fields after it ('{fields}'); they were read all the "
                "same. Close the brace",
            )
        )
    for problem in parser.problems:
        broken = problem.command
        if broken is not None and not broken.key and broken.line in keyless:
            continue  # the missing key, reported above
        if broken is not None and id(broken) in swallowing and not problem.field:
            continue  # the unclosed brace, reported above
        diagnostic = _syntax_problem(problem, path)
        if diagnostic not in report:
            report.append(diagnostic)
        if problem.field and broken is not None and id(broken) in made:
            # Cut short by a brace or quote left open, which the message says:
            # the fields it lost are not reported again as missing.
            made[id(broken)].broken = True
    for where, field_name, macro, place in parser.undefined:
        report.append(_undefined_macro(where, field_name, macro, place, path))
    for key, name, place in parser.repeated_fields:
        report.append(
            Diagnostic(
                path,
                *place,
                Severity.WARNING,
                "bib-duplicate-field",
                f"entry '{key}' has the field '{name}' more than once; "
                "only the first value is used",
            )
        )
    report.extend(spaced_names(parser.spaced_names, path))
    for key, name, chars, place in parser.controls:
        report.append(_control_characters(key, name, chars, place, path))
    report.extend(_stray_fields(text, parser.commands, path))

    for bib_entry in entries.values():
        for name, value in bib_entry.fields.items():
            if _SWALLOWED_ENTRY_RE.search(value):
                report.append(
                    Diagnostic(
                        path,
                        *bib_entry.place(name),
                        Severity.ERROR,
                        "bib-unclosed-brace",
                        f"the field '{name}' of entry '{bib_entry.key}' runs into "
                        "the next entry: a closing brace or quote is missing",
                    )
                )
    # Entries in the text that pybtex never reached (swallowed by a field).
    for _, key, line in _entry_starts(text):
        if key and key.lower() not in entries and key.lower() not in first_line:
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
    return _File(path, entries, first_line, report, parser.macros)


def _combine(files: list[_File]) -> Bibliography:
    """One bibliography of several files: the first entry of a key is used,
    ``crossref`` is resolved across files, DOIs compared across files."""
    bibliography = Bibliography(files[0].path if files else "")
    owners: dict[str, tuple[str, str, int]] = {}  # key → as written, file, line
    for file in files:
        for lowered, (key, line) in file.keys.items():
            owner = owners.setdefault(lowered, (key, file.path, line))
            if owner[1:] != (file.path, line):
                place = f"{owner[1]}:{owner[2]}"
                file.diagnostics.append(_duplicate_key(key, owner[0], place, file.path, line))
        for lowered, entry in file.entries.items():
            if owners.get(lowered, ("", file.path))[1] == file.path:
                bibliography.entries.setdefault(lowered, entry)
    by_path = {file.path: file for file in files}
    later = _inherit(bibliography.entries) + _duplicate_dois(list(bibliography.entries.values()))
    for diagnostic in later:
        by_path[diagnostic.path].diagnostics.append(diagnostic)
    for file in files:
        file.diagnostics.sort(key=lambda d: (d.line, d.code))
        bibliography.diagnostics.extend(file.leading + file.diagnostics)
    return bibliography


def _duplicate_key(key: str, earlier: str, place: str, path: str, line: int) -> Diagnostic:
    same = "the same key" if earlier == key else f"key '{earlier}' (keys are case-insensitive)"
    return Diagnostic(
        path,
        line,
        0,
        Severity.ERROR,
        "bib-duplicate-key",
        f"duplicate key '{key}': {same} is already used at {place}; rename one of "
        "the two entries (the first is used)",
    )


def _make_entry(raw: _RawEntry, path: str, report: list[Diagnostic]) -> BibEntry:
    """A :class:`BibEntry` of what the scanner read, repaired where it can be."""
    key = raw.key or ""
    line = raw.command.line

    def warner(name: str) -> Warn:
        """Reports a warning at the place of the field *name*."""
        place = raw.places.get(name, (line, 0))

        def warn(code: str, message: str) -> None:
            report.append(Diagnostic(path, *place, Severity.WARNING, code, message))

        return warn

    fields: dict[str, str] = {}
    for name, value in raw.fields.items():
        warn = warner(name)
        if name in _PLAIN_FIELDS:
            value = _unwrap(value)
        if "$\\{$" in value:
            value = _literal_braces(value, key, name, warn)
        if name == "month" and value:
            month = normalise_month(value)
            if month is None:
                warn(
                    "bib-bad-month",
                    f"entry '{key}' has the month '{value}', which is not a month; it "
                    "is not printed. Write it as 'jun', '6' or 'June'",
                )
            else:
                value = month
        fields[name] = value
    persons: dict[str, list[NameParts]] = {}
    for role, value in raw.names.items():
        names = read_names(value, role, key, warner(role))
        if names:
            persons[role] = names
    return BibEntry(key, raw.type, fields, persons, line, path, dict(raw.places))


def _literal_braces(value: str, key: str, name: str, warn: Warn) -> str:
    r"""``$\{$beta$\}$`` → ``$\beta$``, ``$\{$Ca$\}$`` → ``{Ca}`` (what the
    editor meant, most often), with a warning."""

    def replace(match: re.Match[str]) -> str:
        inside = match.group("inside").strip()
        symbol = greek_letter(inside)
        written = match.group(0)
        if symbol:
            warn(
                "bib-literal-brace",
                f"entry '{key}': the field '{name}' has '{written}', the name of a "
                f"symbol in braces an export wrote as text; it is printed as '{symbol}'. "
                f"Write '${chr(92)}{inside}$' or '{symbol}'",
            )
            return f"${chr(92)}{inside}$"
        warn(
            "bib-literal-brace",
            f"entry '{key}': the field '{name}' has '{written}', braces an export "
            "wrote as text; they are read as BibTeX's braces, which keep capitals. "
            f"Write '{{{inside}}}'",
        )
        return f"{{{inside}}}"

    return _LITERAL_BRACES_RE.sub(replace, value)


def _control_characters(
    key: str, name: str, chars: str, place: tuple[int, int], path: str
) -> Diagnostic:
    codes = ", ".join(f"U+{ord(char):04X}" for char in chars)
    meant = [_fix_controls(char)[0] for char in chars]
    if all(meant):
        done = f"they were read as the Windows-1252 characters they stand for ({' '.join(meant)})"
    elif any(meant):
        done = "they were read as the Windows-1252 characters they stand for, or removed"
    else:
        done = "they were removed"
    return Diagnostic(
        path,
        *place,
        Severity.WARNING,
        "bib-control-character",
        f"entry '{key}': the field '{name}' has invisible control characters ({codes}); "
        f"{done}. Retype that text",
    )


def _command_name(command: Command | None) -> str:
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
            # Where the field starts: the brace or quote is open from there.
            return Diagnostic(
                path,
                *(problem.place or (command.line, 0)),
                Severity.ERROR,
                "bib-unclosed-brace",
                f"the field '{problem.field}' of entry '{command.key}' has a brace or "
                "quote that is never closed: the file ends inside it, so this field and "
                "the rest of the entry are lost. Close it",
            )
        return Diagnostic(
            path,
            command.line,
            0,
            Severity.ERROR,
            "bib-syntax",
            f"the file ends inside entry '{command.key}': its closing '}}' is missing",
        )
    if problem.field and command is not None and command.key:
        return Diagnostic(
            path,
            *(problem.place or (command.line, 0)),
            Severity.ERROR,
            "bib-syntax",
            f"the field '{problem.field}' of entry '{command.key}' has a quote that is "
            f"not closed, or a '}}' inside its quotes (at line {error.lineno}): this "
            "field and the rest of the entry are lost. Close the quote (or remove the "
            "stray '}')",
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
    command: Command | None,
    field_name: str | None,
    macro: str,
    place: tuple[int, int],
    path: str,
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
        *place,
        Severity.ERROR,
        "bib-undefined-string",
        f"{where} uses '{macro}', which no @string before it defines; it is printed "
        f"as written. Define it (@string{{{macro} = {{...}}}}) or write the value "
        f"in braces ({{{macro}}})",
    )


def _stray_fields(text: str, commands: list[Command], path: str) -> list[Diagnostic]:
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
        start = match.start("field")
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        stray = " ".join(match.group("field").split())
        if len(stray) > 40:
            stray = stray[:39] + "…"
        name = f"entry '{command.key}'" if command.key else f"the @{command.type}"
        found.append(
            Diagnostic(
                path,
                line,
                column,
                Severity.ERROR,
                "bib-stray-text",
                f"'{stray}' is outside any entry and is ignored: {name} (line "
                f"{command.line}) ends before it; look for an extra '}}'",
            )
        )
    return found


def load_bibliography(file: Path, display_path: str) -> Bibliography:
    """Read and parse *file*; a missing file is one error, not a traceback."""
    return load_bibliographies([(file, display_path)])


def load_bibliographies(files: list[tuple[Path, str]]) -> Bibliography:
    """Read and parse several ``.bib`` files, as Pandoc's ``bibliography:``
    list: *files* are ``(file, path shown in messages)``, read in order.

    ``@string`` abbreviations of a file can be used in the files after it
    (JabRef keeps authors as abbreviations in a file of their own); a key in
    two files is reported, with both places, and the first entry is used.
    Each entry's :attr:`BibEntry.path` is its file's.
    """
    read: list[_File] = []
    macros: Any = None
    for file, display in files:
        try:
            raw = file.read_bytes()
        except OSError:
            missing = Diagnostic(
                display,
                0,
                0,
                Severity.ERROR,
                "bib-missing",
                "bibliography file not found; check the 'bibliography' "
                "option of the livingreview plugin in mkdocs.yml",
            )
            read.append(_File(display, {}, {}, [], macros, [missing]))
            continue
        text, problems = decode(raw, display)
        read.append(_read(text, display, macros))
        read[-1].leading = problems
        macros = read[-1].macros
    return _combine(read)


def parse_bytes(raw: bytes, display_path: str) -> Bibliography:
    """Parse the bytes of a ``.bib`` file, UTF-8 or else Latin-1 with a warning."""
    text, problems = decode(raw, display_path)
    file = _read(text, display_path)
    file.leading = problems
    return _combine([file])
