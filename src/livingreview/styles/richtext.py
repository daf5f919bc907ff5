"""Operations on styled runs: APA sentence case and HTML with escaping.

Every string that reaches the page from a ``.bib`` field passes through
:func:`runs_to_html` or :func:`escape`, so a field holding ``<script>`` or
``"`` comes out as text, never as markup.
"""

from __future__ import annotations

import html
import re

from livingreview.bibliography.latex import Run

_TAGS = {"em": "em", "strong": "strong", "code": "code", "sup": "sup", "sub": "sub"}
_TAG_ORDER = ("strong", "em", "code", "sup", "sub")
_WORD_SPLIT_RE = re.compile(r"(\s+)")
_PART_SPLIT_RE = re.compile(r"([-‐‑–—/])")
# After these a new sub-title starts, and its first word is capitalised.
_SUBTITLE_END_RE = re.compile(r"[:?!]$")


def escape(text: str) -> str:
    """HTML-escape text, quotes included (safe in attributes too)."""
    return html.escape(text, quote=True)


def runs_to_html(runs: list[Run], italic: bool = False) -> str:
    """HTML for *runs*; *italic* sets them in italics, as a book title.

    APA sets a title inside an italic title (``\\emph{}`` in a book title) in
    roman type, so with *italic* the italic runs become roman.
    """
    merged: list[tuple[frozenset[str], str]] = []
    for run in runs:
        styles = run.styles ^ {"em"} if italic else run.styles
        if merged and merged[-1][0] == styles:
            merged[-1] = (styles, merged[-1][1] + run.text)
        else:
            merged.append((styles, run.text))
    parts: list[str] = []
    for styles, raw in merged:
        text = escape(raw)
        for style in reversed(_TAG_ORDER):
            if style in styles:
                tag = _TAGS[style]
                text = f"<{tag}>{text}</{tag}>"
        parts.append(text)
    return "".join(parts)


def plain(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def _capitalise(word: str) -> str:
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def _case_part(part: str) -> str:
    """Lower-case one word part unless it is an acronym or mixed-case name."""
    letters = [char for char in part if char.isalpha()]
    if len(letters) > 1 and any(char.isupper() for char in letters[1:]):
        return part  # SDGs, UN, McDonald, iPhone: keep as written
    if part == "I":
        return part
    return part.lower()


def _case_word(word: str, first: bool) -> str:
    pieces = _PART_SPLIT_RE.split(word)
    out: list[str] = []
    after_em_dash = False
    for index, piece in enumerate(pieces):
        if index % 2:  # a separator
            out.append(piece)
            after_em_dash = piece == "—"
            continue
        cased = _case_part(piece)
        if (first and index == 0) or (after_em_dash and piece[:1].isupper()):
            cased = _capitalise(cased)
        out.append(cased)
    return "".join(out)


def sentence_case(runs: list[Run]) -> list[Run]:
    """APA sentence case: capitalise the first word of the title and of each
    subtitle; keep protected text (``{American}``), acronyms and mixed-case
    words; lower-case the rest.
    """
    result: list[Run] = []
    at_start = True
    for run in runs:
        if run.protected or "code" in run.styles:
            result.append(run)
            if run.text.strip():
                at_start = bool(_SUBTITLE_END_RE.search(run.text.rstrip()))
            continue
        words: list[str] = []
        for piece in _WORD_SPLIT_RE.split(run.text):
            if not piece or piece.isspace():
                words.append(piece)
                continue
            words.append(_case_word(piece, at_start))
            at_start = bool(_SUBTITLE_END_RE.search(piece))
        result.append(Run("".join(words), run.protected, run.styles))
    return result
