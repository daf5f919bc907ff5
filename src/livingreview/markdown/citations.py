"""What an author wrote when citing: Pandoc's citation syntax, parsed.

This module knows nothing about Markdown blocks, the ``.bib`` or the style;
it turns the text of one citation into :class:`Citation` objects. Finding
citations in a page (and skipping code, links and e-mail addresses) is the
job of :mod:`livingreview.markdown.scanner`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

# Pandoc: a key starts with a letter, digit or ``_`` and may contain
# ``:.#$%&-+?<>~/`` *inside* it, one at a time (``:`` and ``/`` may also come
# before a ``/``, as in ``http://``); trailing punctuation is not part of the
# key. So ``@doe--2018`` cites ``doe``, and ``@smith2020</span>`` ``smith2020``.
KEY_PATTERN = r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*"
KEY_RE = re.compile(KEY_PATTERN)
# ``@{key with anything}``: Pandoc's braced form for keys with odd characters.
BRACED_KEY_RE = re.compile(r"\{([^{}\s]+)\}")

# Locator terms Pandoc recognises (its English locale), mapped to the label
# APA prints (8.13: "p.", "pp.", "para." abbreviated; "Chapter 3", "Table 2",
# "Figure 3", "Section 3", "Volume 2", "Note 6", "Number 6" spelled out).
# Longer spellings first so that ``pp.`` wins over ``p.``.
LOCATOR_TERMS: dict[str, str] = {
    "pages": "pp.",
    "page": "p.",
    "pp.": "pp.",
    "p.": "p.",
    "chapters": "Chapters",
    "chapter": "Chapter",
    "chaps.": "Chapters",
    "chap.": "Chapter",
    "ch.": "Chapter",
    "sections": "Sections",
    "section": "Section",
    "secs.": "Sections",
    "sec.": "Section",
    "§§": "§§",
    "§": "§",
    "paragraphs": "paras.",
    "paragraph": "para.",
    "paras.": "paras.",
    "para.": "para.",
    "¶": "para.",
    "figures": "Figures",
    "figure": "Figure",
    "figs.": "Figures",
    "fig.": "Figure",
    "tables": "Tables",
    "table": "Table",
    "volumes": "Volumes",
    "volume": "Volume",
    "vols.": "Volumes",
    "vol.": "Volume",
    "lines": "ll.",
    "line": "l.",
    "ll.": "ll.",
    "l.": "l.",
    "notes": "Notes",
    "note": "Note",
    "nn.": "Notes",
    "n.": "Note",
    "columns": "cols.",
    "column": "col.",
    "cols.": "cols.",
    "col.": "col.",
    "books": "bks.",
    "book": "bk.",
    "bks.": "bks.",
    "bk.": "bk.",
    "parts": "pts.",
    "part": "pt.",
    "pts.": "pts.",
    "pt.": "pt.",
    "numbers": "Numbers",
    "number": "Number",
    "nos.": "Numbers",
    "no.": "Number",
    "verses": "vv.",
    "verse": "v.",
    "vv.": "vv.",
    "v.": "v.",
    "slides": "slides",
    "slide": "slide",
    "timestamp": "",
}
# Singular and plural forms of the labels that change with a range.
_PLURALS = {
    "p.": "pp.",
    "Chapter": "Chapters",
    "Section": "Sections",
    "§": "§§",
    "para.": "paras.",
    "Figure": "Figures",
    "Table": "Tables",
    "Volume": "Volumes",
    "l.": "ll.",
    "Note": "Notes",
    "col.": "cols.",
    "bk.": "bks.",
    "pt.": "pts.",
    "Number": "Numbers",
    "v.": "vv.",
    "slide": "slides",
}
_SINGULARS = {plural: singular for singular, plural in _PLURALS.items()}
_TERM_PATTERN = (
    r"(?P<term>"
    + "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True))
    + r")"
)
_TERM_RE = re.compile(_TERM_PATTERN + r"(?=[\s\d]|$)\s*", re.IGNORECASE)
# The inside of a braced locator may name its term before anything at all.
_BRACED_TERM_RE = re.compile(_TERM_PATTERN + r"(?:\s+|$)", re.IGNORECASE)
# A locator value: numbers, roman numerals or ranges and lists of them.
_VALUE_RE = re.compile(
    r"(?P<value>(?:[0-9]+[a-z]?|[ivxlcdm]+\b|[A-Z]?[0-9]+)"
    r"(?:\s*(?:--|-|–|—|,|&|and)\s*(?:[0-9]+[a-z]?|[ivxlcdm]+\b|[A-Z]?[0-9]+))*)",
    re.IGNORECASE,
)
# A range of page numbers written short (``123-79``), which APA prints in full.
_SHORT_RANGE_RE = re.compile(r"\b(\d+)–(\d+)\b")
# Labels whose values are page numbers.
_PAGE_LABELS = frozenset({"p.", "pp."})


class Mode(Enum):
    """How a citation appears in the text."""

    PARENTHETICAL = "parenthetical"  # [@key]
    NARRATIVE = "narrative"  # @key in the running text
    YEAR_ONLY = "year-only"  # [-@key]


@dataclass(frozen=True)
class Locator:
    """A pinpoint such as ``pp. 33–35``: the APA label and the value."""

    label: str
    value: str

    def __str__(self) -> str:
        return f"{self.label} {self.value}" if self.label else self.value


@dataclass
class CitationItem:
    """One cited work inside a citation, with what surrounds its key."""

    key: str
    prefix: str = ""
    locator: Locator | None = None
    suffix: str = ""
    suppress_author: bool = False
    # Offset of the ``@`` in the scanned text, set by the scanner.
    offset: int = 0


@dataclass
class Citation:
    """A citation as written: one or more items in one mode."""

    items: list[CitationItem]
    mode: Mode
    start: int = 0
    end: int = 0
    source: str = field(default="", repr=False)
    in_note: bool = False  # written inside a footnote definition (``[^1]: …``)

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def _normalise_range(value: str) -> str:
    """``33-35`` and ``33--35`` become ``33–35``, as APA prints ranges; so do
    the dashes between bracketed numbers (``(xv)--(xvii)``)."""
    return re.sub(r"(?<=[\w)\]])\s*(?:--|-|—)\s*(?=[\w(\[])", "–", value)


def full_page_ranges(value: str) -> str:
    """Page ranges in full, as APA writes them: ``123–79`` → ``123–179``."""

    def expand(match: re.Match[str]) -> str:
        first, last = match.group(1), match.group(2)
        if len(last) < len(first) and int(first[-len(last) :]) < int(last):
            last = first[: len(first) - len(last)] + last
        return f"{first}–{last}"

    return _SHORT_RANGE_RE.sub(expand, value)


def _labelled(label: str, value: str) -> Locator:
    """The locator with *label* made singular or plural to match *value*, as
    Pandoc's CSL engine does; APA's "pp." for more than one page (8.13)
    also when the pages are joined by "and" or "&"."""
    value = _normalise_range(value)
    is_range = bool(re.search(r"[–,&]|\band\b", value))
    if is_range and label in _PLURALS:
        label = _PLURALS[label]
    elif not is_range and label in _SINGULARS:
        label = _SINGULARS[label]
    if label in _PAGE_LABELS:
        value = full_page_ranges(value)
    return Locator(label, value)


def _braced_locator(text: str) -> tuple[Locator | None, str]:
    """Pandoc's braced locator, ``{pp. iv, vi--xi}`` or ``{ii, A, D-Z}``:
    anything inside the braces is the locator (a page unless a term says)."""
    close = text.find("}")
    if close < 0:
        return None, text
    inside = text[1:close].strip()
    if not inside:
        return None, text
    match = _BRACED_TERM_RE.match(inside)
    label = "p."
    if match:
        label = LOCATOR_TERMS[match.group("term").lower()]
        inside = inside[match.end() :]
    return _labelled(label, inside), text[close + 1 :]


def parse_locator(text: str) -> tuple[Locator | None, str]:
    """Split what follows a key (or its comma) into a locator and a suffix.

    Follows Pandoc: a braced locator, a recognised term (``p.``,
    ``chapter``, ``sec.`` …) or a bare number starts a locator; anything
    else is a suffix. The label is made singular or plural to match the
    value, as Pandoc's CSL engine does.
    """
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _braced_locator(stripped)
    match = _TERM_RE.match(stripped)
    label = "p."
    rest = stripped
    if match:
        label = LOCATOR_TERMS[match.group("term").lower()]
        rest = stripped[match.end() :]
    value_match = _VALUE_RE.match(rest)
    if not value_match or (not match and not rest[:1].isdigit()):
        return None, text
    return _labelled(label, value_match.group("value")), rest[value_match.end() :]


def _split_item(text: str, offset: int) -> CitationItem | None:
    """Parse one ``;``-separated piece of a bracketed citation."""
    at = find_key_at(text)
    if at is None:
        return None
    at_index, key, key_end = at
    prefix = text[:at_index]
    suppress = prefix.endswith("-")
    if suppress:
        prefix = prefix[:-1]
    if "@" in prefix and find_key_at(prefix) is not None:
        return None  # two keys in one item: not Pandoc's syntax
    after = text[key_end:]
    locator: Locator | None = None
    suffix = after
    # As in Pandoc, a locator may follow the key's comma, just a space
    # (``[see @doe p. 34-35]``) or come in braces right after the key.
    if after.startswith(","):
        locator, suffix = parse_locator(after[1:])
        if locator is None:
            suffix = after
    elif after[:1].isspace():
        locator, suffix = parse_locator(after)
    elif after.startswith("{}"):
        suffix = after[2:]  # ``[@smith{}, 99 years later]``: no locator
    elif after.startswith("{"):
        locator, suffix = parse_locator(after)  # ``[@smith{ii, A, D-Z}, …]``
    return CitationItem(
        key=key,
        prefix=prefix.strip(),
        locator=locator,
        suffix=suffix.rstrip(),
        suppress_author=suppress,
        offset=offset + at_index,
    )


def key_at(text: str, at: int, limit: int | None = None) -> tuple[str, int] | None:
    """The key after the ``@`` at *at* in *text* (not past *limit*), and its
    end: ``@key`` or Pandoc's braced ``@{key}``."""
    end = len(text) if limit is None else limit
    braced = BRACED_KEY_RE.match(text, at + 1, end)
    if braced:
        return braced.group(1), braced.end()
    key = KEY_RE.match(text, at + 1, end)
    if key:
        return key.group(0), key.end()
    return None


