"""An editor's work: `new`, `stats`, and a whole pull request played on a copy
of this repository.

The tests of `new` and `stats` use the frozen sample review in
``tests/samples/review``, never the live review, so that what editors add to
the review cannot break them. The pull-request test copies the repository as
it stands, adds a chapter and two works as an editor would, and runs
everything CI runs on it: an editor's ordinary pull request must pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livingreview.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "samples" / "review"
SHARED = Path(os.environ.get("LIVINGREVIEW_SHARED", ROOT.parent / "shared"))
# Set in the copy's own test run, so that the copy does not copy itself again.
NESTED = "LIVINGREVIEW_IN_EDITOR_PR"

# Works an editor may add, each with every field seen on the record named in
# its `verified` field. The test adds two that the review does not hold yet; if
# the review has taken them all in, add more verified works here.
NEW_WORKS = {
    "agranoff2003": r"""
@book{agranoff2003,
  author    = {Agranoff, Robert and McGuire, Michael},
  title     = {Collaborative Public Management: New Strategies for Local Governments},
  publisher = {Georgetown University Press},
  year      = {2003},
  verified  = {Georgetown University Press book page (authors, title, publisher); JSTOR book record j.ctt2tt2nq (copyright date 2003), checked 2026-12-04}
}
""",
    "huxham2000": r"""
@article{huxham2000,
  author  = {Huxham, Chris and Vangen, Siv},
  title   = {Leadership in the Shaping and Implementation of Collaboration Agendas: How Things Happen in a (Not Quite) Joined-Up World},
  journal = {Academy of Management Journal},
  volume  = {43},
  number  = {6},
  pages   = {1159--1175},
  year    = {2000},
  verified = {Open Research Online (The Open University) record 16221, checked 2026-12-04; DOI not seen}
}
""",
}

CHAPTER = """\
---
title: Partnerships in crisis response
summary: How the review's frameworks bear on partnerships formed in a hurry.
tags:
  - crisis
---

# Partnerships in crisis response

