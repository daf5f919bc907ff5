"""livingreview: start, check and extend a living literature review."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from livingreview import __version__
from livingreview.cli.check import CheckResult, check
from livingreview.cli.config import ConfigurationError, config_file, load_site
from livingreview.cli.init import (
    DEFAULT_AUTHOR,
    DEFAULT_REQUIREMENTS,
    HOST_COMMANDS,
    HOSTS,
    init_review,
)
from livingreview.cli.pdf import add_pdf_command
from livingreview.cli.release import add_release_command
from livingreview.cli.scaffold import ScaffoldError, new_chapter
from livingreview.cli.stats import compute
from livingreview.diagnostics import Diagnostic, Severity

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE, as a shell reports it


def _severity(diagnostic: Diagnostic, strict: bool) -> Severity:
    """--strict makes warnings errors; a note stays a note."""
    if strict and diagnostic.severity is Severity.WARNING:
        return Severity.ERROR
    return diagnostic.severity


def _text(diagnostic: Diagnostic, strict: bool) -> str:
    severity = _severity(diagnostic, strict).value
    return f"{diagnostic.location}: {severity} {diagnostic.code}: {diagnostic.message}"


def _github(diagnostic: Diagnostic, strict: bool) -> str:
    severity = _severity(diagnostic, strict)
    level = "notice" if severity is Severity.NOTE else severity.value  # GitHub's word
    where = [f"file={diagnostic.path}"]
    if diagnostic.line:
        where.append(f"line={diagnostic.line}")
    if diagnostic.column:
        where.append(f"col={diagnostic.column}")
    message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(where)},title={diagnostic.code}::{message}"


def _json(result: CheckResult, strict: bool) -> str:
    return json.dumps(
        {
            "diagnostics": [
                {
                    "path": d.path,
                    "line": d.line,
                    "column": d.column,
                    "severity": _severity(d, strict).value,
                    "code": d.code,
                    "message": d.message,
                }
                for d in result.diagnostics
            ],
            "summary": {
                "pages": len(result.pages),
                "citations": sum(page.citations for page in result.pages),
                "works_cited": len(result.cited),
                "works_unused": len(result.unused),
            },
        },
        indent=2,
    )


def _show_mkdocs_messages() -> None:
    """Let MkDocs' own explanations of a bad mkdocs.yml reach the user."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_livingreview", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("mkdocs: %(message)s"))
        handler._livingreview = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def _run_check(args: argparse.Namespace) -> int:
    _show_mkdocs_messages()
    try:
        result = check(config_file(args.config_file))
    except ConfigurationError as problem:
        print(f"livingreview: {problem}", file=sys.stderr)
        return EXIT_USAGE
    result.diagnostics.sort(key=lambda d: (d.path, d.line, d.column, d.code))
    if args.format == "json":
        print(_json(result, args.strict))
    else:
        render = _github if args.format == "github" else _text
        for diagnostic in result.diagnostics:
            print(render(diagnostic, args.strict))
        print(result.summary(), file=sys.stderr if args.format == "github" else sys.stdout)
    failing = [d for d in result.diagnostics if _severity(d, args.strict) is Severity.ERROR]
    return EXIT_PROBLEMS if failing else EXIT_OK


def _run_new(args: argparse.Namespace) -> int:
    try:
        site = config_file(args.config_file)
        docs_dir = Path(load_site(site).docs_dir)
        made = new_chapter(site, docs_dir, args.title, after=args.after)
    except (ConfigurationError, ScaffoldError) as problem:
        print(f"livingreview: {problem}", file=sys.stderr)
        return EXIT_USAGE
    page = os.path.relpath(made.page, site.resolve().parent)
    if made.add_yourself:
        uri = made.page.relative_to(docs_dir).as_posix()
        print(
            f'created {page}; add "{uri}" to the nav of {site} yourself: '
            f"livingreview new did not edit it, since {made.add_yourself}"
        )
        return EXIT_OK
    where = "added it to the nav of" if made.nav_updated else "the nav is automatic in"
    placed = f" {made.placed}" if made.placed else ""
    print(f"created {page}; {where} {site.name}{placed}")
    return EXIT_OK


