"""The text of each entry as it stands in the ``.bib`` file, for readers who
want to copy a work's BibTeX from the site's bibliography."""

from __future__ import annotations

from livingreview.bibliography import ENTRY_START_RE, NOT_ENTRIES


def _entry_end(text: str, open_index: int) -> int:
    """Index just past the brace (or parenthesis) closing the entry."""
    opening = text[open_index]
    closing = "}" if opening == "{" else ")"
    depth = 0
    index = open_index
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if opening == "(" and char == ")" and depth == 0:
            return index + 1
        if opening == "{" and char == closing and depth == 0:
            return index + 1
        if char == "\n" and text.startswith("@", index + 1) and depth > (opening == "{"):
            return index  # an unclosed brace: stop at the next entry
        index += 1
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
