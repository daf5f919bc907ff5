"""Front matter that does nothing: a key no one reads, a placeholder left in.

Shared by the build and ``livingreview check``, which both report what
:func:`front_matter_problems` finds, at the line of the key or the text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from livingreview.diagnostics import Diagnostic, Severity
from livingreview.markdown.pages import PLACEHOLDER_SUMMARY, PLACEHOLDER_TEXT, Page

# The page keys that MkDocs (title, template) and Material for MkDocs read,
# with its search, social, tags and blog plugins; and livingreview's own.
PAGE_KEYS = frozenset(
    {
        "title",
        "template",
        "description",
        "hide",
        "tags",
        "icon",
        "status",
        "subtitle",
        "search",
        "social",
        "comments",
        "author",
        "authors",
        "date",
        "categories",
        "draft",
        "links",
        "pin",
        "readtime",
        "slug",
        "revision_date",
        "summary",
    }
)
_PLACEHOLDER_TEXT_RE = re.compile(rf"^[ \t]*{re.escape(PLACEHOLDER_TEXT)}", re.MULTILINE)


def _key_line(head: list[str], key: str) -> int:
    """The line (1-based) of *key* in the front matter, 1 if not found."""
    pattern = re.compile(rf"^[ ]{{0,3}}[\"']?{re.escape(key)}[\"']?[ \t]*:", re.IGNORECASE)
    for number, line in enumerate(head, start=1):
        if pattern.match(line):
            return number
    return 1


def front_matter_problems(
    source: str, page: Page, path: str, extra_keys: Iterable[str] = ()
) -> list[Diagnostic]:
    """Keys of *page*'s front matter that nothing reads, and the placeholders
    of ``livingreview new`` left in it. *extra_keys*: keys that the site's
    other plugins read (the plugin's ``front_matter_keys`` option)."""
    head = source.split("\n")[: page.line_offset]
    known = PAGE_KEYS | set(extra_keys)
    found: list[Diagnostic] = []
    for raw in page.meta:
        key = str(raw)
        if key in known:
            continue
        close = difflib.get_close_matches(key.lower(), sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        found.append(
            Diagnostic(
                path,
                _key_line(head, key),
                1,
                Severity.WARNING,
                "front-matter-key",
                f"front matter key '{key}' is read by neither MkDocs, Material nor "
                f"livingreview{hint}; correct it, or, if another plugin reads it, add it "
                "to the 'front_matter_keys' option of the livingreview plugin in mkdocs.yml",
            )
        )
    summary = page.meta.get("summary")
    if isinstance(summary, str) and summary.strip() == PLACEHOLDER_SUMMARY:
        found.append(
            Diagnostic(
                path,
                _key_line(head, "summary"),
                1,
                Severity.WARNING,
                "placeholder-text",
                "the summary is still the placeholder that 'livingreview new' wrote; "
                "write one sentence saying what this page covers (it is shown under "
                "the title and is the page's description for search engines)",
            )
        )
    match = _PLACEHOLDER_TEXT_RE.search(page.body)
    if match:
        start = match.end() - len(PLACEHOLDER_TEXT)
        line = page.body.count("\n", 0, start) + 1
        column = start - (page.body.rfind("\n", 0, start) + 1) + 1
        found.append(
            Diagnostic(
                path,
                line + page.line_offset,
                column,
                Severity.WARNING,
                "placeholder-text",
                f"the page still has the placeholder text that 'livingreview new' wrote "
                f"('{PLACEHOLDER_TEXT} ...'); replace it with the page's own text",
            )
        )
    return found
