"""What changed in each release of the review, and when each page last changed.

Read once per build from git (:mod:`livingreview.history.gitlog`) and handed
on as plain data. Releases are the version entries of ``CHANGELOG.md`` as it
stands at HEAD; each release's commit is the oldest commit whose
``CHANGELOG.md`` has that version's heading. Tags such as ``v1.3`` are
recognised too (a release recorded only by a tag, or a heading not found in
the log), never required: a fork or a copy may not carry them.

The works a page cites at a release come from the same scanner as the
build's (:func:`livingreview.markdown.scanner.scan` after
:func:`livingreview.markdown.pages.split_front_matter`), run over the page as
it stood at the release's commit, never from a diff of the text. The result
is kept in the cache folder under HEAD's commit id and the tags.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from livingreview.cache.store import code_stamp, read_json, write_json
from livingreview.history.changelog import CHANGELOG, parse_changelog, releases, version_key
from livingreview.history.gitlog import Git, NoHistoryError
from livingreview.markdown.pages import page_title, split_front_matter
from livingreview.markdown.scanner import scan

FORMAT = 1  # raise whenever the same history gives other data
_NAME = "history.json"
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class PageChange:
    """A page added, removed or changed by a release, and the works it
    cites that it did not cite before, and no longer cites."""

    page: str  # relative to docs/
    title: str
    status: str  # "added", "removed" or "changed"
    cited: list[str] = field(default_factory=list)  # lower-case keys, first citation first
    dropped: list[str] = field(default_factory=list)


@dataclass
class Release:
    """A release ("" as version: the unreleased changes since the last one)."""

    version: str
    date: str  # YYYY-MM-DD
    summary: str
    commit: str
    tag: str = ""
    pages: list[PageChange] = field(default_factory=list)


@dataclass
class PageHistory:
    updated: str  # the date of the last commit that touched the page
    commit: str
    version: str  # the release that holds the page as it is; "" if changed since
    releases: list[str] = field(default_factory=list)  # that changed it, newest first


@dataclass
class History:
    releases: list[Release] = field(default_factory=list)  # newest first, unreleased on top
    pages: dict[str, PageHistory] = field(default_factory=dict)
    missing: str = ""  # why there is no history, when there is none

    @property
    def latest(self) -> Release | None:
        return next((release for release in self.releases if release.version), None)


@dataclass
class _Snapshot:
    title: str
    works: list[str]


def _snapshot(raw: bytes, path: str) -> _Snapshot:
    text = raw.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    page = split_front_matter(text, path)
    keys = (key.lower() for citation in scan(page.body) for key in citation.keys)
    return _Snapshot(page_title(page.meta, page.body, path), list(dict.fromkeys(keys)))


def _pages(tree: dict[str, str], docs: str) -> dict[str, str]:
    """The Markdown pages of a tree, by path relative to docs/."""
    prefix = f"{docs}/" if docs not in ("", ".") else ""
    return {
        path.removeprefix(prefix): blob
        for path, blob in tree.items()
        if path.startswith(prefix) and path.lower().endswith(MARKDOWN_SUFFIXES)
    }


def _diff(
    old: dict[str, str], new: dict[str, str], snapshots: dict[str, _Snapshot]
) -> list[PageChange]:
    changes: list[PageChange] = []
    for page in sorted(old.keys() | new.keys()):
        before, after = old.get(page), new.get(page)
        if before == after:
            continue
        was = snapshots[before].works if before else []
        now = snapshots[after].works if after else []
        status = "added" if before is None else "removed" if after is None else "changed"
        title = snapshots[after or before or ""].title
        changes.append(
            PageChange(
                page,
                title,
                status,
                [key for key in now if key not in was],
                [key for key in was if key not in now],
            )
        )
    return changes


def _release_commits(git: Git, head: str) -> list[Release]:
    """Each release named in HEAD's changelog, or by a tag, with its commit."""
    log = git.log(CHANGELOG)
    texts = git.contents([f"{sha}:./{CHANGELOG}" for sha in [head] + [c.sha for c, _ in log]])
    entries = parse_changelog(
        (texts.get(f"{head}:./{CHANGELOG}") or b"").decode("utf-8", "replace")
    )
    found: dict[str, Release] = {}
    for entry in releases(entries):
        commit = ""
        for logged, _ in log:  # newest first: keep the oldest with the heading
            text = (texts.get(f"{logged.sha}:./{CHANGELOG}") or b"").decode("utf-8", "replace")
            if any(e.version == entry.version for e in parse_changelog(text)):
                commit = logged.sha
            elif commit:
                break
        found[entry.version] = Release(entry.version, entry.date, entry.summary, commit)
    tags = {
        name: sha
        for name, sha in git.tags().items()
        if version_key(name) is not None and name[:1] in "v0123456789"
    }
    for name, sha in tags.items():
        version = name.removeprefix("v")
        release = found.setdefault(version, Release(version, "", "", ""))
        release.tag = name
        release.commit = release.commit or sha
    known = [release for release in found.values() if release.commit]
    dates = git.commits([release.commit for release in known])
    for release in known:
        release.date = release.date or dates[release.commit].date[:10]
    return sorted(known, key=lambda release: version_key(release.version) or (), reverse=True)


