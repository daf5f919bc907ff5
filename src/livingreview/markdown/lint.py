"""Mistakes in citing that leave no citation, or a garbled one, behind.

Each is text that Pandoc (and so the scanner) does not read as the citation
the author meant, and that the page would show without a word:

``unclosed-bracket``
    ``[@a; @b, emphasis added.`` with no ``]`` in the paragraph: the ``[`` is
    text and the keys are author-in-text citations.
``locator-without-key``
    ``[@a; p. 46]``: a locator as an item of its own, which holds no key, so
    the brackets are no citation.
``missing-at``
    ``[bryson2006]``, the key of a work in brackets without its ``@``.
``comma-between-keys``
    ``[@a, @b]``: the ``, @b`` is the suffix of ``@a``, shown as text.

:func:`lint` is pure (the same text and keys give the same mistakes), so
``livingreview check`` and the build, which both call it, cannot disagree.
Each suggested fix is checked: the scanner must read it as one citation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from livingreview.markdown.citations import (
    KEY_RE,
    Citation,
    key_at,
    parse_locator,
    split_items,
)
from livingreview.markdown.scanner import Bracket, scan, scan_brackets

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_SPACES_RE = re.compile(r"\s+")
# A comma that may end one item and start the next: before an ``@`` or ``-@``.
_COMMA_RE = re.compile(r",(?P<lead>\s*-?)(?=@)")
# A reference definition's label, as Python-Markdown reads one (in a quote too).
_LABEL_RE = re.compile(r"^(?:[ ]{0,3}>[ ]?)*[ ]{0,3}\[([^\[\]\n]+)\]:", re.MULTILINE)


@dataclass(frozen=True)
class Mistake:
    """A mistake at *offset* in the scanned text, its code and what to do.

    *key*: a word that makes it a mistake only if it is a key of the
    bibliography (``[bryson2006]``); ``""`` for a mistake whatever the keys.
    """

    offset: int
    code: str
    message: str
    key: str = ""


def _shown(text: str) -> str:
    """*text* as a message quotes it: on one line."""
    return _SPACES_RE.sub(" ", text.strip())


def _whole_citation(text: str) -> bool:
    """Whether the scanner reads all of *text* as one bracketed citation."""
    citations = scan(text)
    return len(citations) == 1 and (citations[0].start, citations[0].end) == (0, len(text))


def _between(offsets: list[int], start: int, end: int) -> int:
    """How many of the sorted *offsets* lie in ``start < offset < end``."""
    return bisect.bisect_left(offsets, end) - bisect.bisect_right(offsets, start)


class _Page:
    """One page's text, and what the checks look up in it again and again."""

    def __init__(self, text: str, citations: list[Citation]) -> None:
        self.text = text
        self.narrative = [c for c in citations if text[c.start] != "["]
        self.starts = [citation.start for citation in self.narrative]
        self.blank_lines = [match.start() for match in _BLANK_LINE_RE.finditer(text)]
        self.brackets = [match.start() for match in re.finditer(r"[\[\]()]", text)]
        self.labels = {match.group(1).lower() for match in _LABEL_RE.finditer(text)}

    def unclosed(self, bracket: Bracket) -> Mistake | None:
        """``[`` never closed in its paragraph, then author-in-text citations,
        with no bracket or parenthesis between (``[0, 1) as @a`` is no mistake)."""
        blank = bisect.bisect_left(self.blank_lines, bracket.start)
        end = bracket.limit
        if blank < len(self.blank_lines):
            end = min(end, self.blank_lines[blank])
        first = bisect.bisect_right(self.starts, bracket.start)
        count = bisect.bisect_left(self.starts, end) - first
        if count == 0:
            return None
        citation = self.narrative[first]
        if _between(self.brackets, bracket.start, citation.start):
            return None
        cited = ("-@" if self.text[citation.start] == "-" else "@") + citation.items[0].key
        read = (
            f"{cited} is read as an author-in-text citation"
            if count == 1
            else f"{cited} and the citations after it are read as author-in-text"
        )
        return Mistake(
            bracket.start,
            "unclosed-bracket",
            f"'[' is never closed in its paragraph, so {read} and the '[' is shown as "
            "text; close the citation with ']'",
        )

    def locator_without_key(self, bracket: Bracket, close: int) -> Mistake | None:
        """``[@a; p. 46]``: a locator after ``;``, where an item (and a key) must be."""
        fixed: list[str] = []  # the pieces, each locator joined to its key's
        previous = None  # the item of the piece before
        semicolon = -1  # the first ``;`` before a locator
        locator = ""
        offset = bracket.start + 1  # where the piece starts
        for piece, item in split_items(self.text[bracket.start + 1 : close]):
            if (
                item is None
                and previous is not None
                and previous.locator is None
                and not previous.suffix
                and parse_locator(piece)[0] is not None
            ):
                fixed[-1] = f"{fixed[-1].rstrip()}, {piece.strip()}"
                if semicolon < 0:
                    semicolon, locator = offset - 1, piece
                previous = None
            else:
                fixed.append(piece)
                previous = item
            offset += len(piece) + 1
        suggestion = "[" + ";".join(fixed) + "]"
        if semicolon < 0 or not _whole_citation(suggestion):
            return None
        written = self.text[bracket.start : close + 1]
        return Mistake(
            semicolon,
            "locator-without-key",
            f"'{_shown(locator)}' after ';' has no @key, so '{_shown(written)}' is not a "
            f"citation and is shown as text; put a locator after its key and a comma: "
            f"'{_shown(suggestion)}'",
        )

    def missing_at(self, bracket: Bracket, close: int) -> Mistake | None:
        """``[bryson2006]``: a word in brackets, without ``@``, that is a
        mistake if it is a key of the bibliography (the caller decides)."""
        text = self.text
        key = text[bracket.start + 1 : close]
        if (
            not KEY_RE.fullmatch(key)
            or text[close + 1 : close + 2] == ":"  # a definition, an abbreviation
            or text[bracket.start - 1 : bracket.start] == "]"  # ``[text][label]``
            or key.lower() in self.labels  # a link: ``[label]`` and ``[label]: url``
        ):
            return None
        return Mistake(
            bracket.start,
            "missing-at",
            f"'[{key}]' is not a citation: '{key}' is the key of a work, but without '@'; "
            f"write '[@{key}]'",
            key,
        )

    def comma_between_keys(self, citation: Citation) -> Mistake | None:
        """``[@a, @b]``: ``, @b`` is taken as the suffix of ``@a``."""
        source = self.text[citation.start : citation.end]
        commas: list[tuple[int, str]] = []  # where each comma is, the key after it
        for match in _COMMA_RE.finditer(source):
            found = key_at(source, match.end())
            if found is not None:
                commas.append((match.start(), f"{match.group('lead').strip()}@{found[0]}"))
        if not commas:
            return None
        pieces: list[str] = []
        last = 0
        for comma, _ in commas:
            pieces.append(source[last:comma])
            last = comma + 1
        pieces.append(source[last:])
        suggestion = ";".join(pieces)
        if not _whole_citation(suggestion):
            return None
        comma, cited = commas[0]
        return Mistake(
            citation.start + comma,
            "comma-between-keys",
            f"'{cited}' after a comma is shown as text, not cited; separate the works of "
            f"one citation with ';': '{_shown(suggestion)}'",
        )


