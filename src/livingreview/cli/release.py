"""``livingreview release VERSION "SUMMARY"``: record a release of the review.

It checks the review as ``livingreview check --strict`` does and refuses to
go on if anything is wrong; then it writes the new entry of ``CHANGELOG.md``
(what was under Unreleased moves under it) and ``CITATION.cff``'s
``version`` and ``date-released``, and prints the git commands that commit
and tag the release. It runs no git command itself: the editor (or CI) sees
the change before committing it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livingreview.cli.check import check
from livingreview.cli.config import ConfigurationError
from livingreview.cli.config import config_file as find_config
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.history.changelog import (
    CHANGELOG,
    CITATION,
    add_release,
    parse_changelog,
    releases,
    set_citation_release,
    version_key,
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ReleaseError(Exception):
    """The release cannot be made; the message says why and what to do."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Released:
    problems: list[Diagnostic] = field(default_factory=list)  # refused when any
    written: list[Path] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)


def _date(given: str | None) -> str:
    if given is None:
        return datetime.date.today().isoformat()
    try:
        if _DATE_RE.match(given):
            return datetime.date.fromisoformat(given).isoformat()
    except ValueError:
        pass
    raise ReleaseError(f"--date {given}: not a date; write it as YYYY-MM-DD, such as 2026-12-10")


def release(config_file: Path, version: str, summary: str, date: str | None = None) -> Released:
    if version_key(version) is None or version.startswith("v"):
        raise ReleaseError(f"version '{version}' is not a version number such as 1.3")
    if not summary.strip():
        raise ReleaseError("the summary is empty; say in a sentence what changed")
    day = _date(date)
    root = config_file.resolve().parent
    changelog_file, citation_file = root / CHANGELOG, root / CITATION
    changelog = changelog_file.read_text(encoding="utf-8") if changelog_file.is_file() else ""
    released = releases(parse_changelog(changelog))
    if released and (version_key(version) or ()) <= (version_key(released[0].version) or ()):
        raise ReleaseError(
            f"version {version} is not greater than the last release, {released[0].version} "
            f"({CHANGELOG} line {released[0].line}); choose a higher version",
            1,
        )
    # What `check --strict` fails on: errors and warnings, not notes.
    found = check(config_file).diagnostics
    result = Released(problems=[d for d in found if d.severity is not Severity.NOTE])
    if result.problems:
        return result
    changelog_file.write_text(add_release(changelog, version, day, summary), encoding="utf-8")
    result.written.append(changelog_file)
    if citation_file.is_file():
        citation = citation_file.read_text(encoding="utf-8")
        citation_file.write_text(set_citation_release(citation, version, day), encoding="utf-8")
        result.written.append(citation_file)
    shown = " ".join(os.path.relpath(path) for path in result.written)
    subject = _quoted(_first_sentence(summary))
    result.commands = [
        f'git add {shown} && git commit -m "Release {version}: {subject}"',
        f"git tag v{version}",
    ]
    return result


def _first_sentence(summary: str) -> str:
    """The summary's first sentence, for the commit's subject line (the whole
    summary is in CHANGELOG.md)."""
    line = " ".join(summary.split())
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", line, maxsplit=1)[0]


def _quoted(text: str) -> str:
    """*text* as one line, safe inside double quotes in a shell."""
    line = " ".join(text.split())
    return re.sub(r'(["\\$`])', r"\\\1", line)


def add_release_command(
    commands: Any, render: Callable[[Diagnostic], str]
) -> argparse.ArgumentParser:
    """Add ``release`` to the CLI's sub-commands; *render* prints a problem."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "release",
        help="record a release: CHANGELOG.md and CITATION.cff, after a strict check",
        description="Check the review as 'check --strict' does, then write the release's "
        "entry in CHANGELOG.md (with what was under Unreleased) and version and "
        "date-released in CITATION.cff, and print the git commands to commit and tag it. "
        "Exit 0 when written, 1 when the check finds problems or the version is not "
        "greater than the last, 2 on a usage or configuration problem.",
    )
    parser.add_argument("version", help="the new version, such as 1.3")
    parser.add_argument("summary", help="what changed, in a sentence or two")
    parser.add_argument("--date", help="the release's date, YYYY-MM-DD (default: today)")

    def run(args: argparse.Namespace) -> int:
        try:
            result = release(find_config(args.config_file), args.version, args.summary, args.date)
        except ReleaseError as problem:
            print(f"livingreview: {problem}", file=sys.stderr)
            return problem.code
        except ConfigurationError as problem:
            print(f"livingreview: {problem}", file=sys.stderr)
            return 2
        if result.problems:
            for diagnostic in sorted(
                result.problems, key=lambda d: (d.path, d.line, d.column, d.code)
            ):
                print(render(diagnostic))
            print(
                f"livingreview: not released: fix the {len(result.problems)} problem(s) "
                "above (livingreview check --strict lists them), then run this again",
                file=sys.stderr,
            )
            return 1
        for path in result.written:
            print(f"wrote {os.path.relpath(path)}")
        print("now commit and tag the release:")
        for command in result.commands:
            print(f"  {command}")
        return 0

    parser.set_defaults(run=run)
    return parser
