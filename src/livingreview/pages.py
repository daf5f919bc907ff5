"""A page as MkDocs reads it: front matter split off, citations checked.

Shared by the build and ``livingreview check`` so that both strip front
matter the same way, count lines the same way and word unknown keys the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from livingreview.bibliography import Bibliography
from livingreview.citations import Citation
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.scanner import LineIndex

# The same pattern MkDocs uses (mkdocs.utils.meta), so lines agree with it.
_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass
class Page:
    """The Markdown body MkDocs converts, and where it starts in the file."""

    body: str
    line_offset: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def split_front_matter(source: str, path: str) -> Page:
    """Split YAML front matter off *source* exactly as MkDocs does.

    Front matter that is not valid YAML, or not a mapping, is reported; MkDocs
    then keeps it as page text, and so do the line numbers here.
    """
    match = _FRONT_MATTER_RE.match(source)
    if not match:
        return Page(source)
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        return Page(
            source,
            diagnostics=[
                Diagnostic(
                    path,
                    line,
                    0,
                    Severity.ERROR,
                    "front-matter",
                    f"front matter is not valid YAML ({problem}); MkDocs will show "
                    "it as page text. Check the quotes, colons and indentation",
                )
            ],
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Page(
            source,
            diagnostics=[
                Diagnostic(
                    path,
                    1,
                    0,
                    Severity.ERROR,
                    "front-matter",
                    "front matter must be a mapping of 'key: value' lines "
                    "(such as 'title: ...'); MkDocs will show it as page text",
                )
            ],
        )
    rest = source[match.end() :]
    body = rest.lstrip("\n")
    offset = source[: len(source) - len(body)].count("\n")
    return Page(body, offset, data)


def unknown_key_message(key: str, suggestions: list[str]) -> str:
    message = f"unknown citation key '{key}'"
    if suggestions:
        quoted = " or ".join(f"'{suggestion}'" for suggestion in suggestions)
        message += f" (did you mean {quoted}?)"
    return message


def unknown_keys(
    citations: list[Citation],
    text: str,
    bibliography: Bibliography,
    path: str,
    line_offset: int = 0,
    severity: Severity = Severity.WARNING,
) -> list[Diagnostic]:
    """A diagnostic for each cited key that is not in *bibliography*."""
    index: LineIndex | None = None
    found: list[Diagnostic] = []
    for citation in citations:
        for item in citation.items:
            if item.key in bibliography:
                continue
            index = index or LineIndex(text)
            position = index.position(item.offset)
            found.append(
                Diagnostic(
                    path,
                    position.line + line_offset,
                    position.column,
                    severity,
                    "unknown-key",
                    unknown_key_message(item.key, bibliography.suggestions(item.key)),
                )
            )
    return found
