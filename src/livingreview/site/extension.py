"""The Python-Markdown extension that renders citations and reference lists.

It runs on its own (``markdown_extensions: [livingreview]`` with a
``bibliography`` option, as under Zensical) or driven by the MkDocs plugin,
which hands it a shared :class:`~livingreview.site.library.Library` and tells it
which page it is rendering, so that warnings name the file and line.

How it works, in two preprocessors and a treeprocessor:

1. Before Python-Markdown normalises the text (which expands tabs and would
   shift columns), :func:`livingreview.markdown.scanner.scan` finds the citations on
   the page as the editor wrote it. Each is replaced by a private marker.
2. After normalisation, each marker becomes the citation's HTML, stored in
   Markdown's HTML stash, with the author's prefix and suffix left as
   Markdown text so that ``*emphasis*`` in them still works.
3. Late in the tree processing (before the table of contents is built, so
   "References" appears in it), the page's reference list is appended.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from livingreview.bibliography.files import MissingBibliography, bibliography_files
from livingreview.bibliography.loader import load_bibliography
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.markdown.citations import Citation
from livingreview.markdown.lint import Mistake, candidates
from livingreview.markdown.pages import citing_mistakes, unknown_keys
from livingreview.markdown.scanner import scan
from livingreview.site.library import Library, StyleError, make_style
from livingreview.site.render import (
    Backlink,
    bibliography_tools,
    reference_list,
)
from livingreview.styles.apa import Work
from livingreview.styles.richtext import escape

log = logging.getLogger("mkdocs.extensions.livingreview")

DEFERRED = "<!-- livingreview:{} -->"
DEFERRED_RE = re.compile(r"<!-- livingreview:(\d+) -->")
_MARKER_OPEN = "\ue000"
_MARKER_CLOSE = "\ue001"
_MARKER_RE = re.compile(f"{_MARKER_OPEN}(\\d+){_MARKER_CLOSE}")
# Where the editor wants the list of chapters: an HTML comment on a line of
# its own, which Python-Markdown passes through unchanged (and which shows
# nothing where livingreview does not run).
CHAPTERS_MARKER = "<!-- livingreview: chapters -->"
CHAPTERS_MARKER_RE = re.compile(r"^<!--[ \t]*livingreview:[ \t]*chapters[ \t]*-->$", re.MULTILINE)


class StrictModeError(Exception):
    """Problems on a page when the extension's ``strict`` option is on: the
    only way to fail the build of a host that has no warning count."""


@dataclass(frozen=True)
class Section:
    """A generated section added at the end of a page, under its own heading."""

    heading: str
    html: str


@dataclass
class SiteBibliography:
    """What the page listing every cited work adds to each entry."""

    cited_in: dict[str, list[Backlink]] = field(default_factory=dict)
    bibtex: dict[str, str] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)  # URLs of the .bib files
    notes: dict[str, str] = field(default_factory=dict)  # HTML lines, such as "First cited in"
    provenance_field: str = ""  # a field shown under each entry ("verified")


@dataclass
class PageContext:
    """The page being converted, as the MkDocs plugin describes it."""

    path: str = "<markdown>"  # for messages
    line_offset: int = 0  # lines of front matter stripped before conversion
    site_bibliography: SiteBibliography | None = None  # list every cited work
    appendix: list[Section] = field(default_factory=list)  # such as the evidence map
    summary: str = ""  # the page's front matter summary, shown under its title
    # Leave placeholders for the reference list and BibTeX blocks, and keep
    # here how to make their HTML: the plugin fills them in once search has
    # indexed the page (smaller pages to index, and no page's list held in
    # memory for the whole build; see plugin.py).
    defer_html: bool = False
    deferred: list[Callable[[], str]] = field(default_factory=list)
    # How to find the citations in the page's text (the plugin's remembers
    # what it scanned before).
    scan: Callable[[str], list[Citation]] = scan
    # The page's citing-mistake candidates (the build's scan cache keeps them).
    mistakes: Callable[[str], list[Mistake]] = candidates
    # The list of chapters for the page's chapters marker, when the extension
    # makes it itself (the plugin replaces the marker in the page's HTML).
    chapters: Callable[[], str] | None = None

    def place(self, make_html: Callable[[], str]) -> str:
        """The HTML that *make_html* returns or, when deferring, a placeholder
        for it (*make_html* is then called when the page is written)."""
        if not self.defer_html:
            return make_html()
        self.deferred.append(make_html)
        return DEFERRED.format(len(self.deferred) - 1)


@dataclass
class _PageState:
    citations: list[Citation] = field(default_factory=list)
    works: dict[str, Work] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # citations so far, by key
    notes: list[str] = field(default_factory=list)  # a note style's notes, in order


def _default_report(diagnostic: Diagnostic) -> None:
    log.warning(str(diagnostic))


class _PageStep:
    """Shared by the steps of one page's conversion: the extension and the
    page's state (a new one for every Markdown instance)."""

    def __init__(self, md: Markdown, extension: CitationExtension, state: _PageState):
        super().__init__(md)  # type: ignore[call-arg]  # the Markdown processor
        self.extension = extension
        self.state = state