def lint(text: str, is_key: Callable[[str], bool]) -> list[Mistake]:
    """Every mistake in the Markdown *text*, in order. *is_key* says whether
    a word is a key of the bibliography (case ignored); it is asked only about
    words that stand alone in brackets."""
    return keyed(candidates(text), is_key)


def keyed(found: list[Mistake], is_key: Callable[[str], bool]) -> list[Mistake]:
    """The mistakes of *found* (from :func:`candidates`) given the keys."""
    return [mistake for mistake in found if not mistake.key or is_key(mistake.key)]


def candidates(text: str) -> list[Mistake]:
    """What :func:`lint` finds whatever the bibliography: every mistake, and
    every word in brackets that is one if it is a key (its ``key`` set).
    Pure in *text* alone, so it can be kept with the page's scan."""
    citations, brackets = scan_brackets(text)
    page = _Page(text, citations)
    found: list[Mistake] = []
    for bracket in brackets:
        close = bracket.close
        if close is None:
            mistake = page.unclosed(bracket)
        elif text[close + 1 : close + 2] in ("(", "["):
            mistake = None  # a link: ``[text](url)``, ``[text][label]``
        elif "@" in text[bracket.start : close]:
            mistake = page.locator_without_key(bracket, close)
        else:
            mistake = page.missing_at(bracket, close)
        if mistake is not None:
            found.append(mistake)
    for citation in citations:
        if text[citation.start] == "[" and (mistake := page.comma_between_keys(citation)):
            found.append(mistake)
    found.sort(key=lambda mistake: mistake.offset)
    return found