def find_key_at(text: str) -> tuple[int, str, int] | None:
    """The first ``@key`` in *text* that starts a key: (index, key, end)."""
    for match in re.finditer("@", text):
        index = match.start()
        if index > 0 and (text[index - 1].isalnum() or text[index - 1] in "\\_"):
            continue
        found = key_at(text, index)
        if found:
            return index, *found
    return None


def split_items(content: str, offset: int = 0) -> list[tuple[str, CitationItem | None]]:
    """Each ``;``-separated piece of the inside of ``[...]``, with the item it
    holds (``None`` if it holds no key, or two). *offset* is where *content*
    starts in the scanned text."""
    pieces: list[tuple[str, CitationItem | None]] = []
    position = 0
    for piece in content.split(";"):
        pieces.append((piece, _split_item(piece, offset + position)))
        position += len(piece) + 1
    return pieces


def parse_bracketed(content: str, offset: int = 0) -> list[CitationItem] | None:
    """Parse the inside of ``[...]`` as a citation list, or return ``None``.

    Every ``;``-separated piece must hold exactly one key; otherwise the
    brackets are ordinary text (``[see the note above]``, ``[a; b]``).
    *offset* is where *content* starts in the scanned text.
    """
    items: list[CitationItem] = []
    for _, item in split_items(content, offset):
        if item is None:
            return None
        items.append(item)
    return items or None