class _CitationFinder(_PageStep, Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.extension.start_page(text)
        page = self.extension.page
        for diagnostic in citing_mistakes(
            text, self.extension.is_key, page.path, page.line_offset, page.mistakes
        ):
            self.extension.problem(diagnostic)
        citations = page.scan(text)
        if not citations:
            return lines
        library = self.extension.get_library()
        for diagnostic in unknown_keys(
            citations, text, library.bibliography, page.path, page.line_offset
        ):
            self.extension.problem(diagnostic)
        pieces: list[str] = []
        last = 0
        for number, citation in enumerate(citations):
            pieces.append(text[last : citation.start])
            pieces.append(f"{_MARKER_OPEN}{number}{_MARKER_CLOSE}")
            last = citation.end
            for item in citation.items:
                work = library.work(item.key)
                if work is not None:
                    self.state.works.setdefault(work.key.lower(), work)
        pieces.append(text[last:])
        library.expect(citations)
        self.state.citations = citations
        return "".join(pieces).split("\n")


class _CitationRenderer(_PageStep, Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not self.state.citations:
            return lines
        library = self.extension.get_library()
        stash = self.md.htmlStash

        def replace(match: re.Match[str]) -> str:
            citation = self.state.citations[int(match.group(1))]
            pieces: list[str] = []
            html: list[str] = []  # HTML segments in a row go in one stash entry
            for segment in library.citation(citation, self.state.seen):
                if segment.note:
                    html.append(self._note_mark(segment.text))
                    continue
                if segment.is_html:
                    html.append(segment.text)
                    continue
                if html:
                    pieces.append(stash.store("".join(html)))
                    html = []
                pieces.append(segment.text)
            if html:
                pieces.append(stash.store("".join(html)))
            return "".join(pieces)

        return _MARKER_RE.sub(replace, "\n".join(lines)).split("\n")

    def _note_mark(self, note: str) -> str:
        """The reference mark of a note style's citation (its note is listed
        at the end of the page)."""
        self.state.notes.append(note)
        number = len(self.state.notes)
        return (
            f'<sup class="lr-note-ref" id="lr-noteref-{number}">'
            f'<a href="#lr-note-{number}" role="doc-noteref">{number}</a></sup>'
        )


_LINK_TAG_RE = re.compile(r"<a\b[^>]*>|</a\s*>")
_ID_RE = re.compile(r'id="[^"]*"')


class _UnnestLinks(Postprocessor):
    """A citation inside link text (``[as @key shows](url)``) keeps its text
    but loses its own link, since HTML does not allow a link inside a link.
    Its ``id`` stays (on a ``<span>``) for the bibliography's "Cited in" links."""

    def run(self, text: str) -> str:
        if "doc-biblioref" not in text:
            return text
        pieces: list[str] = []
        last = 0
        open_links: list[bool] = []  # per open <a>: was its tag dropped?
        for match in _LINK_TAG_RE.finditer(text):
            tag = match.group(0)
            closing = tag.startswith("</")
            if closing:
                drop = open_links.pop() if open_links else False
            else:
                drop = bool(open_links) and 'role="doc-biblioref"' in tag
                open_links.append(drop)
            if drop:
                pieces.append(text[last : match.start()])
                identity = _ID_RE.search(tag) if not closing else None
                pieces.append(
                    "</span>" if closing else f"<span{' ' + identity.group(0) if identity else ''}>"
                )
                last = match.end()
        pieces.append(text[last:])
        return "".join(pieces)


class _Summary(_PageStep, Treeprocessor):
    """The page's summary as a paragraph right after its first ``h1``."""

    def run(self, root: ElementTree.Element) -> None:
        summary = self.extension.page.summary.strip()
        if not summary:
            return
        for index, child in enumerate(root):
            if child.tag == "h1":
                paragraph = ElementTree.Element("p", {"class": "lr-summary"})
                paragraph.text = summary
                paragraph.tail = "\n"
                root.insert(index + 1, paragraph)
                return


class _ReferenceList(_PageStep, Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        page = self.extension.page
        if self.state.notes:
            self._heading(root, "Notes", "notes-heading")
            self._append(root, _notes(self.state.notes))
        for section in page.appendix:
            self._heading(root, section.heading)
            self._append(root, section.html)
        library = self.extension.get_library()
        site = page.site_bibliography
        works = library.works() if site else library.order(self.state.works.values())
        if not works:
            return
        if site is not None:
            html = reference_list(
                works,
                library,
                site.cited_in,
                site.bibtex,
                page.place,
                site.notes,
                provenance_field=site.provenance_field,
            )
            html = bibliography_tools(works, site.cited_in) + "\n" + html
            if site.downloads:
                links = [
                    f'<a href="{escape(href)}" download>{escape(href.rsplit("/", 1)[-1])}</a>'
                    for href in site.downloads
                ]
                html = (
                    '<p class="references-download">Download every entry as BibTeX: '
                    f"{', '.join(links)}</p>\n{html}"
                )
        else:
            for work in works:
                library.reference(work)  # formatted now, to report problems now
            cited = dict(self.state.seen)
            html = page.place(lambda: reference_list(works, library, citations=cited))
            self._heading(root, self.extension.getConfig("heading"), "references-heading")
        for diagnostic in library.take_diagnostics():
            self.extension.problem(diagnostic)
        self._append(root, html)

    def _heading(self, root: ElementTree.Element, text: str, css_class: str = "") -> None:
        # Added before the table of contents is built, so it lists the heading.
        heading = ElementTree.SubElement(root, "h2")
        heading.text = text
        if css_class:
            heading.set("class", css_class)
        heading.tail = "\n"

    def _append(self, root: ElementTree.Element, html: str) -> None:
        holder = ElementTree.SubElement(root, "p")
        holder.text = self.md.htmlStash.store(html)
        holder.tail = "\n"


def _notes(notes: list[str]) -> str:
    """A note style's notes, each with a link back to its mark."""
    items = "\n".join(
        f'<li id="lr-note-{number}" role="doc-endnote">{note} '
        f'<a href="#lr-noteref-{number}" role="doc-backlink" '
        f'aria-label="Back to note {number} in the text">↩</a></li>'
        for number, note in enumerate(notes, start=1)
    )
    return f'<ol class="lr-notes" role="doc-endnotes">\n{items}\n</ol>'


class _Chapters(_PageStep, Postprocessor):
    """The list of chapters in place of its marker (without the plugin)."""

    def run(self, text: str) -> str:
        make = self.extension.page.chapters
        if make is None or not CHAPTERS_MARKER_RE.search(text):
            return text
        chapters = make()
        return CHAPTERS_MARKER_RE.sub(lambda _: chapters, text)


class _Strict(_PageStep, Treeprocessor):
    """Stop the build at the end of a page with problems (``strict: true``)."""

    def run(self, root: ElementTree.Element) -> None:
        found = self.extension.problems
        if not self.extension.getConfig("strict") or not found:
            return
        count = "1 problem" if len(found) == 1 else f"{len(found)} problems"
        raise StrictModeError(
            f"livingreview: {count} (the extension's strict option is on); the first: {found[0]}"
        )


class CitationExtension(Extension):
    """Pandoc citations in Markdown, rendered in APA 7 from a ``.bib`` file."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "bibliography": ["", "Path of the .bib file (standalone use)."],
            "heading": ["References", "Heading of each page's reference list."],
            "config_file": [
                "",
                "mkdocs.yml or zensical.toml (standalone use): read the docs folder and nav "
                "for the site-wide features",
            ],
            "bibliography_page": ["", "A page (relative to docs/) listing every cited work."],
            "evidence_map_page": ["", "A page (relative to docs/) given the evidence map."],
            "cache_dir": ["", "Where to keep the parsed .bib between builds ('' for nowhere)."],
            "front_matter_keys": [[], "Front matter keys that other tools read."],
            "provenance_field": [
                "",
                "A field every .bib entry must have (such as verified), shown in the bibliography.",
            ],
            "strict": [False, "Fail the build (an exception) on a page with problems."],
            "style": ["apa", "The citation style: apa (livingreview's own APA 7)."],
            "csl": ["", "Any CSL style instead: a style id or the path of a .csl file."],
            "locale": ["", "The CSL locale (such as en-GB); the style's own by default."],
            "pandoc": ["", "The Pandoc to render a CSL style with (found on PATH by default)."],
        }
        self.library: Library | None = kwargs.pop("library", None)
        # Driven by the MkDocs plugin, which tells it the page and the site.
        self.hosted: bool = kwargs.pop("hosted", False)
        self.report: Callable[[Diagnostic], None] = kwargs.pop("report", _default_report)
        self.page = PageContext()
        self.problems: list[Diagnostic] = []  # reported on this page, for strict
        super().__init__(**kwargs)

    def problem(self, diagnostic: Diagnostic) -> None:
        """Report *diagnostic* (and count it, unless it is only a note)."""
        self.report(diagnostic)
        if diagnostic.severity is not Severity.NOTE:
            self.problems.append(diagnostic)

    def start_page(self, text: str) -> None:
        """Without the plugin, but with ``config_file``: find the page whose
        body *text* is, and the whole site (see :mod:`livingreview.site.standalone`)."""
        if self.hosted or not self.getConfig("config_file"):
            return
        from livingreview.site import standalone  # it builds on this module

        bibliography = self.getConfig("bibliography") or "references.bib"
        options = standalone.Options(
            config_file=self.getConfig("config_file"),
            bibliography=tuple(bibliography_files(bibliography)),
            bibliography_page=self.getConfig("bibliography_page"),
            evidence_map_page=self.getConfig("evidence_map_page"),
            cache_dir=self.getConfig("cache_dir"),
            front_matter_keys=tuple(self.getConfig("front_matter_keys")),
            provenance_field=self.getConfig("provenance_field"),
            style=self.getConfig("style"),
            csl=self.getConfig("csl"),
            locale=self.getConfig("locale"),
            pandoc=self.getConfig("pandoc"),
        )
        try:
            self.page, self.library, found = standalone.page_context(options, text)
        except StyleError as problem:
            raise StrictModeError(str(problem)) from None
        except MissingBibliography as missing:
            raise StrictModeError(
                f"livingreview: bibliography file '{missing.display}' not found; set the "
                "'bibliography' option of the livingreview extension to the path of your "
                ".bib file, relative to the folder the build runs in"
            ) from None
        for diagnostic in found:
            self.problem(diagnostic)

    def get_library(self) -> Library:
        if self.library is None:
            path = self.getConfig("bibliography")
            if not path:
                raise ValueError("livingreview: set the 'bibliography' option of the extension")
            bibliography = load_bibliography(Path(path), path)
            for diagnostic in bibliography.diagnostics:
                self.report(diagnostic)
            try:
                style = make_style(
                    style=self.getConfig("style"),
                    csl=self.getConfig("csl"),
                    locale=self.getConfig("locale"),
                    pandoc=self.getConfig("pandoc"),
                    base=Path.cwd(),
                    bibliography=bibliography,
                    store=None,
                    cache_dir=None,
                    config_path=path,
                    option="option of the livingreview extension",
                )
            except StyleError as problem:
                raise StrictModeError(str(problem)) from None
            self.library = Library(bibliography, style=style)
        return self.library

    def is_key(self, word: str) -> bool:
        """Whether *word* is a key of the bibliography."""
        return word in self.get_library().bibliography

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        state = _PageState()
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # \@ is a literal at sign, as in Pandoc
        md.preprocessors.register(_CitationFinder(md, self, state), "livingreview_find", 35)
        md.preprocessors.register(_CitationRenderer(md, self, state), "livingreview_render", 29)
        md.treeprocessors.register(_ReferenceList(md, self, state), "livingreview_refs", 6)
        md.treeprocessors.register(_Summary(md, self, state), "livingreview_summary", 7)
        # After Markdown has put the stashed HTML back (raw_html, priority 30).
        md.postprocessors.register(_UnnestLinks(md), "livingreview_unnest", 25)
        md.postprocessors.register(_Chapters(md, self, state), "livingreview_chapters", 24)
        md.treeprocessors.register(_Strict(md, self, state), "livingreview_strict", 1)


def makeExtension(**kwargs: Any) -> CitationExtension:  # noqa: N802 (Markdown's API)
    return CitationExtension(**kwargs)
