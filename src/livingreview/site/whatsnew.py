"""HTML and Atom made from the review's history: the "What's new" list, the
feed of releases, a page's "Last updated" line and citation meta tags.

Pure functions of plain data (:class:`~livingreview.history.changes.History`
and what the plugin knows of pages and works); MkDocs is not imported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import markdown

from livingreview.history.changes import History, PageChange, PageHistory, Release

_H1_END_RE = re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)
# Paragraphs that belong right under the title (another step's summary).
_UNDER_TITLE_RE = re.compile(r'\s*<p class="lr-summary">.*?</p>', re.DOTALL)
_STATUS = {"added": "added", "removed": "removed", "changed": "changed"}


@dataclass(frozen=True)
class WorkLink:
    """How the list shows a work: its author–date label (HTML), and a link."""

    label: str
    href: str = ""


def anchor(release: Release) -> str:
    return f"version-{release.version}" if release.version else "unreleased"


def _heading(release: Release) -> str:
    return f"Version {escape(release.version)}" if release.version else "Unreleased changes"


def _works(keys: list[str], work: Callable[[str], WorkLink]) -> str:
    shown = []
    for key in keys:
        link = work(key)
        shown.append(f'<a href="{escape(link.href)}">{link.label}</a>' if link.href else link.label)
    return "; ".join(shown)


def _change(change: PageChange, page: Callable[[str], str], work: Callable[[str], WorkLink]) -> str:
    href = page(change.page) if change.status != "removed" else ""
    title = escape(change.title)
    item = f'<a href="{escape(href)}">{title}</a>' if href else title
    item += f" ({_STATUS[change.status]})"
    if change.cited:
        item += f"<br>Newly cited: {_works(change.cited, work)}"
    if change.dropped:
        item += f"<br>No longer cited: {_works(change.dropped, work)}"
    return f'<li class="lr-change lr-{change.status}">{item}</li>'


def whats_new_html(
    history: History,
    page: Callable[[str], str],
    work: Callable[[str], WorkLink],
    feed: str = "",
    order: Sequence[str] = (),
) -> str:
    """The list of releases, newest first (unreleased changes on top).

    *page* gives the link to a page (by its path under docs/), *work* how
    to show a work (by its lower-case key), *feed* the link to the feed;
    each release's pages come in *order* (the nav's), pages not in it after.
    """
    place = {uri: index for index, uri in enumerate(order)}
    if history.missing:
        return (
            '<p class="lr-no-history">No history is available for this copy of the review '
            f"({escape(history.missing)}).</p>"
        )
    if not history.releases:
        return '<p class="lr-no-history">The review has no release yet.</p>'
    parts = ['<div class="lr-whats-new">']
    if feed:
        parts.append(
            f'<p class="lr-feed"><a href="{escape(feed)}" type="application/atom+xml">'
            "Follow the releases (Atom feed)</a></p>"
        )
    for release in history.releases:
        parts.append(f'<section class="lr-release" id="{escape(anchor(release))}">')
        parts.append(f"<h2>{_heading(release)}</h2>")
        date = f'<time datetime="{escape(release.date)}">{escape(release.date)}</time>'
        latest = history.latest
        if release.version:
            parts.append(f'<p class="lr-release-date">Released {date}</p>')
        else:
            since = f" since version {escape(latest.version)}" if latest else ""
            parts.append(f'<p class="lr-release-date">Changes{since}, up to {date}</p>')
        if release.summary:
            parts.append(markdown.markdown(release.summary))
        if release.pages:
            parts.append('<ul class="lr-changes">')
            changes = sorted(release.pages, key=lambda c: (place.get(c.page, len(place)), c.page))
            parts.extend(_change(change, page, work) for change in changes)
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


def updated_html(page: PageHistory, any_release: bool) -> str:
    """``<p class="lr-updated">Last updated DATE (version X)</p>``."""
    date = f'<time datetime="{escape(page.updated)}">{escape(page.updated)}</time>'
    if page.version:
        which = f" (version {escape(page.version)})"
    elif any_release:
        which = " (not yet in a release)"
    else:
        which = ""
    return f'<p class="lr-updated">Last updated {date}{which}</p>'


def under_title(html: str, paragraph: str) -> str:
    """*html* with *paragraph* after its H1 and any summary right under it;
    unchanged when the page has no H1."""
    heading = _H1_END_RE.search(html)
    if heading is None:
        return html
    end = heading.end()
    while summary := _UNDER_TITLE_RE.match(html, end):
        end = summary.end()
    return html[:end] + "\n" + paragraph + html[end:]


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(
    history: History, title: str, authors: list[str], page_url: str, feed_url: str, base: str
) -> str:
    """An Atom feed with an entry per release, newest first.

    *page_url* and *feed_url* are the What's new page and the feed itself,
    absolute when *base* (the site's URL) is known, relative to the feed
    otherwise; without a base the ids are ``urn:`` names.
    """
    released = [release for release in history.releases if release.version]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "review"

    def identity(fragment: str) -> str:
        return f"{page_url}#{fragment}" if base else f"urn:livingreview:{slug}:{fragment}"

    updated = max((release.date for release in released), default="1970-01-01")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{escape(identity('releases'))}</id>",
        f"  <title>{escape(title)}: releases</title>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(page_url)}"/>',
    ]
    lines.extend(f"  <author><name>{escape(name)}</name></author>" for name in authors or [title])
    for release in released:
        link = f"{page_url}#{anchor(release)}"
        lines += [
            "  <entry>",
            f"    <id>{escape(identity(anchor(release)))}</id>",
            f"    <title>Version {escape(release.version)}</title>",
            f"    <updated>{_timestamp(release.date)}</updated>",
            f'    <link rel="alternate" type="text/html" href="{escape(link)}"/>',
            f"    <summary>{escape(release.summary or f'Version {release.version}')}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _scholar_date(date: str) -> str:
    return date.replace("-", "/")  # Google Scholar's YYYY/MM/DD


def citation_meta(
    title: str,
    authors: list[str],
    published: str,
    online: str,
    url: str,
    book_title: str = "",
) -> str:
    """Highwire Press ``citation_*`` tags, as Google Scholar and Zotero read them."""
    tags = [("citation_title", title)]
    if book_title and book_title != title:
        tags.append(("citation_inbook_title", book_title))
    tags += [("citation_author", author) for author in authors]
    if published:
        tags.append(("citation_publication_date", _scholar_date(published)))
    if online:
        tags.append(("citation_online_date", _scholar_date(online)))
    if url:
        tags.append(("citation_public_url", url))
    return "".join(f'<meta name="{name}" content="{escape(value)}">\n' for name, value in tags)


def into_head(output: str, tags: str) -> str:
    """*output* (a whole HTML page) with *tags* at the end of its ``<head>``."""
    end = output.find("</head>")
    return output if end < 0 else output[:end] + tags + output[end:]


def diff_url(repo_url: str, commit: str, previous: str = "") -> str:
    """The forge's page of what changed from *previous* to *commit* (the
    commit alone without *previous*); GitLab's under ``/-/``, GitHub's,
    Gitea's and Forgejo's at the top."""
    base = repo_url.rstrip("/")
    if not base or not commit:
        return ""
    section = "/-" if "gitlab" in base.lower() else ""
    if previous:
        return f"{base}{section}/compare/{previous}...{commit}"
    return f"{base}{section}/commit/{commit}"


def _first_paragraph(summary: str) -> str:
    """The first paragraph of a release's summary, as inline HTML."""
    first = summary.strip().split("\n\n", 1)[0]
    html = markdown.markdown(first) if first else ""
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return html


