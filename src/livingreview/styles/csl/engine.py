"""Any CSL style, rendered by Pandoc's citeproc in one process per batch.

:func:`render` writes every citation of a batch into one Pandoc JSON
document, in order, each in a ``Div`` of its own (``lr-cite-ID``), with the
items in a temporary CSL JSON file given as ``--bibliography``, and runs
``pandoc -f json -t html5 --citeproc`` once. The HTML is read back by those
Div ids, the footnotes they point to (note styles) and the ``ref-KEY`` ids of
the bibliography.

Why these choices:

- HTML out, not JSON: Pandoc's own HTML writer escapes, links and marks up
  (``<em>``, ``<span class="smallcaps">``, ``csl-left-margin``) exactly as a
  Pandoc site shows it, and the ids it writes are stable from 2.11 to 3.9;
  writing HTML from the AST ourselves would re-implement that writer.
- A CSL JSON file, not the ``references`` metadata field: the file goes
  through Pandoc's CSL JSON reader, which interprets the rich-text markup of
  CSL JSON strings (``<i>``, ``<b>``, ``<sc>``, ``<span class="nocase">``);
  metadata strings would be taken literally. Both cost the same (the
  reading is a few milliseconds of a run that takes seconds).
- ``nocite: @*``: every item passed is listed, cited or not.
- Locators: Pandoc's citeproc reads a locator from the start of a Cite's
  suffix, with the labels of the *style's locale* (``{chap. 3}`` in English,
  ``{chap. 3}`` or ``{chapitre 3}`` in French). The label's text is looked up
  once per style and locale by a probe run of Pandoc (:func:`locator_terms`)
  and written in braces, which Pandoc reads whatever the value is (``iv``,
  ``33–35``, ``A3``). Pandoc knows 17 labels (book, chapter, column, figure,
  folio, issue, line, note, opus, page, number-of-pages, paragraph, part,
  section, sub verbo, verse, volume); a locator with another label (table,
  appendix...) is written as plain text after the citation, with a warning.
- Note numbers: citation *i* of the batch (from 1) has ``citationNoteNum``
  *i*. In a note style a citation outside a footnote becomes a footnote of
  its own; one the author wrote inside a footnote is put inside a ``Note``
  so Pandoc renders it there, as text.

Measured on a 2-core machine with ``benchmarks/csl_engine.py`` (made-up
works sharing family names, so that author-date styles disambiguate by
given name), one ``render()``, wall seconds (CPU seconds of Pandoc):

=====================  ===============  ============  ============
style                  items/citations  Pandoc 2.17   Pandoc 3.9
=====================  ===============  ============  ============
apa                    300/1,300        1.8 (1.6)     2.7 (2.6)
chicago-author-date    300/1,300        5.3 (5.2)     4.4 (4.3)
ieee                   300/1,300        0.6 (0.5)     0.9 (0.8)
apa                    1,000/4,300      5.7 (4.3)     28.3 (26.7)
chicago-author-date    1,000/4,300      12.3 (11.5)   48.0 (36.2)
=====================  ===============  ============  ============

3.9's cost grows faster than linearly on author-date styles (5 times
2.17's on APA at 1,000 works; 26 times at 3,000 by issue 18's figures,
which trace it to given-name disambiguation); numeric styles cost the same. The outputs differ: 2.17
drops chapter labels in APA and Chicago (312 of the 1,300 citations),
ignores Chicago's ``page-range-format`` (28 of 300 entries), writes
Vancouver's names in display order and nests links in Chicago notes; IEEE
is identical. On the CSL test suite (``tests/csl_suite.py``) this engine
passes 731 of 845 fixtures with 3.9 and 725 with 2.17 (30 skipped as not
expressible). Hence: any Pandoc from 2.11 runs, 3.9 is the one tested and
preferred (:func:`livingreview.styles.csl.pandoc.find_pandoc`), and results
must be cached.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from livingreview.styles.csl.pandoc import CslUnavailable, Pandoc, api_version
from livingreview.styles.csl.styles import StyleInfo

_NS = "http://purl.org/net/xbiblio/csl"
# The labels Pandoc's citeproc can read from a suffix (Text.Pandoc.Citeproc.Locator).
PANDOC_LOCATOR_TERMS = (
    "book",
    "chapter",
    "column",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "number-of-pages",
    "paragraph",
    "part",
    "section",
    "sub verbo",
    "verse",
    "volume",
)
_MODES = {
    "normal": "NormalCitation",
    "author-in-text": "AuthorInText",
    "suppress-author": "SuppressAuthor",
}
_DIV_PREFIX = "lr-cite-"


class CslFailed(CslUnavailable):
    """Pandoc failed on the batch: ``str(e)`` names the style and Pandoc's first line."""


