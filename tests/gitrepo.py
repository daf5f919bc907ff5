"""Sample reviews with a git history of their own, for the history tests.

Every commit has a fixed author, committer and date, so that the history,
and everything made from it, is the same on every run.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from tests.conftest import BIB

CHANGELOG_HEAD = "# Changelog\n\nAll notable changes to this review.\n\n"
MKDOCS = """\
site_name: Sample review
site_url: https://example.org/review/
theme: mkdocs
nav:
  - index.md
  - chapters/01-intro.md
  - chapters/03-cases.md
  - references.md
  - whats-new.md
plugins:
  - livingreview:
      bibliography: references.bib
      bibliography_page: references.md
      whats_new_page: whats-new.md
"""
CITATION = """\
cff-version: 1.2.0
# The review's own citation; livingreview release keeps version and date.
message: Please cite this review as below.
title: "A sample review"
authors:
  - given-names: Ann
    family-names: Editor
  - name: Sample contributors
version: "{version}"
date-released: {date}
"""


def git(root: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
    environment = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    done = subprocess.run(
        ["git", "-c", "user.name=Sample Editor", "-c", "user.email=editor@example.org", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def write(root: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def commit(root: Path, files: dict[str, str | None], message: str, day: str) -> None:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=f"{day}T12:00:00+00:00")


def changelog(*entries: tuple[str, str, str]) -> str:
    """A changelog with an empty Unreleased section and *entries*, newest first."""
    text = CHANGELOG_HEAD + "## [Unreleased]\n\n"
    for version, date, summary in entries:
        text += f"## [{version}] - {date}\n\n{summary}\n\n"
    return text


V10 = ("1.0", "2026-01-10", "The first version of the review.")
V11 = ("1.1", "2026-02-05", "A chapter on theory; the introduction revised.")
V12 = ("1.2", "2026-03-01", "Case studies replace the chapter on theory.")


def sample_review(root: Path) -> Path:
    """A review with releases 1.0, 1.1 and 1.2 and an unreleased change.

    1.0 has the home page and the introduction (Bryson, Putnam); 1.1 adds a
    theory chapter (Kania) and makes the introduction cite Austin instead of
    Putnam; 1.2 (also tagged v1.2) removes the theory chapter and adds case
    studies (Hodge, Rasche); after it the introduction cites Freeman too.
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    commit(
        root,
        {
            "mkdocs.yml": MKDOCS,
            "references.bib": BIB,
            ".gitignore": "site/\n.cache/\n",
            "docs/index.md": "# A sample review\n\nWelcome.\n",
            "docs/references.md": "# References\n",
            "docs/whats-new.md": "# What's new\n\nEvery release of the review.\n",
            "docs/chapters/01-intro.md": """
                ---
                title: Introduction
                ---
                # Introduction

                Partnerships [@bryson2006] and capital [@Putnam2000].
                """,
            "CHANGELOG.md": changelog(V10),
            "CITATION.cff": CITATION.format(version="1.0", date="2026-01-10"),
        },
        "The first version",
        "2026-01-10",
    )
    commit(
        root,
        {
            "docs/chapters/02-theory.md": "# Theory\n\nCollective impact [@kania2011].\n",
            "docs/chapters/01-intro.md": """
                ---
                title: Introduction
                ---
                # Introduction

                Partnerships [@bryson2006] and alliances [@austin2000].
                """,
        },
        "A theory chapter",
        "2026-02-01",
    )
    commit(
        root,
        {
            "CHANGELOG.md": changelog(V11, V10),
            "CITATION.cff": CITATION.format(version="1.1", date="2026-02-05"),
        },
        "Release 1.1",
        "2026-02-05",
    )
    commit(
        root,
        {
            "docs/chapters/02-theory.md": None,
            "docs/chapters/03-cases.md": "# Cases\n\nSee @hodge2007 and [@rasche2010].\n",
            "CHANGELOG.md": changelog(V12, V11, V10),
            "CITATION.cff": CITATION.format(version="1.2", date="2026-03-01"),
        },
        "Release 1.2: case studies",
        "2026-03-01",
    )
    git(root, "tag", "v1.2")
    commit(
        root,
        {
            "docs/chapters/01-intro.md": """
                ---
                title: Introduction
                ---
                # Introduction

                Partnerships [@bryson2006], alliances [@austin2000] and
                stakeholders [@freeman1984].
                """,
        },
        "Stakeholders in the introduction",
        "2026-03-15",
    )
    return root