def page_history_html(
    page: PageHistory, history: History, release_link: Callable[[Release], str], repo_url: str
) -> str:
    """``<details class="lr-history">``: the releases that changed the page,
    newest first (its unreleased change on top), each with the forge's diff."""
    released = [release for release in history.releases if release.version]
    older = {
        release.version: released[index + 1] if index + 1 < len(released) else None
        for index, release in enumerate(released)
    }
    by_version = {release.version: release for release in released}
    items: list[str] = []
    latest = history.latest
    if not page.version and latest is not None:
        diff = diff_url(repo_url, page.commit, latest.commit)
        date = f'<time datetime="{escape(page.updated)}">{escape(page.updated)}</time>'
        item = f"Changed {date}, not yet in a release"
        items.append(item + (f' (<a href="{escape(diff)}">diff</a>)' if diff else ""))
    for version in page.releases:
        release = by_version.get(version)
        if release is None:
            continue
        href = release_link(release)
        name = f"Version {escape(release.version)}"
        item = f'<a href="{escape(href)}">{name}</a>' if href else name
        item += f', <time datetime="{escape(release.date)}">{escape(release.date)}</time>'
        summary = _first_paragraph(release.summary)
        if summary:
            item += f": {summary}"
        before = older[version]
        diff = diff_url(repo_url, release.commit, before.commit if before else "")
        if diff:
            item += f' (<a href="{escape(diff)}">diff</a>)'
        items.append(item)
    if not items:
        return ""
    listed = "\n".join(f"<li>{item}</li>" for item in items)
    return (
        '<details class="lr-history"><summary>History of this page</summary>\n'
        f"<ul>\n{listed}\n</ul>\n</details>"
    )


def first_cited(history: History) -> dict[str, str]:
    """The release in which each work was first cited, by lower-case key;
    "" for a work cited only since the last release."""
    found: dict[str, str] = {}
    for release in reversed(history.releases):  # oldest first, unreleased last
        for change in release.pages:
            for key in change.cited:
                found.setdefault(key, release.version)
    return found


def first_cited_html(version: str, history: History, release_link: Callable[[Release], str]) -> str:
    """``First cited in version X`` (linked to the release on What's new)."""
    if not version:
        latest = history.latest
        after = f" after version {escape(latest.version)}" if latest else ""
        return f'<div class="lr-first-cited">First cited{after} (not yet in a release)</div>'
    release = next((r for r in history.releases if r.version == version), None)
    href = release_link(release) if release is not None else ""
    name = f"version {escape(version)}"
    shown = f'<a href="{escape(href)}">{name}</a>' if href else name
    return f'<div class="lr-first-cited">First cited in {shown}</div>'