@dataclass(frozen=True)
class CslCite:
    """One work inside a citation."""

    key: str
    mode: str = "normal"
    prefix: str = ""
    locator_label: str = ""
    locator: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class CslCitation:
    id: str
    cites: tuple[CslCite, ...]
    in_note: bool = False
    # In a note, among the note's own words (Pandoc puts it in parentheses)
    # rather than the whole of it.
    among_words: bool = False


@dataclass
class Rendered:
    """What Pandoc made of a batch (see :func:`render`)."""

    citations: dict[str, str]
    entries: dict[str, str]
    order: list[str]
    note: bool
    warnings: list[str] = field(default_factory=list)
    # Note styles: the HTML left in the text beside the note's marker (the
    # author's name of an author-in-text citation; "" otherwise).
    in_text: dict[str, str] = field(default_factory=dict)


def _inlines(text: str) -> list[dict[str, object]]:
    """Plain text as Pandoc inlines: words as ``Str``, runs of white space as ``Space``."""
    inlines: list[dict[str, object]] = []
    for index, word in enumerate(re.split(r"\s+", text)):
        if index:
            inlines.append({"t": "Space"})
        if word:
            inlines.append({"t": "Str", "c": word})
    return inlines


def _str(text: str) -> dict[str, object]:
    return {"t": "Str", "c": text}


def _meta_bool(value: bool) -> dict[str, object]:
    return {"t": "MetaBool", "c": value}


def _probe_style(style: StyleInfo, lang: str) -> str:
    """A style printing each locator term's long and short form, with the style's locales."""
    try:
        found = ET.parse(style.path).getroot().findall(f"{{{_NS}}}locale")
    except (OSError, ET.ParseError):
        found = []  # Pandoc's run with the style itself will say what is wrong
    locales = "".join(ET.tostring(element, encoding="unicode") for element in found)
    parts = "".join(
        f'<text value="@@{term}="/><text term="{term}"/><text value="#"/>'
        f'<text term="{term}" form="short"/>'
        for term in PANDOC_LOCATOR_TERMS
    )
    locale_attribute = f' default-locale="{html.escape(lang)}"' if lang else ""
    return (
        f'<style xmlns="{_NS}" class="in-text" version="1.0"{locale_attribute}>'
        "<info><id>probe</id><title>probe</title><updated>2020-01-01T00:00:00+00:00</updated>"
        f"</info>{locales}<citation><layout>{parts}</layout></citation></style>"
    )


@functools.cache
def locator_terms(pandoc: Pandoc, style: StyleInfo, lang: str) -> dict[str, str]:
    """Each locator label's text in the style's locale, as Pandoc reads it back.

    A label whose every form is also an earlier label's is left out (Pandoc
    would read it as the other one: ``number-of-pages`` is ``page`` in English).
    """
    with tempfile.TemporaryDirectory(prefix="livingreview-csl-") as folder:
        csl = os.path.join(folder, "probe.csl")
        with open(csl, "w", encoding="utf-8") as handle:
            handle.write(_probe_style(style, lang))
        document: dict[str, object] = {
            "pandoc-api-version": api_version(pandoc),
            "meta": {
                "references": {
                    "t": "MetaList",
                    "c": [
                        {
                            "t": "MetaMap",
                            "c": {
                                "id": {"t": "MetaString", "c": "probe"},
                                "type": {"t": "MetaString", "c": "book"},
                            },
                        }
                    ],
                },
                "suppress-bibliography": _meta_bool(True),
            },
            "blocks": [{"t": "Para", "c": [_cite([_citation(CslCite("probe"), 1)])]}],
        }
        output, _ = _run(pandoc, style, csl, document, ["-t", "plain", "--wrap=none"])
    forms: dict[str, list[str]] = {}
    for term, long, short in re.findall(r"@@([a-z -]+)=([^#@]*)#([^#@]*)", output):
        forms[term] = [text.strip() for text in (long, short) if text.strip()]
    # Pandoc's map gives a text shared by two labels to the one listed first.
    owner: dict[str, str] = {}
    for term in reversed(PANDOC_LOCATOR_TERMS):
        owner.update((text.casefold(), term) for text in forms.get(term, []))
    chosen: dict[str, str] = {}
    for term, texts in forms.items():
        mine = [text for text in texts if owner[text.casefold()] == term]
        if mine:
            chosen[term] = mine[0]
    return chosen


