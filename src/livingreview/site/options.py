"""Settings in ``mkdocs.yml`` that would silently do nothing.

Shared by the build and ``livingreview check``; each problem is reported at
the line of the setting in ``mkdocs.yml`` (0 when it cannot be found).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from livingreview.diagnostics import Diagnostic, Severity

# The address that ``livingreview init`` writes into a new review's mkdocs.yml.
SITE_URL_PLACEHOLDER = "https://example.org/your-review/"

# The plugin's options that name a page, and what is lost without it.
_PAGE_OPTIONS = {
    "bibliography_page": "the list of every cited work is not made",
    "evidence_map_page": "the evidence map is not added",
    "whats_new_page": "the list of releases is not added",
}


def _text(config_file: Path) -> str:
    try:
        return config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""  # MkDocs has read it; only the lines are then unknown


def option_line(config_text: str, key: str) -> int:
    """The line of the first ``key:`` (YAML) or ``key =`` (TOML) in *config_text*
    (1-based), or 0."""
    match = re.search(rf"^[ \t-]*{re.escape(key)}[ \t]*[:=]", config_text, re.MULTILINE)
    return config_text.count("\n", 0, match.start()) + 1 if match else 0


def missing_pages(
    config_file: Path, docs_dir: str, options: Mapping[str, Any], pages: Collection[str]
) -> list[Diagnostic]:
    """A warning for each page option naming a page the site does not have.

    *pages*: the site's pages, relative to *docs_dir*.
    """
    config_text = _text(config_file)
    docs_display = Path(os.path.relpath(docs_dir, config_file.resolve().parent)).as_posix()
    found: list[Diagnostic] = []
    for option, lost in _PAGE_OPTIONS.items():
        page = options.get(option)
        if not page or page in pages:
            continue
        found.append(
            Diagnostic(
                config_file.name,
                option_line(config_text, option),
                0,
                Severity.WARNING,
                "missing-page",
                f"the livingreview option '{option}' names '{page}', which is not a page "
                f"of the site, so {lost}; create {docs_display}/{page} or fix the option",
            )
        )
    return found


def site_url_problems(config_file: Path, site_url: str | None) -> list[Diagnostic]:
    """A note when ``site_url`` is still the placeholder of ``livingreview init``:
    reported until it is set, but never failing ``--strict``, so that a new
    review passes its own CI on the first try."""
    if (site_url or "").rstrip("/") != SITE_URL_PLACEHOLDER.rstrip("/"):
        return []
    return [
        Diagnostic(
            config_file.name,
            option_line(_text(config_file), "site_url"),
            0,
            Severity.NOTE,
            "site-url-placeholder",
            f"site_url is still the placeholder '{SITE_URL_PLACEHOLDER}'; set it to the "
            "address where the review is published (such as "
            "https://USER.github.io/REPOSITORY/), which links and search engines use",
        )
    ]


def style_problems(config_file: Path, options: Mapping[str, Any]) -> list[Diagnostic]:
    """An error when the style the options name cannot be had: an unknown
    ``style``, a CSL style that is not found, no Pandoc to render it."""
    from livingreview.site.library import StyleError, check_native, resolve_csl

    csl = options.get("csl") or ""
    try:
        if csl:
            resolve_csl(csl, options.get("pandoc") or "", config_file.resolve().parent)
        else:
            check_native(options.get("style") or "", f"option in {config_file.name}")
    except StyleError as problem:
        line = option_line(_text(config_file), "csl" if csl else "style")
        message = str(problem).removeprefix("livingreview: ")
        return [Diagnostic(config_file.name, line, 0, Severity.ERROR, "style-unavailable", message)]
    return []