def _compute(git: Git, head: str, docs: str) -> History:
    history = History(_release_commits(git, head))
    trees = {
        sha: _pages(git.tree(sha, docs), docs)
        for sha in {head, *(r.commit for r in history.releases)}
    }
    blobs = sorted({blob for tree in trees.values() for blob in tree.values()})
    paths = {blob: page for tree in trees.values() for page, blob in tree.items()}
    raws = git.contents(blobs)
    snapshots = {blob: _snapshot(raws[blob] or b"", paths[blob]) for blob in blobs}
    oldest_first = list(reversed(history.releases))
    previous: dict[str, str] = {}
    for release in oldest_first:
        release.pages = _diff(previous, trees[release.commit], snapshots)
        previous = trees[release.commit]
    unreleased = _diff(previous, trees[head], snapshots)
    if unreleased:
        date = git.commits([head])[head].date[:10]
        history.releases.insert(0, Release("", date, "", head, pages=unreleased))
    logged: dict[str, PageHistory] = {}
    for commit, names in git.log(docs):
        for name in names:
            page = _pages({name: ""}, docs)
            for uri in page:
                logged.setdefault(uri, PageHistory(commit.date[:10], commit.sha, ""))
    for uri, blob in trees[head].items():
        page_history = logged.get(uri)
        if page_history is None:
            continue
        history.pages[uri] = page_history
        for release in oldest_first:
            if any(change.page == uri for change in release.pages):
                page_history.releases.insert(0, release.version)
        for release in reversed(oldest_first):  # newest first
            if trees[release.commit].get(uri) != blob:
                break  # changed since: the page as it is was not released there
            page_history.version = release.version
    return history


def _encode(history: History) -> dict[str, Any]:
    return asdict(history)


def _decode(data: dict[str, Any]) -> History:
    return History(
        [
            Release(
                **{k: v for k, v in release.items() if k != "pages"},
                pages=[PageChange(**change) for change in release["pages"]],
            )
            for release in data["releases"]
        ],
        {uri: PageHistory(**page) for uri, page in data["pages"].items()},
        str(data["missing"]),
    )


def read_history(root: Path, docs_dir: Path, cache_dir: Path | None = None) -> History:
    """The review's releases and page histories; ``History(missing=...)``
    saying why when there is no git history to read."""
    git = Git(root)
    try:
        head = git.head()
        tags = sorted(git.tags().items())
    except NoHistoryError as problem:
        return History(missing=str(problem))
    try:
        docs = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return History(missing="the docs folder is outside the review's folder")
    key = hashlib.sha256(repr((code_stamp(), FORMAT, head, tags, docs)).encode()).hexdigest()
    cache_file = cache_dir / _NAME if cache_dir is not None else None
    if cache_file is not None:
        stored = read_json(cache_file)
        if isinstance(stored, dict) and stored.get("key") == key:
            try:
                return _decode(stored["history"])
            except (KeyError, TypeError, ValueError):
                pass  # damaged: read the history again
    try:
        history = _compute(git, head, docs)
    except NoHistoryError as problem:
        return History(missing=str(problem))
    if cache_file is not None:
        write_json(cache_file, {"key": key, "history": _encode(history)})
    return history
