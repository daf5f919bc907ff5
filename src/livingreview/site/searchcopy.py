"""A page's HTML with the tags of its citations (and of the site's
bibliography) taken out, for indexing.

Material's search plugin reads ``page.content`` with Python's HTMLParser,
which spends its time per tag; citations triple a page's tags (a link and a
``<span>`` per citation) and add nothing to the text indexed. The plugin hands
the indexer this lighter copy and rebuilds the page's HTML from it after
indexing. Only the removed tags are kept meanwhile (as one string and an array
of positions), not a second copy of the page.

Material's search splits a page into sections at its headings (``h1``–``h6``
with an ``id``). In the site's bibliography each entry's opening tag is
swapped for a heading with the entry's ``id`` and its author and year, so that
each work is a result of its own, linking to ``#ref-KEY``.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

# The three tags livingreview wraps citations in, and any tag of those names
# (to pair each closing tag with its opening one).
_OURS_RE = re.compile(
    r'<span class="citation[^"<>]*" data-cites="[^"<>]*">'
    r'|<a href="[^"<>]*"(?: id="[^"<>]*")? role="doc-biblioref">'
    r'|<strong class="citation-unresolved">'
)
_TAG_RE = re.compile(r"<(/?)(span|a|strong)\b[^<>]*>")
# Put where a citation's link opens: Material's search splits words at
# whitespace only (and keeps punctuation), so "(Putnam, 2000)" would be the
# word "(putnam,", not found by a search for Putnam. An invisible space
# (U+FEFF, whitespace to JavaScript's \s) makes the name a word of its own.
WORD_BREAK = "\ufeff"
# A reference list livingreview wrote (on the page that lists every work),
# and inside it the tags and placeholders that carry no text for an index.
# Tags an indexer keeps (sub, sup, code) stay.
# (The line break after its opening tag goes with it, so that the indexer,
# which collapses whitespace between tags, reads the same spaces.)
_REFS_RE = re.compile(r'<div id="refs" class="references csl-bib-body[^"<>]*" role="list">\n?')
_REFS_INNER_RE = re.compile(r"<!--.*?-->|<(/?)(div|em|a|strong|span)\b[^<>]*>", re.DOTALL)
# An entry of the site's bibliography (the only list that is indexed: the
# chapters' lists join their pages after indexing), and its text up to the end
# of its date ("Putnam, R. D. (2000)"), the title of its search result.
_ENTRY_RE = re.compile(r'<div id="(ref-[^"<>]*)" class="csl-entry" role="listitem"[^<>]*>')
_ENTRY_END_RE = re.compile(r"</div>|<!--")
_LABEL_RE = re.compile(r"^[^()]{1,200}\([^()]{1,40}\)")
_START_RE = re.compile(f"(?P<citation>{_OURS_RE.pattern})|(?P<refs>{_REFS_RE.pattern})")


@dataclass
class SearchCopy:
    """The lighter HTML, and what it takes to rebuild the original."""

    html: str
    tags: str  # the tags taken out, one after another
    # For each: its position in ``html``, its length, and the length of the
    # text put in its place in ``html`` (a search heading, or nothing).
    marks: array[int]

    def restore(self) -> str:
        """The HTML the copy was made from, exactly."""
        pieces: list[str] = []
        previous = taken = 0
        for index in range(0, len(self.marks), 3):
            position, length, added = self.marks[index : index + 3]
            pieces.append(self.html[previous:position])
            pieces.append(self.tags[taken : taken + length])
            previous, taken = position + added, taken + length
        pieces.append(self.html[previous:])
        return "".join(pieces)


_DIV_RE = re.compile(r"<(/?)div\b[^<>]*>")


def _refs_end(html: str, start: int) -> int:
    """Where the reference list that opened before *start* ends."""
    depth = 1
    for match in _DIV_RE.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if not depth:
            return match.end()
    return len(html)


def search_copy(html: str) -> SearchCopy | None:
    """The copy of *html* to index, or ``None`` if it has no citation."""
    if 'class="citation' not in html and 'id="refs"' not in html:
        return None
    # (start, end, what replaces it) of each part taken out, in order
    spans: list[tuple[int, int, str]] = []
    position = 0
    while (opening := _START_RE.search(html, position)) is not None:
        spans.append((*opening.span(), ""))
        if opening.lastgroup == "refs":
            # Everything in the list is ours: take its tags until it closes.
            end = _refs_end(html, opening.end())
            spans.extend(
                (*match.span(), _entry_heading(html, match))
                for match in _REFS_INNER_RE.finditer(html, opening.end(), end)
            )
            position = end
            continue
        # Inside a citation, pair every tag of the three names with its
        # closing tag, until the citation's own closes.
        open_tags = [(opening.group(0)[1:].split(" ", 1)[0], True)]  # span, a, strong
        position = len(html)
        for match in _TAG_RE.finditer(html, opening.end()):
            closing, name = match.group(1), match.group(2)
            ours = False
            if closing:
                for depth in range(len(open_tags) - 1, -1, -1):
                    if open_tags[depth][0] == name:
                        ours = open_tags[depth][1]
                        del open_tags[depth:]
                        break
            else:
                ours = _OURS_RE.fullmatch(match.group(0)) is not None
                open_tags.append((name, ours))
            if ours:
                link = not closing and name == "a"
                spans.append((*match.span(), WORD_BREAK if link else ""))
            if not open_tags:
                position = match.end()
                break
    if not spans:
        return None
    return _cut(html, spans)


def _entry_heading(html: str, tag: re.Match[str]) -> str:
    """For an entry's opening tag, a heading that starts its search section
    (its ``id``; its text up to the date as title); "" for any other tag."""
    entry = _ENTRY_RE.fullmatch(tag.group(0))
    if entry is None:
        return ""
    start = tag.end()
    number = ""
    margin = _MARGIN_RE.match(html, start)
    if margin:  # a numeric CSL style's entry: "[1]", then the reference
        number, start = margin.group(1).strip() + " ", margin.end()
    end = _ENTRY_END_RE.search(html, start)
    text = number + _TEXT_TAG_RE.sub("", html[start : end.start() if end else len(html)]).strip()
    label = _LABEL_RE.match(text)
    title = label.group(0) if label else text[:80]
    return f'<h2 id="{entry.group(1)}">{title}</h2>'


_TEXT_TAG_RE = re.compile(r"<[^<>]*>")
_MARGIN_RE = re.compile(
    r'<div class="csl-left-margin">([^<>]*)</div><div class="csl-right-inline">'
)


def _cut(html: str, spans: list[tuple[int, int, str]]) -> SearchCopy:
    """*html* with *spans* replaced, and what it takes to put them back."""
    pieces: list[str] = []
    tags: list[str] = []
    marks: array[int] = array("q")
    last = shift = 0
    for start, end, replacement in spans:
        pieces.append(html[last:start])
        pieces.append(replacement)
        tags.append(html[start:end])
        marks.extend((start - shift, end - start, len(replacement)))
        shift += end - start - len(replacement)
        last = end
    pieces.append(html[last:])
    return SearchCopy("".join(pieces), "".join(tags), marks)
