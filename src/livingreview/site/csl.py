"""Any CSL style behind the style interface, rendered by Pandoc's citeproc.

Every citation of the site goes to Pandoc in one batch, in page order (so
that a numeric style numbers works site-wide in order of first citation,
and an author-date style disambiguates over the whole site); what comes
back is kept on disk, keyed on everything that decides it (the style's
file, the locale, the entries' fields, the citations and Pandoc's version),
so an unchanged site costs no Pandoc run at all.

Around Pandoc's fragments the site's own conventions stay those of the
native style: ``<span class="citation" data-cites>``, a ``cite-KEY`` id on
each link (the "Cited in" and "↩" links land there), ``ref-KEY`` entries.
An author's prefix and suffix go to Pandoc as placeholders and come back as
Markdown text, so that ``see *also*`` still works.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from livingreview.bibliography.csljson import csl_item
from livingreview.cache.store import code_stamp, read_json, write_json
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.markdown.citations import Citation, CitationItem, Mode
from livingreview.site.render import citation_opening, cite_link, missing
from livingreview.styles.apa import Work
from livingreview.styles.base import Lookup, Segment, SiteCitations, SiteDigest
from livingreview.styles.csl.engine import CslCitation, CslCite, Rendered, render
from livingreview.styles.csl.pandoc import Pandoc
from livingreview.styles.csl.styles import StyleInfo
from livingreview.styles.richtext import escape

# The CSL locator term of each label the citation parser gives (APA's spelling).
_CSL_LOCATORS = {
    "p.": "page",
    "pp.": "page",
    "Chapter": "chapter",
    "Chapters": "chapter",
    "Section": "section",
    "Sections": "section",
    "§": "section",
    "§§": "section",
    "para.": "paragraph",
    "paras.": "paragraph",
    "Figure": "figure",
    "Figures": "figure",
    "Table": "table",
    "Tables": "table",
    "Volume": "volume",
    "Volumes": "volume",
    "l.": "line",
    "ll.": "line",
    "Note": "note",
    "Notes": "note",
    "col.": "column",
    "cols.": "column",
    "bk.": "book",
    "bks.": "book",
    "pt.": "part",
    "pts.": "part",
    "Number": "issue",
    "Numbers": "issue",
    "v.": "verse",
    "vv.": "verse",
    "slide": "page",
    "slides": "page",
    "": "timestamp",
}
# An author's prefix or suffix, by number, while Pandoc renders the citation.
_HOLD_OPEN, _HOLD_CLOSE = "\ue010", "\ue011"
# Numbered by a private-use character, not by digits: Pandoc's citeproc
# reads a suffix that starts with a digit as a page.
_HOLD_FIRST = 0xE100
_HOLD_RE = re.compile(f"{_HOLD_OPEN}([\ue100-\uf8ff]){_HOLD_CLOSE}")
_REF_LINK_RE = re.compile(r'<a href="#ref-([^"]+)" role="doc-biblioref">(.*?)</a>', re.DOTALL)
# Words the .bib protects from case changes: the protection has done its work.
_NOCASE_RE = re.compile(r'<span class="nocase">((?:(?!<span\b)[^<]|<(?!/?span\b))*?)</span>')
_BATCH_ID_RE = re.compile(r"\bcitation (c\d+)\b")
_NOT_FOUND_RE = re.compile(r"citation (\S+) not found", re.IGNORECASE)
_CACHE_NAME = "csl.json"
_CACHE_LOCK = threading.Lock()

# What of an author's suffix (or prefix) Pandoc is shown as it is: the
# punctuation and space before the words (after them), by which citeproc
# decides whether to put a comma or a space between locator and suffix.
_HELD_SUFFIX_RE = re.compile(r"^[\s,;:.]*")
_HELD_PREFIX_RE = re.compile(r"\s*$")

Signature = str  # a citation's rendering-deciding parts, as their repr


def _held(text: str, number: int, before: bool) -> str:
    """*text* for Pandoc: its words as placeholder number *number*."""
    if not text.strip():
        return text
    edge = (_HELD_SUFFIX_RE if before else _HELD_PREFIX_RE).search(text)
    assert edge is not None  # both patterns match the empty string
    placeholder = f"{_HOLD_OPEN}{chr(_HOLD_FIRST + number)}{_HOLD_CLOSE}"
    return edge.group(0) + placeholder if before else placeholder + edge.group(0)


def _signature(citation: Citation) -> Signature:
    """What decides a citation's rendering in an in-text style."""
    return repr(
        (
            citation.mode.value,
            citation.in_note,
            [
                (item.key, item.prefix, str(item.locator or ""), item.suffix, item.suppress_author)
                for item in citation.items
            ],
        )
    )