def _run_init(args: argparse.Namespace) -> int:
    root = Path(args.directory)
    try:
        made = init_review(root, args.title, args.author, args.requirement, args.host)
    except ScaffoldError as problem:
        print(f"livingreview: {problem}", file=sys.stderr)
        return EXIT_USAGE
    shown = root.as_posix()
    print(f"created a new review in {shown}:")
    for path in made.written:
        print(f"  {path}")
    print("next, check it and preview it:")
    here = Path(os.path.abspath(root)) == Path.cwd()
    print(f"  {'' if here else f'cd {shlex.quote(shown)} && '}livingreview check --strict")
    print(f"  {HOST_COMMANDS[args.host][1]}")
    return EXIT_OK


def _run_stats(args: argparse.Namespace) -> int:
    try:
        result = check(config_file(args.config_file))
    except ConfigurationError as problem:
        print(f"livingreview: {problem}", file=sys.stderr)
        return EXIT_USAGE
    stats = compute(result, top=args.top)
    print(json.dumps(stats.as_dict(), indent=2) if args.format == "json" else stats.as_text())
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="livingreview", description=__doc__)
    parser.add_argument("--version", action="version", version=f"livingreview {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    checking = commands.add_parser(
        "check",
        help="check every citation, the .bib and the pages",
        description="Check every citation, the .bib and the pages, without building. "
        "Exit 0 when clean, 1 on errors (and on warnings with --strict), 2 on a "
        "usage or configuration problem.",
    )
    checking.add_argument("--strict", action="store_true", help="treat warnings as errors")
    checking.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text (PATH:LINE:COL: …), GitHub Actions annotations, or JSON",
    )
    checking.set_defaults(run=_run_check)

    creating = commands.add_parser(
        "new",
        help="start a chapter: docs/chapters/NN-slug.md, added to the nav",
        description="Create docs/chapters/NN-slug.md with the front matter the review "
        "expects and add it to the nav of mkdocs.yml. Never overwrites a file.",
    )
    creating.add_argument("title", help='the chapter\'s title, such as "Methods"')
    creating.add_argument(
        "--after",
        type=int,
        metavar="N",
        help="put it right after chapter N in the nav (0: first); it is numbered N+1 "
        "if that number is free, else after the highest number in use",
    )
    creating.set_defaults(run=_run_new)

    starting = commands.add_parser(
        "init",
        help="start a new review in DIR: mkdocs.yml, references.bib, a chapter, CI",
        description="Create a new review in DIR (default: here) that builds with "
        "mkdocs build --strict (or with --host zensical, zensical build) and passes its "
        "own CI: mkdocs.yml (or zensical.toml), references.bib, "
        "docs/, CITATION.cff, CHANGELOG.md, CONTRIBUTING.md and GitHub workflows. "
        "Never overwrites a file: exit 2 and nothing written if one is there.",
    )
    starting.add_argument(
        "directory", nargs="?", default=".", metavar="DIR", help="where (default: here)"
    )
    starting.add_argument("--title", required=True, help="the review's title")
    starting.add_argument(
        "--author", help=f"who the review is by, for CITATION.cff (default: {DEFAULT_AUTHOR})"
    )
    starting.add_argument(
        "--requirement",
        metavar="SPEC",
        help="the pip requirement for livingreview that the review's CI installs, "
        f"written to requirements.txt (default: {DEFAULT_REQUIREMENTS['mkdocs']}; with "
        f"--host zensical, {DEFAULT_REQUIREMENTS['zensical']})",
    )
    starting.add_argument(
        "--host",
        choices=HOSTS,
        default="mkdocs",
        help="what builds the site: MkDocs (mkdocs.yml, the default) or Zensical (zensical.toml)",
    )
    starting.set_defaults(run=_run_init)

    counting = commands.add_parser(
        "stats",
        help="citations per page, works by year, most-cited works",
        description="Citations and distinct works per page, cited works by year of "
        "publication, and the most-cited works.",
    )
    counting.add_argument("--format", choices=("text", "json"), default="text")
    counting.add_argument("--top", type=int, default=10, help="how many most-cited works")
    counting.set_defaults(run=_run_stats)
    releasing = add_release_command(commands, lambda d: _text(d, True))
    printing = add_pdf_command(commands)
    for command in (checking, creating, counting, releasing, printing):
        command.add_argument(
            "-f",
            "--config-file",
            help="the site's mkdocs.yml, properdocs.yml or zensical.toml (default: the one "
            "in this folder or the nearest above)",
        )
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except BrokenPipeError:
        return _reader_gone()
    return code


def _reader_gone() -> int:
    """The reader of the output (``livingreview stats | head``) has stopped
    reading: end quietly, as Unix tools do, with the status a shell gives a
    command ended by SIGPIPE, and no error when Python flushes at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
