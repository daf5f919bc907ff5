"""The text of each entry as it stands in the ``.bib`` file, for readers who
want to copy a work's BibTeX from the site's bibliography."""

from __future__ import annotations

import re

from livingreview.bibliography.loader import ENTRY_START_RE, NOT_ENTRIES

# What can change the depth: an escape (skipped whole), a brace, a parenthesis,
# or a line break (an entry left open stops at the next line starting "@").
_EVENT_RE = re.compile(r"\\.|[{}()]|\n(?=@)", re.DOTALL)


def _entry_end(text: str, open_index: int) -> int:
    """Index just past the brace (or parenthesis) closing the entry."""
    opening = text[open_index]
    depth = 0
    for match in _EVENT_RE.finditer(text, open_index):
        char = match.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if opening == "{" and depth == 0:
                return match.end()
        elif char == ")":
            if opening == "(" and depth == 0:
                return match.end()
        elif char == "\n" and depth > (opening == "{"):
            return match.start()  # an unclosed brace: stop at the next entry
    return len(text)


def entry_sources(text: str) -> dict[str, str]:
    """Each entry's source text by lower-case key (the first of duplicates)."""
    sources: dict[str, str] = {}
    for match in ENTRY_START_RE.finditer(text):
        if match.group("type").lower() in NOT_ENTRIES or not match.group("key"):
            continue
        key = match.group("key").lower()
        if key in sources:
            continue
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        end = _entry_end(text, match.start("open"))
        sources[key] = text[start:end].strip()
    return sources