def _described(citation: CslCitation) -> str:
    """A citation of the batch as an editor wrote it, near enough: ``[@a, p. 4; @b]``."""
    cites = "; ".join(
        f"@{cite.key}" + (f", {cite.locator_label} {cite.locator}" if cite.locator else "")
        for cite in citation.cites
    )
    return f"the citation [{cites}]"


def _mode(citation: Citation, index: int, item: CitationItem) -> str:
    if item.suppress_author or citation.mode is Mode.YEAR_ONLY:
        return "suppress-author"
    if citation.mode is Mode.NARRATIVE and index == 0:
        return "author-in-text"
    return "normal"


class CslSiteStyle:
    """A CSL style, through batched Pandoc runs.

    An in-text style renders every distinct citation of the site in one
    batch, in page order. A note style renders each page on its own (the
    first note of a work in full, later ones short, "ibid." only within the
    page, as a chapter of a book restarts them), every page's batch in
    parallel, and the reference lists in one batch of every work.
    """

    def __init__(
        self,
        style: StyleInfo,
        locale: str,
        pandoc: Pandoc,
        cache_dir: Path | None,
        config_path: str,
    ) -> None:
        self.style = style
        self.locale = locale
        self.pandoc = pandoc
        self.cache_dir = cache_dir
        self.config_path = config_path  # where Pandoc's warnings are reported
        self.works: Mapping[str, Work] = {}
        self._site: SiteCitations = list
        self._site_digest: SiteDigest = str
        self._batch: list[Citation] | None = None  # in-text: distinct citations, page order
        self._site_count = 0  # how many of them the site's pages have
        self._ids: dict[Signature, str] = {}
        self._rendered: Rendered | None = None
        self._expected: list[Citation] = []
        self._entries: Rendered | None = None  # note styles: the reference lists' batch
        self._pages: dict[str, Rendered] = {}  # note styles: each page's, by digest
        self._page: list[Citation] = []  # note styles: the page being rendered …
        self._page_next = 0  # … and its next citation
        self._pages_done = False
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[str] = set()
        self._digest_of_style = hashlib.sha256(style.path.read_bytes()).hexdigest()
        # This build's batches by digest (what the cache file keeps) and
        # whether any is not on disk yet.
        self._used: dict[str, dict[str, object]] = {}
        self._unsaved = False
        self._records: dict[str, object] | None = None  # the cache file, once read
        # The list order's place of each lower-case key, for the batch it is of.
        self._positions: tuple[Rendered | None, dict[str, int]] = (None, {})

    # -- the style interface ------------------------------------------------

    def prepare(
        self, works: Mapping[str, Work], citations: SiteCitations, site_digest: SiteDigest
    ) -> None:
        self.works = works
        self._site = citations
        self._site_digest = site_digest
        self._batch = None
        self._ids = {}
        self._rendered = self._entries = None
        self._expected = []
        self._pages = {}
        self._pages_done = False
        self._reported = set()
        self._used = {}
        self._records = None

    def expect(self, citations: list[Citation]) -> None:
        if self.style.note:
            self._page, self._page_next = list(citations), 0
        else:
            self._expected.extend(citations)

    def citation(self, citation: Citation, lookup: Lookup, seen: dict[str, int]) -> list[Segment]:
        held = [
            text
            for item in citation.items
            for text in (_HELD_PREFIX_RE.sub("", item.prefix), _HELD_SUFFIX_RE.sub("", item.suffix))
        ]
        opening = Segment(
            citation_opening((item.key, lookup(item.key)) for item in citation.items), True
        )
        if self.style.note:
            before, note = self._note(citation)
            html = _NOCASE_RE.sub(r"\1", note)
            html = _REF_LINK_RE.sub(lambda match: self._link(match, lookup, seen), html)
            # Inside a note the author's words are text (Markdown does not reach it).
            html = _HOLD_RE.sub(lambda match: escape(held[ord(match.group(1)) - _HOLD_FIRST]), html)
            # An author-in-text citation keeps the names in the text: "Doe¹".
            shown = [Segment(_NOCASE_RE.sub(r"\1", before), True)] if before else []
            # In the author's own footnote the citation is that note's text.
            cited = Segment(html, True, note=not citation.in_note)
            return [opening, *shown, cited, Segment("</span>", True)]
        signature = _signature(citation)
        if signature not in self._ids:
            self._expected.append(citation)
        html = self._result(signature).citations[self._ids[signature]]
        html = _NOCASE_RE.sub(r"\1", html)
        html = _REF_LINK_RE.sub(lambda match: self._link(match, lookup, seen), html)
        segments = [opening]
        last = 0
        for match in _HOLD_RE.finditer(html):
            if match.start() > last:
                segments.append(Segment(html[last : match.start()], True))
            segments.append(Segment(held[ord(match.group(1)) - _HOLD_FIRST], False))
            last = match.end()
        segments.append(Segment(html[last:] + "</span>", True))
        return segments

    def reference(self, work: Work) -> str:
        return _NOCASE_RE.sub(r"\1", self._lists().entries.get(work.key, ""))

    def order(self, works: Iterable[Work]) -> list[Work]:
        lists = self._lists()
        if self._positions[0] is not lists:
            positions = {key.lower(): place for place, key in enumerate(lists.order)}
            self._positions = (lists, positions)
        position = self._positions[1]
        return sorted(works, key=lambda work: position.get(work.key.lower(), len(position)))

    def take_diagnostics(self) -> list[Diagnostic]:
        found, self.diagnostics = self.diagnostics, []
        return found

    def save(self) -> None:
        """Write this build's batches to the cache (and only them, so that the
        file does not grow as pages change)."""
        if self.cache_dir is None or not self._unsaved:
            return
        with _CACHE_LOCK:
            write_json(self.cache_dir / _CACHE_NAME, self._used)
            self._unsaved = False

    # -- batches ------------------------------------------------------------

    def _link(self, match: re.Match[str], lookup: Lookup, seen: dict[str, int]) -> str:
        work = lookup(match.group(1))
        if work is None:  # as the native style shows it: no link to an entry that is not there
            return missing(match.group(1))
        return cite_link(work.key, match.group(2), seen)

    def _lists(self) -> Rendered:
        """The batch the reference lists come from."""
        if not self.style.note:
            return self._result()
        if self._entries is None:
            self._entries = self._run([], list(self.works.values()))
            self.save()
        return self._entries

    def _result(self, wanted: Signature | None = None) -> Rendered:
        """The in-text batch, with the citation of signature *wanted* in it
        (rendered again if the site's citations did not include it: a lone
        page, a page edited under ``serve``)."""
        if self._batch is None and self._rendered is None:
            self._from_site_digest()
        if self._expected and self._rendered is not None:
            self._expected = [c for c in self._expected if _signature(c) not in self._ids]
        if (
            self._rendered is not None
            and not self._expected
            and (wanted is None or wanted in self._ids)
        ):
            return self._rendered
        if self._batch is None:
            self._batch, self._ids = [], {}
            self._add(citation for page in self._site() for citation in page)
            self._site_count = len(self._batch)
        missing = [citation for citation in self._expected if _signature(citation) not in self._ids]
        self._expected = []
        if missing:
            self._add(missing)
            self._rendered = None
        if self._rendered is None:
            citations = [
                self._csl(citation, self._ids[_signature(citation)]) for citation in self._batch
            ]
            works = list(self.works.values())
            digest = self._digest(citations, works)
            self._rendered = self._run(citations, works, digest)
            alias = self._alias() if len(self._batch) == self._site_count else ""
            if alias:  # (a batch with citations of no page of the site is not the site's)
                with _CACHE_LOCK:
                    self._used[alias] = {"batch": digest, "ids": dict(self._ids)}
            self.save()
        return self._rendered

    def _alias(self) -> str:
        """What the in-text batch is also kept under: the text of every page
        (which decides every citation) with the rest of what decides it, so
        that an unchanged site finds its batch without reading a citation."""
        pages = self._site_digest()
        if not pages:
            return ""
        return "site-" + self._digest([], list(self.works.values()), pages)

    def _from_site_digest(self) -> None:
        """Take the in-text batch from the cache by :meth:`_alias`, if it is there."""
        alias = self._alias()
        if not alias or self.cache_dir is None:
            return
        record = self._load_records().get(alias)
        if not isinstance(record, dict) or not isinstance(record.get("ids"), dict):
            return
        rendered = self._stored(str(record.get("batch")))
        if rendered is None:
            return
        with _CACHE_LOCK:
            self._used[alias] = record
        self._ids = {str(signature): str(ids) for signature, ids in record["ids"].items()}
        self._rendered = rendered

    def _add(self, citations: Iterable[Citation]) -> None:
        assert self._batch is not None
        for citation in citations:
            signature = _signature(citation)
            if signature not in self._ids:
                self._ids[signature] = f"c{len(self._batch)}"
                self._batch.append(citation)

    def _note(self, citation: Citation) -> tuple[str, str]:
        """What stays in the text, and the note, of *citation*: the next
        citation of the page being rendered."""
        page = self._page
        signature = _signature(citation)
        index = next(
            (at for at in range(self._page_next, len(page)) if _signature(page[at]) == signature),
            None,
        )
        if index is None:  # not announced by expect(): a page of one citation
            page, index = [citation], 0
        else:
            self._page_next = index + 1
        if not self._pages_done:
            self._render_pages()
        rendered = self._page_batch(page)
        return rendered.in_text.get(f"c{index}", ""), rendered.citations[f"c{index}"]

    def _page_batch(self, page: list[Citation]) -> Rendered:
        citations = [self._csl(citation, f"c{at}") for at, citation in enumerate(page)]
        keys = {cite.key.lower() for citation in citations for cite in citation.cites}
        works = [work for lowered, work in self.works.items() if lowered in keys]
        digest = self._digest(citations, works)
        rendered = self._pages.get(digest)
        if rendered is None:
            rendered = self._pages[digest] = self._run(citations, works, digest)
        return rendered

    def _render_pages(self) -> None:
        """Every page's notes, rendered side by side (one Pandoc each)."""
        from concurrent.futures import ThreadPoolExecutor

        pages = [page for page in self._site() if page]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(self._page_batch, pages))
        self._pages_done = True
        self.save()

    def _csl(self, citation: Citation, identity: str) -> CslCitation:
        items: list[CslCite] = []
        for index, item in enumerate(citation.items):
            locator = item.locator
            hold = 2 * index
            items.append(
                CslCite(
                    key=self._key(item.key),
                    mode=_mode(citation, index, item),
                    prefix=_held(item.prefix, hold, before=False),
                    locator_label=_CSL_LOCATORS.get(locator.label, "page") if locator else "",
                    locator=locator.value if locator else "",
                    suffix=_held(item.suffix, hold + 1, before=True),
                )
            )
        # A citation in the author's footnote is among the footnote's words.
        note = citation.in_note
        return CslCitation(identity, tuple(items), in_note=note, among_words=note)

    def _key(self, key: str) -> str:
        work = self.works.get(key.lower())
        return work.key if work is not None else key

    def _digest(self, citations: list[CslCitation], works: list[Work], pages: str = "") -> str:
        """What decides a batch: the code, the style, the locale, Pandoc's
        version, the entries (their fields, which the CSL items are made
        from: hashing them is cheaper than making the items) and the citations."""
        return hashlib.sha256(
            repr(
                (
                    code_stamp(),
                    self._digest_of_style,
                    self.locale,
                    self.pandoc.version_text,
                    pages,
                    [_entry_data(work) for work in works],
                    [
                        (
                            citation.id,
                            [
                                (c.key, c.mode, c.prefix, c.locator_label, c.locator, c.suffix)
                                for c in citation.cites
                            ],
                        )
                        for citation in citations
                    ],
                )
            ).encode()
        ).hexdigest()

    def _run(self, citations: list[CslCitation], works: list[Work], digest: str = "") -> Rendered:
        """Render one batch, or read it from the cache."""
        digest = digest or self._digest(citations, works)
        rendered = self._stored(digest)
        if rendered is None:
            items = [csl_item(work.entry) for work in works]
            rendered = render(self.pandoc, self.style, self.locale, items, citations)
            self._store(digest, rendered)
        # Reported on every build, from the cache too: a warning must not go
        # quiet because nothing changed.
        named = {citation.id: citation for citation in citations}
        for warning in rendered.warnings:
            if _NOT_FOUND_RE.search(warning):
                continue  # an unknown key is reported at its place
            # The batch's ids mean nothing to an editor: name the works instead.
            warning = _BATCH_ID_RE.sub(
                lambda match: (
                    _described(named[match.group(1)]) if match.group(1) in named else match.group(0)
                ),
                warning,
            ).removeprefix("livingreview: ")
            if warning in self._reported:
                continue
            self._reported.add(warning)
            self.diagnostics.append(
                Diagnostic(
                    self.config_path,
                    0,
                    0,
                    Severity.WARNING,
                    "csl-warning",
                    f"Pandoc's citeproc, with the style '{self.style.id}': {warning}",
                )
            )
        return rendered

    def _load_records(self) -> dict[str, object]:
        """The cache file's records, read once per build."""
        with _CACHE_LOCK:
            if self._records is None:
                read = read_json(self.cache_dir / _CACHE_NAME) if self.cache_dir else None
                self._records = read if isinstance(read, dict) else {}
            return self._records

    def _stored(self, digest: str) -> Rendered | None:
        if self.cache_dir is None:
            return None
        record = self._load_records().get(digest)
        if not isinstance(record, dict):
            return None
        try:
            rendered = Rendered(
                citations=dict(record["citations"]),
                entries=dict(record["entries"]),
                order=list(record["order"]),
                note=bool(record["note"]),
                warnings=list(record["warnings"]),
                in_text=dict(record["in_text"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        with _CACHE_LOCK:
            self._used[digest] = record
        return rendered

    def _store(self, digest: str, rendered: Rendered) -> None:
        with _CACHE_LOCK:
            self._used[digest] = {
                "citations": rendered.citations,
                "entries": rendered.entries,
                "order": rendered.order,
                "note": rendered.note,
                "warnings": rendered.warnings,
                "in_text": rendered.in_text,
            }
            self._unsaved = True


def _entry_data(work: Work) -> tuple[object, ...]:
    """What of a work's entry its CSL item is made from."""
    entry = work.entry
    return (entry.key, entry.type, sorted(entry.fields.items()), sorted(entry.persons.items()))
