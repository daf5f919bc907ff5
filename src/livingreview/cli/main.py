"""livingreview: check a living literature review without building it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from livingreview import __version__
from livingreview.cli.check import CheckResult, ConfigurationError, check, load_site
from livingreview.cli.release import add_release_command
from livingreview.cli.scaffold import ScaffoldError, new_chapter
from livingreview.cli.stats import compute
from livingreview.diagnostics import Diagnostic, Severity

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _severity(diagnostic: Diagnostic, strict: bool) -> Severity:
    return Severity.ERROR if strict else diagnostic.severity


def _text(diagnostic: Diagnostic, strict: bool) -> str:
    severity = _severity(diagnostic, strict).value
    return f"{diagnostic.location}: {severity} {diagnostic.code}: {diagnostic.message}"


def _github(diagnostic: Diagnostic, strict: bool) -> str:
    severity = _severity(diagnostic, strict).value
    where = [f"file={diagnostic.path}"]
    if diagnostic.line:
        where.append(f"line={diagnostic.line}")
    if diagnostic.column:
        where.append(f"col={diagnostic.column}")
    message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{severity} {','.join(where)},title={diagnostic.code}::{message}"


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
        result = check(Path(args.config_file))
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
        config, _ = load_site(Path(args.config_file))
        made = new_chapter(Path(args.config_file), Path(config.docs_dir), args.title)
    except (ConfigurationError, ScaffoldError) as problem:
        print(f"livingreview: {problem}", file=sys.stderr)
        return EXIT_USAGE
    root = Path(args.config_file).resolve().parent
    page = os.path.relpath(made.page, root)
    where = "added it to the nav of" if made.nav_updated else "the nav is automatic in"
    print(f"created {page}; {where} {Path(args.config_file).name}")
    return EXIT_OK


def _run_stats(args: argparse.Namespace) -> int:
    try:
        result = check(Path(args.config_file))
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
    creating.set_defaults(run=_run_new)

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
    for command in (checking, creating, counting, releasing):
        command.add_argument(
            "-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml"
        )
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
