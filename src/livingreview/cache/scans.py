"""The citations found on each page, kept on disk between builds.

Scanning a page is pure: the same text always gives the same citations. So
they are stored by a hash of the text (with the package's version and source,
and :data:`FORMAT`), and a build or a ``livingreview check`` scans only the pages
that changed since the last one. The file keeps the pages of the last run
only, so it does not grow as pages change.

JSON, never pickle; a file that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from livingreview.cache.store import code_stamp, read_json, write_json
from livingreview.markdown.citations import Citation, CitationItem, Locator, Mode
from livingreview.markdown.lint import Mistake, candidates
from livingreview.markdown.scanner import scan

FORMAT = 3  # raise whenever the scanner finds something else in the same text
_NAME = "scans.json"


def _encode(citations: list[Citation]) -> str:
    return json.dumps(
        [
            [
                citation.mode.value,
                citation.start,
                citation.end,
                [
                    [
                        item.key,
                        item.prefix,
                        [item.locator.label, item.locator.value] if item.locator else None,
                        item.suffix,
                        item.suppress_author,
                        item.offset,
                    ]
                    for item in citation.items
                ],
                citation.in_note,
            ]
            for citation in citations
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _decode(text: str, encoded: str) -> list[Citation]:
    citations: list[Citation] = []
    for mode, start, end, items, in_note in json.loads(encoded):
        citations.append(
            Citation(
                [
                    CitationItem(
                        key=str(key),
                        prefix=str(prefix),
                        locator=Locator(str(locator[0]), str(locator[1])) if locator else None,
                        suffix=str(suffix),
                        suppress_author=bool(suppress),
                        offset=int(offset),
                    )
                    for key, prefix, locator, suffix, suppress, offset in items
                ],
                Mode(mode),
                int(start),
                int(end),
                text[int(start) : int(end)],
                bool(in_note),
            )
        )
    return citations


def text_digest(text: str) -> str:
    """What a page's text is stored under (also how the Markdown extension
    on its own finds which file a page's body comes from)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ScanCache:
    """Scans pages, or reads what an earlier run found in the same text.

    What was found is kept as compact JSON text, one string a page, and made
    into :class:`Citation` objects again on each call: a build asks once to
    learn what the site cites and once when it renders the page, and holds
    no page's citations in between.
    """

    def __init__(self, cache_dir: Path | None) -> None:
        """*cache_dir* ``None``: remember for this run only."""
        self.path = cache_dir / _NAME if cache_dir is not None else None
        self.stamp = f"{code_stamp()} format {FORMAT}"
        self.stored: dict[str, str] = {}  # read from the file, not yet used
        self.used: dict[str, str] = {}  # the pages of this run
        # The citing mistakes' candidates of each page, the same way.
        self.stored_mistakes: dict[str, str] = {}
        self.used_mistakes: dict[str, str] = {}
        self.changed = False
        data = read_json(self.path) if self.path is not None else None
        if isinstance(data, dict) and data.get("stamp") == self.stamp:
            pages = data.get("pages")
            if isinstance(pages, dict):
                self.stored = {k: v for k, v in pages.items() if isinstance(v, str)}
            mistakes = data.get("mistakes")
            if isinstance(mistakes, dict):
                self.stored_mistakes = {k: v for k, v in mistakes.items() if isinstance(v, str)}

    def _found(self, text: str) -> tuple[str, str | None]:
        digest = text_digest(text)
        found = self.used.get(digest)
        if found is None:
            found = self.stored.pop(digest, None)
            if found is not None:
                self.used[digest] = found
        return digest, found

    def _scan(self, text: str, digest: str) -> list[Citation]:
        citations = scan(text)
        self.used[digest] = _encode(citations)
        self.changed = True
        return citations

    def scan(self, text: str) -> list[Citation]:
        """Every citation in *text*, as :func:`livingreview.markdown.scanner.scan` finds them."""
        digest, found = self._found(text)
        if found is not None:
            try:
                return _decode(text, found)
            except (TypeError, ValueError, IndexError, KeyError):
                pass  # a damaged record: scan again
        return self._scan(text, digest)

    def keys(self, text: str) -> list[str]:
        """The key of every item of every citation in *text*, in order (what
        the site cites, without making the citations)."""
        digest, found = self._found(text)
        if found is not None:
            try:
                return [str(item[0]) for citation in json.loads(found) for item in citation[3]]
            except (TypeError, ValueError, IndexError, KeyError):
                pass
        return [key for citation in self._scan(text, digest) for key in citation.keys]

    def mistakes(self, text: str) -> list[Mistake]:
        """The citing mistakes' candidates in *text*, as
        :func:`livingreview.markdown.lint.candidates` finds them."""
        digest = text_digest(text)
        found = self.used_mistakes.get(digest)
        if found is None and digest in self.stored_mistakes:
            found = self.stored_mistakes.pop(digest)
            self.changed = True  # to be written again with this run's pages
        if found is not None:
            try:
                self.used_mistakes[digest] = found
                return [Mistake(int(o), str(c), str(m), str(k)) for o, c, m, k in json.loads(found)]
            except (TypeError, ValueError):
                pass  # a damaged record: look again
        result = candidates(text)
        self.used_mistakes[digest] = json.dumps(
            [[m.offset, m.code, m.message, m.key] for m in result],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self.changed = True
        return result

    def save(self) -> None:
        """Keep what this run scanned (and only that) for the next one."""
        if self.path is not None and (self.changed or self.stored or self.stored_mistakes):
            write_json(
                self.path,
                {"stamp": self.stamp, "pages": self.used, "mistakes": self.used_mistakes},
            )
        # self.used still answers scan(). A build saves once its pages are
        # scanned, before it renders them and asks for their mistakes: those
        # read from the file stay at hand until then (and are saved after).
        self.stored, self.changed = {}, False
