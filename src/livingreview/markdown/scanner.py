"""Find the citations in a Markdown page, with their positions.

One scanner serves the build (:mod:`livingreview.site.extension`) and
``livingreview check``, so that the two can never disagree about what is a
citation. It works on the page's own text, before Python-Markdown touches it,
and leaves alone what Pandoc leaves alone: fenced and indented code (also in
block quotes), inline code, HTML comments and tags, the content of ``<pre>``,
``<script>``, ``<style>`` and ``<textarea>``, URLs, e-mail addresses, link
destinations, reference definitions (with their titles), image alt text and
escaped ``\\@``. Where Pandoc and Python-Markdown, which renders the page,
disagree about blocks (a fence never closed, the indentation of code in a
list item), it follows Python-Markdown, so that what it skips is what the
page shows as code, and every citation it finds is rendered.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from livingreview.markdown.citations import (
    Citation,
    CitationItem,
    Mode,
    key_at,
    parse_bracketed,
    parse_narrative_bracket,
)

TAB_WIDTH = 4

_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# One ``>`` marker of a block quote at the start of a line.
_QUOTE_MARKER_RE = re.compile(r"[ ]{0,3}>[ ]?")
# HTML whose content is not Markdown (CommonMark's HTML blocks of kinds 1
# and 2): Python-Markdown passes it through, so a citation there would put a
# ``<span>`` into a script, a style sheet or preformatted text.
_RAW_TAGS = r"script|pre|style|textarea"
_RAW_BLOCK_RE = re.compile(
    rf"^[ \t]*<(?:(?P<tag>{_RAW_TAGS})(?=[\s>]|$)|(?P<comment>!--))", re.IGNORECASE
)
_COMMENT_START_RE = re.compile(r"^[ \t]*<!--")
_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]|$)")
_RULE_RE = re.compile(r"^[ ]{0,3}(?:([-*_])[ \t]*(?:\1[ \t]*){2,}|=+[ \t]*|-+[ \t]*)$")
# Blocks whose content is indented by four more spaces without being code:
# list items, admonitions and details (``!!!``, ``???``), content tabs
# (``===``), footnote definitions and definition-list bodies.
_CONTAINER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:[*+-][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?\+?|===\+?|"
    r"\[\^[^\]]+\]:|:[ \t])"
)

_INLINE_PARTS = {
    "escape": r"""\\[\\`*_{}\[\]()#+\-.!@<>~^|:;'"$%&]""",
    # An HTML comment, as Python-Markdown reads one: closed, within a paragraph.
    "comment": r"<!--(?:(?!<!--|-->|\n[ \t]*\n).)*-->",
    "code": r"(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)",
    "ticks_unmatched": r"`+",
    # An autolink: any scheme, as in Pandoc, or an address as Python-Markdown
    # reads one (its local part may hold an ``@``: ``<@a@b>`` is a mail link).
    "autolink": r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*|[^<> !]+@[^@<> ]+)>",
    # ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``: content not Markdown.
    "raw": r"""(?i:<(?P<raw_tag>script|pre|style|textarea)(?=[\s/>])[^>]*>
        (?:(?!\n[ \t]*\n).)*?</(?P=raw_tag)\s*>)""",
    "tag": r"</?[a-zA-Z][a-zA-Z0-9\-]*(?:\s[^<>]*)?/?>",
    # A bare URL (up to a bracket: ``http://x.org/[@key]`` cites ``key``).
    "url": r"(?<![\w/])(?:[a-zA-Z][a-zA-Z0-9+.\-]*://|www\.)[^\s<>\[]*[^\s<>\[.,;:!?'\")\]]",
    # A reference definition as Python-Markdown reads it (in a block quote
    # too), title included.
    "refdef": r"""^(?:[ ]{0,3}>[ ]?)*[ ]{0,3}\[[^\[\]\n]*\]:[ ]*(?:\n[ ]*)?[^\s]+[ ]*
        (?:(?:\n[ ]*)?(?:(?P<quote>["'])[^\n]*(?P=quote)|\([^\n]*\))[ ]*)?$""",
    "destination": r"""\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)
        (?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)""",
    # An image's alt text (``![...]`` then its address); it may span lines.
    "image": r"!\[(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*\](?=[(\[])",
    "bracket": r"\[",
    "at": r"@",
}