def _citation(
    cite: CslCite, note_number: int, suffix: list[dict[str, object]] | None = None
) -> dict[str, object]:
    return {
        "citationId": cite.key,
        "citationPrefix": _inlines(cite.prefix),
        "citationSuffix": suffix if suffix is not None else _inlines(cite.suffix),
        "citationMode": {"t": _MODES.get(cite.mode, "NormalCitation")},
        "citationNoteNum": note_number,
        "citationHash": 0,
    }


def _cite(citations: list[dict[str, object]]) -> dict[str, object]:
    fallback = [_str("[" + "; ".join(f"@{c['citationId']}" for c in citations) + "]")]
    return {"t": "Cite", "c": [citations, fallback]}


def _suffix(
    cite: CslCite, terms: dict[str, str], citation_id: str, warnings: list[str]
) -> list[dict[str, object]]:
    """The Cite's suffix: the locator in braces, as Pandoc's citeproc reads it, then the rest."""
    if not cite.locator:
        return _inlines(cite.suffix)
    label = cite.locator_label or "page"
    term = terms.get(label)
    if term is None and label != "page":
        warnings.append(
            f"livingreview: citation {citation_id}: Pandoc's citeproc cannot read the "
            f"locator label '{label}' in this style's locale; '{label} {cite.locator}' "
            "is written after the citation as plain text"
        )
        return [_str(","), {"t": "Space"}, *_inlines(f"{label} {cite.locator}{cite.suffix}")]
    text = f"{{{term} {cite.locator}}}" if term else f"{{{cite.locator}}}"
    return [_str(","), {"t": "Space"}, *_inlines(text + cite.suffix)]


def _document(
    pandoc: Pandoc,
    style: StyleInfo,
    lang: str,
    citations: list[CslCitation],
    terms: dict[str, str],
    link_bibliography: bool,
    link_citations: bool,
    warnings: list[str],
) -> dict[str, object]:
    blocks: list[dict[str, object]] = []
    for number, citation in enumerate(citations, start=1):
        items = [
            _citation(cite, number, _suffix(cite, terms, citation.id, warnings))
            for cite in citation.cites
        ]
        inline = _cite(items)
        if style.note and citation.in_note:
            # Inside the author's own footnote, among its words (Pandoc then
            # puts the citation in parentheses, as in any footnote's text).
            words = [_str(_NOTE_TEXT), {"t": "Space"}, inline] if citation.among_words else [inline]
            inline = {"t": "Note", "c": [{"t": "Para", "c": words}]}
        blocks.append(
            {
                "t": "Div",
                "c": [[_DIV_PREFIX + citation.id, [], []], [{"t": "Para", "c": [inline]}]],
            }
        )
    nocite = _cite([_citation(CslCite("*"), 0)])
    meta: dict[str, object] = {
        "link-citations": _meta_bool(link_citations),
        "link-bibliography": _meta_bool(link_bibliography),
        "suppress-bibliography": _meta_bool(False),
        "nocite": {"t": "MetaInlines", "c": [nocite]},
    }
    if lang:
        meta["lang"] = {"t": "MetaString", "c": lang}
    return {"pandoc-api-version": api_version(pandoc), "meta": meta, "blocks": blocks}


