"""What a printed page says of itself: the review, the chapter, the address
and the date, in a block that only print shows (the site's header, with the
review's name, is not printed)."""

from __future__ import annotations

import re

from livingreview.styles.richtext import escape

_FIRST_HEADING_END_RE = re.compile(r"</h1>\n?")


def print_header(review: str, chapter: str, url: str, dated: str) -> str:
    """The print-only block: *chapter* is its number ("" for other pages),
    *url* the page's address ("" when ``site_url`` is unset: the page's
    script then writes the address it was loaded from), *dated* such as
    ``Updated 2026-11-27``."""
    parts = [f'<span class="lr-print-review">{escape(review)}</span>']
    if chapter:
        parts.append(f'<span class="lr-print-chapter">Chapter {escape(chapter)}</span>')
    parts.append(f'<span class="lr-print-url">{escape(url)}</span>')
    if dated:
        parts.append(f'<span class="lr-print-date">{escape(dated)}</span>')
    return f'<div class="lr-print-header" data-search-exclude="true">{" · ".join(parts)}</div>\n'


def with_print_header(html: str, block: str) -> str:
    """*html* with *block* right after its first ``h1`` (or at its top).

    Not before it: Material's search would then index the title as a section
    of its own. The stylesheet prints the block above the title."""
    match = _FIRST_HEADING_END_RE.search(html)
    at = match.end() if match else 0
    return html[:at] + block + html[at:]