def parse_narrative_suffix(content: str) -> tuple[Locator | None, str]:
    """The ``[p. 46]`` after a narrative ``@key``: a locator and/or suffix.

    As Pandoc's, a suffix that starts with neither punctuation nor a
    locator is set off by a comma: ``@doe [foo]`` is "Doe (2018, foo)".
    """
    locator, suffix = parse_locator(content)
    if locator is None:
        suffix = content.strip()
        if suffix and suffix[0].isalnum():
            suffix = ", " + suffix
        return None, suffix
    return locator, suffix.rstrip()


def parse_narrative_bracket(
    content: str, offset: int = 0
) -> tuple[Locator | None, str, list[CitationItem]] | None:
    """The inside of the ``[...]`` after a narrative ``@key``, as Pandoc reads
    it: a locator and/or suffix of that key, then (after ``;``) more cited
    works, or only more cited works (``@doe [-@doe2020, p. 30; @lee]``).
    ``None`` if the brackets are not part of the citation (a piece after the
    first that cites nothing, or one with two keys)."""
    pieces = split_items(content, offset)
    first, first_item = pieces[0]
    if first_item is not None:
        rest = pieces
        locator, suffix = None, ""
    elif find_key_at(first) is not None:
        return None
    else:
        rest = pieces[1:]
        locator, suffix = parse_narrative_suffix(first)
    items = [item for _, item in rest if item is not None]
    if len(items) < len(rest):
        return None
    return locator, suffix, items
