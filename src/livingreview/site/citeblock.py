"""HTML of the "How to cite" block and of a chapter's citation.

Pure functions of a :class:`~livingreview.history.citation.ReviewCitation`;
every value from ``CITATION.cff``, the changelog or the page is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from livingreview.history.citation import ApaParts, ReviewCitation, apa, bibtex, ris

# Where an editor wants the block: an HTML comment on a line of its own, as
# for the list of chapters (see plugin.py).
CITE_MARKER = "<!-- livingreview: cite -->"
CITE_MARKER_RE = re.compile(r"^<!--[ \t]*livingreview:[ \t]*cite[ \t]*-->$", re.MULTILINE)
_REFERENCES_HEADING_RE = re.compile(r'<h2\b[^>]*class="references-heading"')


@dataclass(frozen=True)
class Downloads:
    """Links (relative to the page) to the files offered beside the block."""

    bibtex: str = ""
    ris: str = ""
    pdf: str = ""


def apa_html(parts: ApaParts) -> str:
    return f"{escape(parts.before)}<em>{escape(parts.title)}</em>{_linked(parts.after)}"


def _linked(text: str) -> str:
    """*text* escaped, its trailing address (if any) a link."""
    head, _, last = text.rpartition(" ")
    if last.startswith(("https://", "http://")):
        return f'{escape(head)} <a href="{escape(last)}">{escape(last)}</a>'
    return escape(text)


def _code(css: str, label: str, text: str) -> str:
    return (
        f'<details class="{css}" data-search-exclude><summary>{label}</summary>'
        f"<pre><code>{escape(text.rstrip())}</code></pre></details>"
    )


def cite_block(cite: ReviewCitation, downloads: Downloads) -> str:
    """The review's citation as APA text, BibTeX and RIS, and the files."""
    if cite.version:
        released = f", released {escape(cite.date)}" if cite.date else ""
        lead = f"To cite version {escape(cite.version)} of this review{released}:"
    else:
        lead = "To cite this review:"
    files = [
        f'<a href="{escape(href)}" download>{name}</a>'
        for href, name in ((downloads.bibtex, "BibTeX"), (downloads.ris, "RIS"))
        if href
    ]
    if downloads.pdf:
        files.append(f'<a href="{escape(downloads.pdf)}">the whole review as a PDF</a>')
    parts = [
        '<div class="lr-cite">',
        f'<p class="lr-cite-lead">{lead}</p>',
        f'<p class="lr-cite-apa">{apa_html(apa(cite))}</p>',
        _code("lr-cite-bibtex", "BibTeX", bibtex(cite)),
        _code("lr-cite-ris", "RIS", ris(cite)),
    ]
    if files:
        parts.append(f'<p class="lr-cite-files">Download: {", ".join(files)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def chapter_cite(cite: ReviewCitation, chapter: str, url: str) -> str:
    """ "Cite this chapter": the chapter as a part of the version."""
    reference = apa_html(apa(cite, chapter, url))
    return f'<aside class="lr-cite-chapter"><p>Cite this chapter: {reference}</p></aside>'


def with_chapter_cite(html: str, aside: str) -> str:
    """*html* with *aside* at the end of the chapter's text: before its
    reference list when it has one, else at the end."""
    heading = _REFERENCES_HEADING_RE.search(html)
    if heading is None:
        return html + "\n" + aside
    return html[: heading.start()] + aside + "\n" + html[heading.start() :]
