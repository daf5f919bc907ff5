"""Releases as the repository records them: ``CHANGELOG.md`` and ``CITATION.cff``.

A release is a version entry of a changelog in the Keep a Changelog style::

    ## [Unreleased]

    ## [1.3] - 2026-12-10

    Two chapters on crisis response; ...

together with ``version`` and ``date-released`` in ``CITATION.cff``. This
module only reads and writes the two files' text; which commit recorded each
release is :mod:`livingreview.history.gitlog`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from livingreview.diagnostics import Diagnostic, Severity

CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
UNRELEASED = "Unreleased"

_HEADING_RE = re.compile(
    r"^##[ \t]+\[?(?P<version>[^\]\s]+)\]?(?:[ \t]+-[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$",
    re.MULTILINE,
)
# A link reference definition such as ``[1.3]: https://...`` (Keep a
# Changelog puts them at the end): not part of any summary.
_LINK_DEFINITION_RE = re.compile(r"^\[[^\]]+\]:[ \t]+\S+[ \t]*$", re.MULTILINE)
_VERSION_RE = re.compile(r"^\d+(?:\.\d+)*$")


@dataclass(frozen=True)
class Entry:
    """One ``## [VERSION] - DATE`` section of the changelog."""

    version: str
    date: str  # ISO 8601 (YYYY-MM-DD); "" for Unreleased
    summary: str  # the Markdown text under the heading
    line: int  # of the heading, 1-based


def version_key(version: str) -> tuple[int, ...] | None:
    """``1.10`` → ``(1, 10)``, to compare versions; ``None`` if not numeric."""
    version = version.removeprefix("v")
    if not _VERSION_RE.match(version):
        return None
    return tuple(int(part) for part in version.split("."))


def parse_changelog(text: str) -> list[Entry]:
    """Every version section of *text*, in the file's order (newest first)."""
    headings = list(_HEADING_RE.finditer(text))
    entries: list[Entry] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = _LINK_DEFINITION_RE.sub("", text[heading.end() : end]).strip()
        entries.append(
            Entry(
                heading.group("version"),
                heading.group("date") or "",
                body,
                text.count("\n", 0, heading.start()) + 1,
            )
        )
    return entries


def releases(entries: list[Entry]) -> list[Entry]:
    """The entries that are released versions (not Unreleased), newest first."""
    found = [entry for entry in entries if entry.version.lower() != UNRELEASED.lower()]
    return sorted(found, key=lambda entry: version_key(entry.version) or (), reverse=True)


def read_citation(text: str) -> dict[str, Any]:
    """``CITATION.cff`` as a mapping; empty if it is not valid YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def add_release(changelog: str, version: str, date: str, summary: str) -> str:
    """*changelog* with a new ``## [VERSION] - DATE`` entry below Unreleased.

    What was under ``## [Unreleased]`` moves under the new heading, after
    *summary*; an empty Unreleased section stays on top. A changelog
    without an Unreleased section gets one.
    """
    heading = f"## [{version}] - {date}"
    entries = list(_HEADING_RE.finditer(changelog))
    unreleased = next(
        (match for match in entries if match.group("version").lower() == UNRELEASED.lower()),
        None,
    )
    if unreleased is None:
        first = entries[0].start() if entries else len(changelog)
        head = changelog[:first].rstrip("\n")
        head = head + "\n\n" if head else "# Changelog\n\n"
        rest = changelog[first:]
        moved = ""
    else:
        following = [match for match in entries if match.start() > unreleased.start()]
        end = following[0].start() if following else len(changelog)
        head = changelog[: unreleased.start()]
        moved = changelog[unreleased.end() : end].strip("\n")
        rest = changelog[end:]
    body = "\n\n".join(part for part in (summary.strip(), moved) if part)
    new = f"## [{UNRELEASED}]\n\n{heading}\n\n{body}\n"
    return head + new + ("\n" + rest if rest else "")


def set_citation_release(citation: str, version: str, date: str) -> str:
    """*citation* (``CITATION.cff``'s text) with ``version`` and
    ``date-released`` set; everything else, comments included, as it was."""
    for field, value in (("version", f'"{version}"'), ("date-released", date)):
        pattern = re.compile(rf"^{re.escape(field)}:[^\n]*$", re.MULTILINE)
        if pattern.search(citation):
            citation = pattern.sub(f"{field}: {value}", citation, count=1)
        else:
            citation = citation.rstrip("\n") + f"\n{field}: {value}\n"
    return citation


def _top_level(text: str, field: str) -> tuple[str, int]:
    """A top-level ``field: value`` of a YAML file, as written, and its line."""
    match = re.search(rf"^{re.escape(field)}:[ \t]*(.*?)[ \t]*(?:#.*)?$", text, re.MULTILINE)
    if match is None:
        return "", 0
    value = match.group(1)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value, text.count("\n", 0, match.start()) + 1


def citation_mismatches(changelog: str, citation: str) -> list[Diagnostic]:
    """A warning for each of ``CITATION.cff``'s ``version`` and
    ``date-released`` that disagrees with the newest release of the changelog."""
    released = releases(parse_changelog(changelog))
    if not released:
        return []
    newest = released[0]
    where = f"the newest release in {CHANGELOG} is {newest.version} (line {newest.line})"
    found: list[Diagnostic] = []
    for field, expected, shown in (
        ("version", newest.version, f'"{newest.version}"'),
        ("date-released", newest.date, newest.date),
    ):
        value, line = _top_level(citation, field)
        if not expected or value == expected:
            continue
        said = f"{field} is '{value}'" if line else f"there is no {field}"
        found.append(
            Diagnostic(
                CITATION,
                line,
                0,
                Severity.WARNING,
                "citation-cff-mismatch",
                f"{said} but {where}, dated {newest.date}; set '{field}: {shown}' "
                "(livingreview release writes both files)",
            )
        )
    return found


def check_records(root: Path) -> list[Diagnostic]:
    """:func:`citation_mismatches` of the two files in *root*, when both exist."""
    changelog, citation = root / CHANGELOG, root / CITATION
    if not (changelog.is_file() and citation.is_file()):
        return []
    return citation_mismatches(
        changelog.read_text(encoding="utf-8", errors="replace"),
        citation.read_text(encoding="utf-8", errors="replace"),
    )