def _run(
    pandoc: Pandoc,
    style: StyleInfo,
    csl: str,
    document: dict[str, object],
    arguments: list[str],
) -> tuple[str, str]:
    """Pandoc's output and standard error for ``document`` with the style at ``csl``."""
    command = [pandoc.path, "-f", "json", *arguments, "--citeproc", "--csl", csl]
    try:
        result = subprocess.run(
            command,
            input=json.dumps(document, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError as error:
        raise CslFailed(
            f"livingreview: Pandoc ({pandoc.path}) could not be run for the CSL style "
            f"{style.path}: {error}"
        ) from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        first = lines[0] if lines else f"exit status {result.returncode}"
        raise CslFailed(
            f"livingreview: Pandoc {pandoc.version_text} failed on the CSL style "
            f"{style.path}: {first}"
        )
    return result.stdout, result.stderr


_OPEN_OR_CLOSE_RE = {
    tag: re.compile(rf"<(/?){tag}\b[^>]*>") for tag in ("div", "span", "li", "p", "section")
}


def _element(text: str, start: int, tag: str) -> tuple[str, int]:
    """The inner HTML of the ``tag`` element whose start tag begins at ``start``, and its end."""
    pattern = _OPEN_OR_CLOSE_RE[tag]
    first = pattern.match(text, start)
    assert first is not None
    depth = 0
    for match in pattern.finditer(text, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return text[first.end() : match.start()], match.end()
    return text[first.end() :], len(text)


def _inner(text: str, start_re: re.Pattern[str], tag: str) -> str | None:
    match = start_re.search(text)
    return None if match is None else _element(text, match.start(), tag)[0]


_CITATION_SPAN_RE = re.compile(r'<span class="citation"[^>]*>')
_FOOTNOTE_REF_RE = re.compile(r'<a href="#(fn\d+)" class="footnote-ref"[^>]*>.*?</a>', re.DOTALL)
_BACKLINK_RE = re.compile(r'\s*<a href="#fnref\d+" class="footnote-back"[^>]*>.*?</a>', re.DOTALL)
_ENTRY_RE = re.compile(r'<div id="ref-([^"]*)" class="csl-entry"[^>]*>')
_WARNING_RE = re.compile(r"^\[WARNING\]\s*(.*)$")


def _strip_paragraph(fragment: str) -> str:
    fragment = fragment.strip()
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment


_NOTE_TEXT = "\ue02f"  # a word of the footnote a citation is written in


def _footnotes(output: str) -> dict[str, str]:
    notes: dict[str, str] = {}
    for match in re.finditer(r'<li id="(fn\d+)"[^>]*>', output):
        inner, _ = _element(output, match.start(), "li")
        notes[match.group(1)] = _strip_paragraph(_BACKLINK_RE.sub("", inner))
    return notes


def _read_citation(body: str, notes: dict[str, str], note_style: bool) -> tuple[str, str]:
    """A citation Div's (text, in_text): the citation's HTML and what stays beside a note."""
    body = _strip_paragraph(body)
    reference = _FOOTNOTE_REF_RE.search(body)
    if not note_style or reference is None:
        span = _inner(body, _CITATION_SPAN_RE, "span")
        return (span if span is not None else body), ""
    note = notes.get(reference.group(1), "")
    outside = _FOOTNOTE_REF_RE.sub("", body)
    span = _inner(outside, _CITATION_SPAN_RE, "span")
    in_text = span if span is not None else outside
    inside = _inner(note, _CITATION_SPAN_RE, "span")
    return (inside if inside is not None else note), in_text.strip()


def parse_output(output: str, ids: list[str], note_style: bool) -> Rendered:
    """Read Pandoc's HTML back: each citation by its Div, each entry by ``ref-KEY``."""
    notes = _footnotes(output)
    rendered = Rendered(citations={}, entries={}, order=[], note=note_style)
    for citation_id in ids:
        marker = f'<div id="{html.escape(_DIV_PREFIX + citation_id)}"'
        start = output.find(marker)
        if start < 0:
            continue
        body, _ = _element(output, start, "div")
        text, in_text = _read_citation(body, notes, note_style)
        rendered.citations[citation_id] = text
        if note_style:
            rendered.in_text[citation_id] = in_text
    for match in _ENTRY_RE.finditer(output):
        key = html.unescape(match.group(1))
        rendered.entries[key] = _element(output, match.start(), "div")[0].strip()
        rendered.order.append(key)
    return rendered


def render(
    pandoc: Pandoc,
    style: StyleInfo,
    locale: str,
    items: list[dict[str, object]],
    citations: list[CslCitation],
    *,
    link_bibliography: bool = True,
    link_citations: bool = True,
) -> Rendered:
    """Render a batch of citations and the bibliography of ``items`` in one Pandoc run.

    ``locale`` (e.g. ``fr-FR``) overrides the style's default locale; ""
    keeps ``style.default_locale`` (a dependent style's, when it was one).
    """
    lang = locale or style.default_locale
    warnings: list[str] = []
    needs_terms = any(cite.locator for citation in citations for cite in citation.cites)
    terms = locator_terms(pandoc, style, lang) if needs_terms else {}
    document = _document(
        pandoc, style, lang, citations, terms, link_bibliography, link_citations, warnings
    )
    with tempfile.TemporaryDirectory(prefix="livingreview-csl-") as folder:
        bibliography = os.path.join(folder, "items.json")
        with open(bibliography, "w", encoding="utf-8") as handle:
            json.dump(items, handle, ensure_ascii=False)
        output, stderr = _run(
            pandoc,
            style,
            str(style.path),
            document,
            ["-t", "html5", "--wrap=preserve", "--bibliography", bibliography],
        )
    rendered = parse_output(output, [citation.id for citation in citations], style.note)
    for line in stderr.splitlines():
        match = _WARNING_RE.match(line.strip())
        if match:
            warnings.append(match.group(1))
    rendered.warnings = warnings
    return rendered
