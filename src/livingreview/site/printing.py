"""What a printed page says of itself: the review, the chapter, the address
and the date, in a block that only print shows (the site's header, with the
review's name, is not printed). It comes last in the page's HTML, so as not
to come between the title and what other parts put under it (nor before the
title, which Material's search would then index as a section of its own);
the stylesheet prints it above the title."""

from __future__ import annotations

from livingreview.styles.richtext import escape


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