When a crisis forces agencies, firms and volunteers to act together within
days, city officials find themselves managing through partners they did not
choose [@{first}]. Who steers such a group is rarely settled by its formal
structure alone [@{second}], and the answer can change from week to week.
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "review"
    shutil.copytree(SAMPLE, copy)
    return copy


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def build(review: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=review,
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_chapter_is_numbered_and_added_to_the_nav(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(sample / "mkdocs.yml")
    before = (sample / "mkdocs.yml").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "new", "Partnerships in Crisis Response", "-f", config)
    assert code == 0
    assert out == (
        "created docs/chapters/03-partnerships-in-crisis-response.md; "
        "added it to the nav of mkdocs.yml\n"
    )
    page = sample / "docs" / "chapters" / "03-partnerships-in-crisis-response.md"
    assert page.read_text(encoding="utf-8").startswith(
        "---\ntitle: Partnerships in Crisis Response\nsummary: "
    )
    after = (sample / "mkdocs.yml").read_text(encoding="utf-8")
    assert after == before.replace(
        "      - chapters/02-theoretical-frameworks.md\n",
        "      - chapters/02-theoretical-frameworks.md\n"
        "      - chapters/03-partnerships-in-crisis-response.md\n",
    )
    # Refuses to overwrite: the same title again is an error, nothing changes.
    code, _, err = run(capsys, "new", "Partnerships in crisis response", "-f", config)
    assert code == 2
    assert "a chapter with this title already exists" in err
    assert (sample / "mkdocs.yml").read_text(encoding="utf-8") == after


def test_new_chapter_in_a_fresh_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Fresh\ntheme: mkdocs\nplugins:\n  - livingreview\nnav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "new", "Über Methods: A Start", "-f", str(config))
    assert code == 0
    assert (
        out
        == "created docs/chapters/01-uber-methods-a-start.md; added it to the nav of mkdocs.yml\n"
    )
    assert config.read_text(encoding="utf-8").endswith(
        "nav:\n  - Home: index.md\n  - chapters/01-uber-methods-a-start.md\n"
    )
    text = (tmp_path / "docs/chapters/01-uber-methods-a-start.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Über Methods: A Start"\n')
    assert "\n# Über Methods: A Start\n" in text


def test_stats(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--format", "json", "-f", str(sample / "mkdocs.yml"))
    assert code == 0
    data = json.loads(out)
    by_path = {page["path"]: page for page in data["pages"]}
    assert set(by_path) == {  # the pages that cite
        "docs/about.md",
        "docs/chapters/01-foundations.md",
        "docs/chapters/02-theoretical-frameworks.md",
    }
    assert by_path["docs/chapters/01-foundations.md"]["citations"] == 5
    assert by_path["docs/chapters/02-theoretical-frameworks.md"]["citations"] == 7
    assert data["works_by_year"] == {
        "1989": 1,
        "2000": 2,
        "2005": 1,
        "2006": 1,
        "2008": 1,
        "2012": 1,
    }
    assert data["most_cited"][0] == {"key": "bryson2006", "citations": 3, "pages": 2}
    code, out, _ = run(capsys, "stats", "-f", str(sample / "mkdocs.yml"))
    assert code == 0
    assert out.startswith("page ")
    assert "works cited by year of publication" in out


def _repository_copy(target: Path) -> Path:
    """The repository's tracked files as they stand in the working tree, as a
    fresh clone (with its own git history) would hold them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "main"], cwd=target, check=True)
    return target


def _tool(name: str) -> str:
    """A development tool installed beside this Python (ruff, mypy)."""
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else shutil.which(name) or name


@pytest.mark.skipif(bool(os.environ.get(NESTED)), reason="inside the copy's own test run")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git checkout to copy")
def test_an_editors_pull_request_passes_ci(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shared").symlink_to(SHARED)  # ../shared, as beside the real checkout
    review = _repository_copy(tmp_path / "review")
    config = str(review / "mkdocs.yml")

    # The editor's change: a chapter made with `new`, written, two works added.
    code, out, _ = run(capsys, "new", "Partnerships in crisis response", "-f", config)
    assert code == 0, out
    created = out.split(";")[0].removeprefix("created ")
    page = review / created
    bib_text = (review / "references.bib").read_text(encoding="utf-8")
    new = [key for key in NEW_WORKS if f"{{{key}," not in bib_text][:2]
    assert len(new) == 2, "the review holds every work of NEW_WORKS: add verified ones"
    chapter = CHAPTER.replace("{first}", new[0]).replace("{second}", new[1])
    page.write_text(chapter, encoding="utf-8")
    with (review / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("".join(NEW_WORKS[key] for key in new))

    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 0, out
    result = build(review)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = review / "site" / Path(created).relative_to("docs").with_suffix("") / "index.html"
    text = html.read_text(encoding="utf-8")
    assert text.count('role="doc-biblioref"') >= 2
    assert f'id="ref-{new[0]}"' in text and f'id="ref-{new[1]}"' in text
    shutil.rmtree(review / "site")

    # What CI runs (.ci/run): the linters and the whole test suite, on the copy.
    env = {**os.environ, NESTED: "1", "LIVINGREVIEW_SHARED": str(tmp_path / "shared")}
    for command in (
        [_tool("ruff"), "check", "."],
        [_tool("ruff"), "format", "--check", "."],
        [_tool("mypy"), "src"],
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
    ):
        ran = subprocess.run(command, cwd=review, env=env, capture_output=True, text=True)
        assert ran.returncode == 0, f"{command}:\n{ran.stdout[-3000:]}\n{ran.stderr[-2000:]}"

    # The same pull request with a misspelt key: check and build name the place.
    typo = new[1][:3] + new[1][4:]  # a letter of the name left out
    misspelt = chapter.replace(f"[@{new[1]}]", f"[@{typo}]")
    page.write_text(misspelt, encoding="utf-8")
    line = next(n for n, text in enumerate(misspelt.splitlines(), 1) if f"@{typo}" in text)
    column = misspelt.splitlines()[line - 1].index(f"@{typo}") + 1
    where = f"{created}:{line}:{column}"
    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 1
    # The suggestions depend on the review's other keys; the likely one is among them.
    told = f"{where}: error unknown-key: unknown citation key '{typo}' (did you mean "
    line_told = next(line for line in out.splitlines() if line.startswith(told))
    assert f"'{new[1]}'" in line_told
    result = build(review)
    assert result.returncode == 1
    assert f"{where}: unknown citation key '{typo}' (did you mean " in result.stderr