def _inline_re(url: bool, refdef: bool) -> re.Pattern[str]:
    """The inline scanner's pattern: the first alternative that matches wins.

    A bare URL may start at any letter and a reference definition at any
    line, which stops the regex engine from skipping ahead to the few
    characters that can start anything else; so the scanner uses them only
    in a region where they can match (``://`` or ``www.``, ``]:``).
    """
    return re.compile(
        "|".join(
            f"(?P<{name}>{part})"
            for name, part in _INLINE_PARTS.items()
            if (url or name != "url") and (refdef or name != "refdef")
        ),
        re.VERBOSE | re.MULTILINE | re.DOTALL,
    )


_INLINE_RE = _inline_re(url=True, refdef=True)
_INLINE_SHORT_RE = _inline_re(url=False, refdef=False)
# Every alternative but those two starts with one of these characters.
_INLINE_START_RE = re.compile(r"[\\<`\]!\[@]")


def _next_inline(text: str, position: int, end: int, short: bool) -> re.Match[str] | None:
    """What ``_INLINE_RE.search(text, position, end)`` finds; with *short*
    (no URL or reference definition can be in the region), found by jumping
    from one possible first character to the next, which is much faster."""
    if not short:
        return _INLINE_RE.search(text, position, end)
    while (candidate := _INLINE_START_RE.search(text, position, end)) is not None:
        match = _INLINE_SHORT_RE.match(text, candidate.start(), end)
        if match is not None:
            return match
        position = candidate.start() + 1
    return None


# A narrative citation's locator, as Pandoc reads it: ``@key [p. 46]``, after
# spaces and at most one line break, not a footnote (``@key [^1]``) and not a
# link (``@key [text](url)``); it may cite more works (``@doe [-@doe2020]``).
_NARRATIVE_LOCATOR_RE = re.compile(
    r"[ \t]*(?:\n[ \t]*)?\[(?!\^)(?P<content>[^\[\]\n]*)\](?![(\[:])"
)
# What a citation's ``@`` (or ``-@``) must not follow, as Pandoc's "not after
# a word": a word character, another ``@``, an escaping backslash, or the
# punctuation of e-mail addresses, handles and URLs (``a.b@x``, ``/@x``).
_WORD_RE = re.compile(r"\w")
_NOT_BEFORE_AT = frozenset("@.\\/:+-=~")


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


@dataclass(frozen=True)
class _Fence:
    """An open code fence: its backticks or tildes, block quote depth, the
    offset of its line and its indentation."""

    marker: str
    depth: int
    offset: int
    indent: int

    def closed_by(self, line: re.Match[str]) -> bool:
        """Whether a line matched by ``_FENCE_RE`` closes this fence: the same
        character, at least as many, no info string, not indented as code."""
        return (
            line.group("fence")[0] == self.marker[0]
            and len(line.group("fence")) >= len(self.marker)
            and not line.group("info").strip()
            and _indent_width(line.group("indent")) < self.indent + 4
        )

    def outlasted_by(self, line: re.Match[str]) -> bool:
        """Whether a line inside this fence, matched by ``_FENCE_RE``, would
        open a fence that every closer of would also have closed this one: if
        this one is never closed, neither is that."""
        whitespace = line.group("indent")
        return (
            line.group("fence")[0] == self.marker[0]
            and len(line.group("fence")) >= len(self.marker)
            and "\t" not in whitespace
            and len(whitespace) <= self.indent
        )


def _unquote(line: str, limit: int = -1) -> tuple[int, str]:
    """Take up to *limit* (or all) block quote markers off *line*: how many
    were taken, and the rest of the line."""
    depth = 0
    while depth != limit:
        marker = _QUOTE_MARKER_RE.match(line)
        if marker is None:
            break
        line = line[marker.end() :]
        depth += 1
    return depth, line


