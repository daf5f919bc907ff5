"""A page as MkDocs reads it: front matter split off, citations checked.

Shared by the build and ``livingreview check`` so that both strip front
matter the same way, count lines the same way and word unknown keys and
mistakes in citing (:mod:`livingreview.markdown.lint`) the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from livingreview.bibliography.model import Bibliography
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.markdown.citations import Citation
from livingreview.markdown.lint import Mistake, candidates, keyed
from livingreview.markdown.scanner import LineIndex, scan

# The same patterns MkDocs uses (mkdocs.utils.meta), so lines agree with it:
# YAML between ``---`` lines, or else MultiMarkdown's ``Key: value`` lines.
_FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE_RE = re.compile(r"^(?:[ ]{4}|\t)(\s*)(?P<value>.*)")


# What ``livingreview new`` writes for the editor to replace (the summary in
# the front matter, the first words of the body); left in place, they are
# reported (see :mod:`livingreview.markdown.frontmatter`).
PLACEHOLDER_SUMMARY = "One sentence saying what this chapter covers."
PLACEHOLDER_TEXT = "Write the chapter here."


@dataclass
class Page:
    """The Markdown body MkDocs converts, and where it starts in the file."""

    body: str
    line_offset: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


_H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def page_title(meta: dict[str, Any], body: str, path: str) -> str:
    """The page's title: its front matter's, its first H1, or its file name."""
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _H1_RE.search(body)
        title = heading.group(1) if heading else PurePosixPath(path).stem.replace("-", " ")
    return title.strip()


def split_front_matter(source: str, path: str) -> Page:
    """Split YAML front matter off *source* exactly as MkDocs does.

    Front matter that is not valid YAML, or not a mapping, is reported; MkDocs
    then keeps it as page text, and so do the line numbers here. Without
    ``---`` lines MkDocs takes leading ``Key: value`` lines as (MultiMarkdown)
    metadata and drops them from the page; so does this function, and a
    citation among them is reported, since it would never be shown.
    """
    match = _FRONT_MATTER_RE.match(source)
    if not match:
        return _split_multimarkdown(source, path)
    try:
        data = yaml.safe_load(match.group(1))
    except Exception as error:  # MkDocs ignores any failure here, and so must we
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
        return Page(
            source,
            diagnostics=[
                Diagnostic(
                    path,
                    1,
                    0,
                    Severity.WARNING,
                    "front-matter",
                    "front matter is empty; MkDocs will show it as page text (the "
                    "'---' lines as rules). Remove it, or add a line such as 'title: ...'",
                )
            ],
        )
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


def _split_multimarkdown(source: str, path: str) -> Page:
    """MkDocs' MultiMarkdown metadata: ``Key: value`` lines up to a blank one."""
    lines = source.split("\n")
    meta: dict[str, Any] = {}
    key: str | None = None
    first_key = ""
    used = 0  # lines taken as metadata, the blank line that ends them included
    for line in lines:
        if not line.strip():
            used += 1
            break
        first = _META_RE.match(line)
        more = _META_MORE_RE.match(line)
        if first:
            first_key = first_key or first.group("key")
            key = first.group("key").lower().strip()
            value = first.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif more and key:
            meta[key] += " " + more.group("value").strip()
        else:
            break
        used += 1
    head = "\n".join(lines[:used])
    body = "\n".join(lines[used:]).lstrip("\n")
    offset = source[: len(source) - len(body)].count("\n")
    diagnostics: list[Diagnostic] = []
    citations = scan(head) if meta else []
    if citations:
        position = LineIndex(head).position(citations[0].items[0].offset)
        diagnostics.append(
            Diagnostic(
                path,
                position.line,
                position.column,
                Severity.WARNING,
                "front-matter",
                f"MkDocs reads the first lines of the page as metadata ('{first_key}: "
                f"...') and does not show them, so the citation of "
                f"'{citations[0].items[0].key}' is lost; start the page with a "
                "heading or a blank line",
            )
        )
    return Page(body, offset, meta, diagnostics)


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


def citing_mistakes(
    text: str,
    is_key: Callable[[str], bool],
    path: str,
    line_offset: int = 0,
    find: Callable[[str], list[Mistake]] = candidates,
) -> list[Diagnostic]:
    """A warning for each mistake in citing on the page *text*; *is_key* says
    whether a word is a key of the bibliography; *find* gives the page's
    candidates (:func:`livingreview.markdown.lint.candidates`, or a cache of them)."""
    found = keyed(find(text), is_key)
    if not found:
        return []
    index = LineIndex(text)
    diagnostics: list[Diagnostic] = []
    for mistake in found:
        position = index.position(mistake.offset)
        diagnostics.append(
            Diagnostic(
                path,
                position.line + line_offset,
                position.column,
                Severity.WARNING,
                mistake.code,
                mistake.message,
            )
        )
    return diagnostics
