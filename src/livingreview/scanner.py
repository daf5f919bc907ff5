"""Find the citations in a Markdown page, with their positions.

One scanner serves the build (:mod:`livingreview.extension`) and
``livingreview check``, so that the two can never disagree about what is a
citation. It works on the page's own text, before Python-Markdown touches it,
and leaves alone what Pandoc leaves alone: fenced and indented code, inline
code, HTML comments and tags, URLs, e-mail addresses, link destinations,
reference definitions, image alt text and escaped ``\\@``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from livingreview.citations import (
    BRACED_KEY_RE,
    KEY_RE,
    Citation,
    CitationItem,
    Mode,
    parse_bracketed,
    parse_narrative_suffix,
)

TAB_WIDTH = 4

_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Blocks whose content is indented by four more spaces without being code:
# list items, admonitions and details (``!!!``, ``???``), content tabs
# (``===``), footnote definitions and definition-list bodies.
_CONTAINER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:[*+-][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?\+?|===\+?|"
    r"\[\^[^\]]+\]:|:[ \t])"
)

_INLINE_RE = re.compile(
    r"""
    (?P<escape>\\[\\`*_{}\[\]()#+\-.!@<>~^|:;'"$%&])
  | (?P<comment><!--.*?(?:-->|\Z))
  | (?P<code>(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))
  | (?P<ticks_unmatched>`+)
  | (?P<autolink><(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*|[^<>@\s]+@[^<>@\s]+)>)
  | (?P<tag></?[a-zA-Z][a-zA-Z0-9\-]*(?:\s[^<>]*)?/?>)
  | (?P<url>(?<![\w/])(?:[a-zA-Z][a-zA-Z0-9+.\-]*://|www\.)[^\s<>]*[^\s<>.,;:!?'")\]])
  | (?P<refdef>^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+)
  | (?P<destination>\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)
        (?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\))
  | (?P<image>!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])
  | (?P<bracket>\[)
  | (?P<at>(?<![\w@.\\/:+\-=~])@)
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)
# A narrative citation's locator: ``@key [p. 46]``, one space, no nested ``@``.
_NARRATIVE_LOCATOR_RE = re.compile(r"[ ]\[(?P<content>[^\[\]@\n]*)\](?![(\[:])")


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the scanned text."""

    line: int
    column: int


class LineIndex:
    """Turn offsets into line and column numbers, cheaply and repeatedly."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)


def _indent_width(whitespace: str) -> int:
    return len(whitespace.expandtabs(TAB_WIDTH))


def _prose_regions(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the text outside code blocks."""
    containers: list[int] = [0]  # content indent of each open container
    fence: tuple[str, int] | None = None
    previous_blank = True
    previous_code = False
    region_start = 0
    offset = 0
    for line in text.split("\n"):
        line_end = offset + len(line) + 1
        stripped = line.strip()
        indent = _indent_width(line[: len(line) - len(line.lstrip())])
        if fence is not None:
            closing = _FENCE_RE.match(line)
            if (
                closing
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= fence[1]
                and not closing.group("info").strip()
            ):
                fence = None
                region_start = line_end
            offset = line_end
            continue
        if not stripped:
            previous_blank = True
            offset = line_end
            continue
        if not previous_blank and not previous_code:
            pass  # a lazy continuation line keeps the open containers
        else:
            while len(containers) > 1 and indent < containers[-1]:
                containers.pop()
        is_code = (previous_blank or previous_code) and indent >= containers[-1] + 4
        opening = _FENCE_RE.match(line)
        if is_code:
            if not previous_code:
                yield region_start, offset
            region_start = line_end
        elif opening and not (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            yield region_start, offset
            fence = (opening.group("fence")[0], len(opening.group("fence")))
        else:
            container = _CONTAINER_RE.match(line)
            if container:
                container_indent = _indent_width(container.group("indent"))
                while len(containers) > 1 and container_indent < containers[-1]:
                    containers.pop()
                containers.append(container_indent + 4)
        previous_code = is_code
        previous_blank = False
        offset = line_end
    if fence is None:
        yield region_start, len(text)


def _matching_bracket(text: str, start: int, limit: int) -> int | None:
    """Index of the ``]`` closing the ``[`` at *start*, within a paragraph."""
    depth = 0
    index = start
    while index < limit:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        elif char == "\n":
            next_line_end = text.find("\n", index + 1, limit)
            if next_line_end == -1:
                next_line_end = limit
            if not text[index + 1 : next_line_end].strip():
                return None  # a blank line ends the paragraph
        index += 1
    return None


def _bracketed_at(text: str, start: int, limit: int) -> Citation | None:
    end = _matching_bracket(text, start, limit)
    if end is None:
        return None
    following = text[end + 1 : end + 2] if end + 1 < limit else ""
    if following in ("(", "["):
        return None  # an inline link or a reference link
    content = text[start + 1 : end]
    if "@" not in content:
        return None
    items = parse_bracketed(content, start + 1)
    if items is None:
        return None
    year_only = len(items) == 1 and items[0].suppress_author
    mode = Mode.YEAR_ONLY if year_only else Mode.PARENTHETICAL
    return Citation(items, mode, start, end + 1, text[start : end + 1])


def _narrative_at(text: str, at: int, limit: int) -> Citation | None:
    braced = BRACED_KEY_RE.match(text, at + 1, limit)
    match = braced or KEY_RE.match(text, at + 1, limit)
    if match is None:
        return None
    key = braced.group(1) if braced else match.group(0)
    end = match.end()
    item = CitationItem(key=key, offset=at)
    locator_match = _NARRATIVE_LOCATOR_RE.match(text, end, limit)
    if locator_match:
        item.locator, item.suffix = parse_narrative_suffix(locator_match.group("content"))
        end = locator_match.end()
    return Citation([item], Mode.NARRATIVE, at, end, text[at:end])


def _scan_region(text: str, start: int, end: int) -> Iterator[Citation]:
    position = start
    while True:
        match = _INLINE_RE.search(text, position, end)
        if match is None:
            return
        kind = match.lastgroup
        position = match.end()
        citation: Citation | None = None
        if kind == "bracket":
            citation = _bracketed_at(text, match.start(), end)
        elif kind == "at":
            citation = _narrative_at(text, match.start(), end)
        if citation is not None:
            position = citation.end
            yield citation


def scan(text: str) -> list[Citation]:
    """Every citation in the Markdown *text*, in order, with offsets."""
    citations: list[Citation] = []
    for start, end in _prose_regions(text):
        if start < end:
            citations.extend(_scan_region(text, start, end))
    return citations
