"""``livingreview pdf``: build the site and print the whole review to a PDF.

The same as ``mkdocs build`` with the plugin's ``pdf: true``: the site is
built into its ``site_dir`` and ``review.pdf`` written at its root (see
:mod:`livingreview.site.pdf`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from livingreview.cli.config import ConfigurationError, needs_mkdocs
from livingreview.cli.config import config_file as find_config

PLUGIN = "livingreview"


class PdfCommandError(Exception):
    """The PDF was not made; the message says why and what to do."""


def build_pdf(config_path: Path) -> Path:
    """Build the site of *config_path* with ``pdf: true``; the PDF's path."""
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise PdfCommandError(str(needs_mkdocs("the pdf command"))) from None

    from livingreview.site.pdf import PDF_NAME, PdfError, require_playwright

    try:
        require_playwright()
    except PdfError as problem:
        raise PdfCommandError(str(problem)) from None
    try:
        config = load_config(str(config_path))
    except MkDocsException as problem:
        raise PdfCommandError(f"{config_path}: {problem}") from None
    plugin: Any = config.plugins.get(PLUGIN)
    if plugin is None:
        raise PdfCommandError(
            f"{config_path} does not use the livingreview plugin; add '- livingreview' "
            "under plugins"
        )
    plugin.config.pdf = True
    try:
        build(config)
    except MkDocsException:  # MkDocs has logged why
        raise PdfCommandError("the build failed (see above), so no PDF was written") from None
    return Path(config.site_dir) / PDF_NAME


def add_pdf_command(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "pdf",
        help="build the site and print the whole review to SITE_DIR/review.pdf",
        description="Build the site as mkdocs build does and print the whole review "
        "(a title page, the chapters in nav order, one bibliography) with Chromium "
        "to review.pdf at the root of the built site; needs "
        "pip install 'livingreview[pdf]'. Exit 0 when written, 1 when it could not "
        "be printed, 2 on a configuration problem.",
    )

    def run(args: argparse.Namespace) -> int:
        try:
            path = find_config(args.config_file)
        except ConfigurationError as problem:
            print(f"livingreview: {problem}", file=sys.stderr)
            return 2
        try:
            target = build_pdf(path)
        except PdfCommandError as problem:
            print(f"livingreview: {problem}", file=sys.stderr)
            return 1
        print(f"wrote {os.path.relpath(target)}")
        return 0

    parser.set_defaults(run=run)
    return parser
