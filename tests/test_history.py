"""The review's history read from git: releases, what each changed, page dates."""

from __future__ import annotations

import shutil
from pathlib import Path

from livingreview.history.changelog import add_release, parse_changelog, set_citation_release
from livingreview.history.changes import History, PageChange, PageHistory, read_history
from tests.gitrepo import CITATION, git, sample_review


def _changes(
    history: History,
) -> list[tuple[str, str, list[tuple[str, str, list[str], list[str]]]]]:
    return [
        (
            release.version,
            release.date,
            [(c.page, c.status, c.cited, c.dropped) for c in release.pages],
        )
        for release in history.releases
    ]


def test_releases_and_the_works_each_one_changed(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    history = read_history(root, root / "docs", root / ".cache")
    assert history.missing == ""
    assert _changes(history) == [
        ("", "2026-03-15", [("chapters/01-intro.md", "changed", ["freeman1984"], [])]),
        (
            "1.2",
            "2026-03-01",
            [
                ("chapters/02-theory.md", "removed", [], ["kania2011"]),
                ("chapters/03-cases.md", "added", ["hodge2007", "rasche2010"], []),
            ],
        ),
        (
            "1.1",
            "2026-02-05",
            [
                ("chapters/01-intro.md", "changed", ["austin2000"], ["putnam2000"]),
                ("chapters/02-theory.md", "added", ["kania2011"], []),
            ],
        ),
        (
            "1.0",
            "2026-01-10",
            [
                ("chapters/01-intro.md", "added", ["bryson2006", "putnam2000"], []),
                ("index.md", "added", [], []),
                ("references.md", "added", [], []),
                ("whats-new.md", "added", [], []),
            ],
        ),
    ]
    assert [r.summary for r in history.releases[1:]] == [
        "Case studies replace the chapter on theory.",
        "A chapter on theory; the introduction revised.",
        "The first version of the review.",
    ]
    assert [r.tag for r in history.releases] == ["", "v1.2", "", ""]
    # Each release's commit is the one that added its heading to the changelog.
    subjects = [git(root, "show", "-s", "--format=%s", r.commit).strip() for r in history.releases]
    assert subjects[1:] == ["Release 1.2: case studies", "Release 1.1", "The first version"]
    assert history.releases[2].pages[1] == PageChange(
        "chapters/02-theory.md", "Theory", "added", ["kania2011"], []
    )


def test_page_dates_and_the_release_that_holds_each_page(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    pages = read_history(root, root / "docs").pages
    summary = {uri: (p.updated, p.version, p.releases) for uri, p in pages.items()}
    assert summary == {
        "chapters/01-intro.md": ("2026-03-15", "", ["1.1", "1.0"]),
        "chapters/03-cases.md": ("2026-03-01", "1.2", ["1.2"]),
        "index.md": ("2026-01-10", "1.0", ["1.0"]),
        "references.md": ("2026-01-10", "1.0", ["1.0"]),
        "whats-new.md": ("2026-01-10", "1.0", ["1.0"]),
    }


def test_history_is_cached_by_head(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    cache = root / ".cache"
    first = read_history(root, root / "docs", cache)
    assert (cache / "history.json").is_file()
    assert read_history(root, root / "docs", cache) == first
    git(root, "commit", "-q", "--allow-empty", "-m", "Nothing")
    again = read_history(root, root / "docs", cache)
    assert again.releases[0].commit != first.releases[0].commit


def test_tags_are_recognised_but_not_needed(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    git(root, "tag", "-d", "v1.2")
    without = read_history(root, root / "docs")
    assert [r.version for r in without.releases] == ["", "1.2", "1.1", "1.0"]
    git(root, "tag", "v1.3")  # a release recorded only by a tag, at HEAD
    tagged = read_history(root, root / "docs")
    assert [(r.version, r.date, r.tag) for r in tagged.releases] == [
        ("1.3", "2026-03-15", "v1.3"),
        ("1.2", "2026-03-01", ""),
        ("1.1", "2026-02-05", ""),
        ("1.0", "2026-01-10", ""),
    ]
    assert tagged.pages["chapters/01-intro.md"] == PageHistory(
        "2026-03-15", tagged.releases[0].commit, "1.3", ["1.3", "1.1", "1.0"]
    )


def test_no_history_says_why(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    assert read_history(copy, copy / "docs") == History(
        missing="the review is not in a git repository"
    )
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    assert read_history(shallow, shallow / "docs").missing == (
        "the repository is a shallow clone; fetch the whole history "
        "(git fetch --unshallow, or fetch-depth: 0 in CI)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    assert read_history(empty, empty / "docs").missing == "the repository has no commit yet"


def test_a_release_moves_unreleased_notes_under_its_heading() -> None:
    text = (
        "# Changelog\n\n## [Unreleased]\n\n- A chapter on methods.\n\n"
        "## [1.0] - 2026-01-10\n\nFirst.\n\n[1.0]: https://example.org/v1.0\n"
    )
    new = add_release(text, "1.1", "2026-02-01", "Methods added.")
    assert new == (
        "# Changelog\n\n## [Unreleased]\n\n## [1.1] - 2026-02-01\n\n"
        "Methods added.\n\n- A chapter on methods.\n\n"
        "## [1.0] - 2026-01-10\n\nFirst.\n\n[1.0]: https://example.org/v1.0\n"
    )
    assert [(e.version, e.date, e.summary) for e in parse_changelog(new)] == [
        ("Unreleased", "", ""),
        ("1.1", "2026-02-01", "Methods added.\n\n- A chapter on methods."),
        ("1.0", "2026-01-10", "First."),
    ]
    assert add_release("", "1.0", "2026-01-10", "First.") == (
        "# Changelog\n\n## [Unreleased]\n\n## [1.0] - 2026-01-10\n\nFirst.\n"
    )


def test_citation_cff_is_edited_as_text() -> None:
    before = CITATION.format(version="1.0", date="2026-01-10")
    after = set_citation_release(before, "1.1", "2026-02-01")
    assert after == before.replace('"1.0"', '"1.1"').replace("2026-01-10", "2026-02-01")
    assert "# The review's own citation" in after
    bare = set_citation_release("cff-version: 1.2.0\ntitle: T\n", "2", "2026-02-01")
    assert bare == 'cff-version: 1.2.0\ntitle: T\nversion: "2"\ndate-released: 2026-02-01\n'