def _content_indent(marker_indent: int) -> int:
    """Where the content of a list item or admonition starts.

    Python-Markdown, which renders the page, nests blocks in steps of four
    columns: a marker indented by up to three spaces opens content at column
    4, and code inside it starts at column 8 (so does Pandoc for ``  - a``).
    """
    return marker_indent - marker_indent % TAB_WIDTH + TAB_WIDTH


def _prose_regions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the text outside code and raw HTML.

    A fence or an HTML comment that is never closed is neither for
    Python-Markdown (``fenced_code`` and SuperFences alike), which shows it
    and what follows as text; so the scan starts again with that line taken
    as text.
    """
    not_blocks: set[int] = set()
    while True:
        regions: list[tuple[int, int]] = []
        unclosed = _scan_blocks(text, not_blocks, regions)
        if not unclosed:
            return regions
        not_blocks.update(unclosed)


def _scan_blocks(text: str, not_blocks: set[int], regions: list[tuple[int, int]]) -> list[int]:
    """Append the prose regions of *text* to *regions*. If a fence or comment
    is left open at the end (or a fence at the end of its block quote), return
    the offset of its line, and of the later lines that would open one left
    open for the same reason (so that the scan restarts once, not once each).
    """
    containers: list[int] = [0]  # content indent of each open container
    fence: _Fence | None = None
    raw_end: re.Pattern[str] | None = None  # what closes a raw HTML block
    comment_start = 0  # where the raw block started, if it is a comment
    doomed: list[int] = []  # openers inside the open fence or comment
    previous_depth = 0  # block quote depth of the line before
    previous_blank = True
    previous_code = False
    region_start = 0
    offset = 0
    for line in text.split("\n"):
        line_end = offset + len(line) + 1
        if raw_end is not None:
            closing = raw_end.search(line)
            if closing:
                raw_end = None
                doomed = []
                region_start = offset + closing.end()  # text after it is Markdown
                previous_blank = False
            elif comment_start >= 0 and _COMMENT_START_RE.match(line):
                doomed.append(offset)  # no ``-->`` after this one either
            offset = line_end
            continue
        if fence is not None:
            # Inside a fence only the markers of its own block quote count.
            depth, content = _unquote(line, fence.depth)
            if depth == fence.depth:
                closing = _FENCE_RE.match(content)
                if closing and fence.closed_by(closing):
                    fence = None
                    doomed = []
                    region_start = line_end
                elif closing and fence.outlasted_by(closing):
                    doomed.append(offset)
                offset = line_end
                continue
            return [fence.offset, *doomed]  # its block quote ended first
        depth, content = _unquote(line)
        stripped = content.strip()
        # Tabs stop every four columns of the whole line, quote markers included.
        prefix = len(line) - len(content)
        whitespace = len(content) - len(content.lstrip())
        indent = _indent_width(line[: prefix + whitespace]) - _indent_width(line[:prefix])
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
        opening = _FENCE_RE.match(content)
        raw = None if is_code or offset in not_blocks else _RAW_BLOCK_RE.match(content)
        if is_code:
            if not previous_code:
                regions.append((region_start, offset))
            region_start = line_end
        elif (
            opening
            and offset not in not_blocks
            and not (opening.group("fence")[0] == "`" and "`" in opening.group("info"))
        ):
            regions.append((region_start, offset))
            fence = _Fence(opening.group("fence"), depth, offset, indent)
        elif raw is not None:
            tag = raw.group("tag")
            closing_re = re.compile(rf"</{tag}\s*>" if tag else "-->", re.IGNORECASE)
            if not closing_re.search(content, raw.end()):
                # Spans lines: skip it whole, blank and indented lines too.
                # (On one line, the inline scanner skips just the element.)
                regions.append((region_start, offset))
                raw_end = closing_re
                comment_start = -1 if tag else offset
        else:
            container = _CONTAINER_RE.match(content)
            # A new block: code spans, comments and brackets do not reach back
            # into the one before. Python-Markdown lets a heading or a quote
            # interrupt a paragraph, and a list item end the item before it,
            # but a paragraph's line that looks like an item is still text.
            new_item = container is not None and len(containers) > 1
            if new_item or _HEADING_RE.match(content) or depth > previous_depth:
                regions.append((region_start, offset))
                region_start = offset
            elif _RULE_RE.match(content):
                # A rule, or the underline of a heading: a block on its own.
                regions.append((region_start, offset))
                region_start = line_end
            if container:
                container_indent = _indent_width(container.group("indent"))
                while len(containers) > 1 and container_indent < containers[-1]:
                    containers.pop()
                containers.append(_content_indent(container_indent))
        previous_depth = depth
        previous_code = is_code
        previous_blank = False
        offset = line_end
    if fence is not None:
        return [fence.offset, *doomed]
    if raw_end is not None and comment_start >= 0:
        return [comment_start, *doomed]  # ``<!--`` never closed: Python-Markdown shows it
    if raw_end is None:
        regions.append((region_start, len(text)))
    return []


_BRACKET_EVENT_RE = re.compile(r"\\.|[\[\]]|\n[ \t]*(?=\n)", re.DOTALL)


def _bracket_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """The index of the ``]`` closing each ``[`` of a region, paragraph by
    paragraph (a blank line closes nothing), in one pass over the brackets,
    escapes and blank lines only."""
    pairs: dict[int, int] = {}
    open_brackets: list[int] = []
    for match in _BRACKET_EVENT_RE.finditer(text, start, end):
        char = match.group(0)[0]
        if char == "[":
            open_brackets.append(match.start())
        elif char == "]":
            if open_brackets:
                pairs[open_brackets.pop()] = match.start()
        elif char == "\n":
            open_brackets.clear()  # a blank line ends the paragraph
    return pairs


def _nested(text: str, start: int, offset: int) -> bool:
    """Whether *offset* lies inside brackets opened after *start*."""
    depth = 0
    index = start
    while index < offset:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        index += 1
    return depth > 0


def _items_at(text: str, start: int, pairs: dict[int, int]) -> list[CitationItem] | None:
    """The cited works of the brackets opened at *start*, or ``None``."""
    end = pairs.get(start)
    if end is None:
        return None
    content = text[start + 1 : end]
    if "@" not in content:
        return None
    return parse_bracketed(content, start + 1)


def _cites(text: str, start: int, pairs: dict[int, int]) -> bool:
    """Whether the brackets opened at *start* hold a citation."""
    return _items_at(text, start, pairs) is not None


def _bracketed_at(text: str, start: int, limit: int, pairs: dict[int, int]) -> Citation | None:
    end = pairs.get(start)
    if end is None:
        return None
    following = text[end + 1 : end + 2] if end + 1 < limit else ""
    if following == "(" or (following == "[" and not _cites(text, end + 1, pairs)):
        # An inline link or a reference link; but ``[@a][@b]`` is two
        # citations, as Pandoc reads it.
        return None
    items = _items_at(text, start, pairs)
    if items is None:
        return None
    if any(_nested(text, start + 1, item.offset) for item in items):
        # ``[see [@key]]``: as in Pandoc, the inner brackets are the citation
        # and the outer ones plain text.
        return None
    year_only = len(items) == 1 and items[0].suppress_author
    mode = Mode.YEAR_ONLY if year_only else Mode.PARENTHETICAL
    return Citation(items, mode, start, end + 1, text[start : end + 1])


def _may_start_citation(text: str, index: int) -> bool:
    """Whether a citation may start at *index*: not right after a word, as in
    Pandoc, nor after the punctuation of addresses; after underscores only
    when they open emphasis (``_@key_``), not inside a word (``a_@b``)."""
    before = index - 1
    if before < 0:
        return True
    if text[before] == "_":
        while before >= 0 and text[before] == "_":
            before -= 1
        if before < 0:
            return True
    char = text[before]
    return not (_WORD_RE.match(char) or char in _NOT_BEFORE_AT)


def _narrative_at(text: str, at: int, limit: int) -> Citation | None:
    start = at
    suppress = False
    if at > 0 and text[at - 1] == "-":
        # ``-@key`` in the running text: Pandoc's author-suppressed citation.
        start, suppress = at - 1, True
    if not _may_start_citation(text, start):
        return None
    found = key_at(text, at, limit)
    if found is None:
        return None
    key, end = found
    item = CitationItem(key=key, offset=at, suppress_author=suppress)
    items = [item]
    locator_match = _NARRATIVE_LOCATOR_RE.match(text, end, limit)
    if locator_match:
        parsed = parse_narrative_bracket(
            locator_match.group("content"), locator_match.start("content")
        )
        if parsed is not None:
            item.locator, item.suffix, more = parsed
            items.extend(more)
            end = locator_match.end()
    mode = Mode.YEAR_ONLY if suppress else Mode.NARRATIVE
    return Citation(items, mode, start, end, text[start:end])


@dataclass(frozen=True)
class Bracket:
    """A ``[`` of the prose that opens no citation (for
    :mod:`livingreview.markdown.lint`): its offset, that of the ``]`` closing
    it in its paragraph (``None`` if none does) and the end of its region."""

    start: int
    close: int | None
    limit: int


def _scan_region(
    text: str, start: int, end: int, brackets: list[Bracket] | None
) -> Iterator[Citation]:
    region = text[start:end]
    pairs = _bracket_pairs(text, start, end) if "[" in region else {}
    short = not ("://" in region or "www." in region or "]:" in region)
    position = start
    while True:
        match = _next_inline(text, position, end, short)
        if match is None:
            return
        kind = match.lastgroup
        position = match.end()
        citation: Citation | None = None
        if kind == "bracket":
            citation = _bracketed_at(text, match.start(), end, pairs)
            if citation is None and brackets is not None:
                brackets.append(Bracket(match.start(), pairs.get(match.start()), end))
        elif kind == "at":
            citation = _narrative_at(text, match.start(), end)
        if citation is not None:
            position = citation.end
            yield citation


def _scan(text: str, brackets: list[Bracket] | None) -> list[Citation]:
    citations: list[Citation] = []
    for start, end in _prose_regions(text):
        if start < end:
            citations.extend(_scan_region(text, start, end, brackets))
    return citations


# A footnote definition's first line, as Python-Markdown's footnotes reads it.
_FOOTNOTE_DEF_RE = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:")


def footnote_ranges(text: str) -> list[tuple[int, int]]:
    """Where the footnote definitions of *text* are, as Python-Markdown's
    footnotes extension reads them: the definition's first block (to a blank
    line or the next definition) and the blocks after it indented by four
    spaces or a tab."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    ranges: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        if not _FOOTNOTE_DEF_RE.match(lines[index]):
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() and not _FOOTNOTE_DEF_RE.match(lines[end]):
            end += 1
        while True:
            after = end
            while after < len(lines) and not lines[after].strip():
                after += 1
            if after == end or after == len(lines) or not lines[after].startswith(("    ", "\t")):
                break
            end = after
            while end < len(lines) and lines[end].strip():
                end += 1
        ranges.append((starts[index], min(starts[end], len(text))))
        index = end
    return ranges


def _mark_notes(text: str, citations: list[Citation]) -> list[Citation]:
    if "[^" in text:
        ranges = footnote_ranges(text)
        for citation in citations:
            citation.in_note = any(start <= citation.start < end for start, end in ranges)
    return citations


def scan(text: str) -> list[Citation]:
    """Every citation in the Markdown *text*, in order, with offsets (and
    whether it is inside a footnote)."""
    return _mark_notes(text, _scan(text, None))


def scan_brackets(text: str) -> tuple[list[Citation], list[Bracket]]:
    """What :func:`scan` finds, and the brackets of the prose that open no
    citation (not those in code, links' addresses, escapes and so on)."""
    brackets: list[Bracket] = []
    citations = _mark_notes(text, _scan(text, brackets))
    return citations, brackets
