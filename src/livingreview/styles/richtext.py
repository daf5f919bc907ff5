"""Operations on styled runs: APA sentence case and HTML with escaping.

Every string that reaches the page from a ``.bib`` field passes through
:func:`runs_to_html` or :func:`escape`, so a field holding ``<script>`` or
``"`` comes out as text, never as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from livingreview.bibliography.latex import Run

_TAGS = {"em": "em", "strong": "strong", "code": "code", "sup": "sup", "sub": "sub"}
_TAG_ORDER = ("strong", "em", "code", "sup", "sub")
_WORD_SPLIT_RE = re.compile(r"(\s+)")
_PART_SPLIT_RE = re.compile(r"([-‐‑–—/])")
# After these a new sub-title or sentence starts, and its first word is
# capitalised (APA 6.17) ...
_SUBTITLE_END_RE = re.compile(r"[:?!.][\"'”’)\]]*$")
# ... but not after an abbreviation or an initial: ``vs.``, ``e.g.``, ``U.S.``, ``J.``
_ABBREVIATION_RE = re.compile(
    r"(?:vs|cf|al|etc|approx|ca|no|nos|vol|vols|ed|eds|fig|figs|st|dr|mr|mrs|ms|jr|sr"
    r"|inc|ltd|co|corp|dept|univ|ch|pp?|sp|spp|var|subsp)\.|(?:\w\.)+",
    re.IGNORECASE,
)
# APA 6.17: in title case, conjunctions, articles and prepositions of three
# letters or fewer are lower case, unless first or after a colon.
_MINOR_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "off",
        "on",
        "or",
        "per",
        "so",
        "the",
        "to",
        "up",
        "via",
        "yet",
    }
)
# The same words of other languages, left as written: a journal's name is
# often not English (``Revista de Administração de Empresas``).
_FOREIGN_MINOR_WORDS = frozenset(
    {
        "à",
        "al",
        "au",
        "aux",
        "da",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "delle",
        "der",
        "des",
        "di",
        "die",
        "do",
        "dos",
        "du",
        "e",
        "el",
        "em",
        "en",
        "et",
        "für",
        "het",
        "i",
        "la",
        "las",
        "le",
        "les",
        "los",
        "och",
        "og",
        "sur",
        "und",
        "van",
        "voor",
        "y",
        "zu",
        "zur",
    }
)


def escape(text: str) -> str:
    """HTML-escape text, quotes included (safe in attributes too)."""
    return html.escape(text, quote=True)


def runs_to_html(runs: list[Run], italic: bool = False) -> str:
    """HTML for *runs*; *italic* sets them in italics, as a book title.

    APA sets a title inside an italic title (``\\emph{}`` in a book title) in
    roman type, so with *italic* the italic runs become roman.
    """
    merged: list[tuple[frozenset[str], str]] = []
    before = ""
    for run in runs:
        styles = run.styles ^ {"em"} if italic else run.styles
        text = run.text if "code" in run.styles else typographic(run.text, before)
        before = run.text[-1:] or before
        if merged and merged[-1][0] == styles:
            merged[-1] = (styles, merged[-1][1] + text)
        else:
            merged.append((styles, text))
    parts: list[str] = []
    for styles, raw in merged:
        text = escape(raw)
        for style in reversed(_TAG_ORDER):
            if style in styles:
                tag = _TAGS[style]
                text = f"<{tag}>{text}</{tag}>"
        parts.append(text)
    return "".join(parts)


# After these a straight quote closes (or is an apostrophe: O'Connor's).
_BEFORE_CLOSING = frozenset(".,;:!?)]}%’”")


def typographic(text: str, before: str = "") -> str:
    """*text* with typographic apostrophes and quotation marks (O’Connor,
    “x”) for the straight ones; *before* is the character before it."""
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    previous = before
    for index, char in enumerate(text):
        if char in "'\"":
            after = text[index + 1 : index + 2]
            closing = previous.isalnum() or previous in _BEFORE_CLOSING
            if char == "'":
                char = "’" if closing or after.isdigit() else "‘"  # ’90s
            else:
                char = "”" if closing else "“"
        out.append(char)
        previous = char
    return "".join(out)


def plain(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def _capitalise(word: str) -> str:
    """*word* with its first letter in capitals, unless a digit comes first
    (``21st``, ``3D``)."""
    for index, char in enumerate(word):
        if char.isdigit():
            return word
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def _keeps_case(part: str) -> bool:
    """Whether a word part is printed as written in any case: an acronym or
    a name with inner capitals (SDGs, UN, McDonald, iPhone), or a gene, a
    magnitude or a number with letters (IL-17A's 17A, M7.9, Nalp3, 9th)."""
    letters = [char for char in part if char.isalpha()]
    if len(letters) > 1 and any(char.isupper() for char in letters[1:]):
        return True
    return any(char.isdigit() for char in part) or part == "I"


def _case_part(part: str) -> str:
    """Lower-case one word part unless it must keep its case."""
    return part if _keeps_case(part) else part.lower()


def _ends_sentence(word: str) -> bool:
    """Whether the next word starts a sub-title or a sentence (APA 6.17)."""
    if not _SUBTITLE_END_RE.search(word):
        return False
    bare = re.sub(r"[\"'”’)\]]+$", "", word).lstrip("\"'“‘([")
    return not (bare.endswith(".") and _ABBREVIATION_RE.fullmatch(bare))


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
    """APA sentence case (6.17): capitalise the first word of the title, of
    each subtitle and of each sentence; keep protected text (``{American}``)
    and what :func:`_keeps_case` keeps; lower-case the rest."""
    return _recase(runs, _case_word, _ends_sentence)


def _title_case_word(word: str, first: bool) -> str:
    pieces = _PART_SPLIT_RE.split(word)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 or _keeps_case(piece) or (piece.isupper() and len(piece) > 1):
            out.append(piece)  # a separator, an acronym, a name like eLife
        elif index == 0 and not first and piece.lower() in _MINOR_WORDS:
            out.append(piece.lower())
        elif not first and piece in _FOREIGN_MINOR_WORDS:
            out.append(piece)
        else:
            out.append(_capitalise(piece))
    return "".join(out)


def _ends_part(word: str) -> bool:
    return word.endswith((":", "?", "!"))


def title_case(runs: list[Run]) -> list[Run]:
    """APA title case (6.17), for the name of a journal (9.25): capitalise
    every word but short conjunctions, articles and prepositions (unless
    first or after a colon); keep protected text (``{eLife}``), acronyms and
    words with inner capitals or digits as written."""
    return _recase(runs, _title_case_word, _ends_part)


def _recase(
    runs: list[Run], case_word: Callable[[str, bool], str], ends: Callable[[str], bool]
) -> list[Run]:
    """*runs* with each unprotected word recased by *case_word*, told whether
    it comes first (at the start, or after a word that *ends* a part)."""
    result: list[Run] = []
    at_start = True
    for run in runs:
        if run.protected or "code" in run.styles:
            result.append(run)
            if run.text.strip():
                at_start = ends(run.text.split()[-1])
            continue
        words: list[str] = []
        for piece in _WORD_SPLIT_RE.split(run.text):
            if not piece or piece.isspace():
                words.append(piece)
                continue
            words.append(case_word(piece, at_start))
            at_start = ends(piece)
        result.append(Run("".join(words), run.protected, run.styles))
    return result
