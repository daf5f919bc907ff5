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

# Two works an editor adds, with the fields verified in ../shared/source/FACTS.md
# ("Further works, verified in the second check").
NEW_WORKS = r"""
@article{purdy2012,
  author  = {Purdy, Jill M.},
  title   = {A Framework for Assessing Power in Collaborative Governance Processes},
  journal = {Public Administration Review},
  volume  = {72},
  number  = {3},
  pages   = {409--417},
  year    = {2012},
  doi     = {10.1111/j.1540-6210.2011.02525.x}
}

@article{provan2001,
  author  = {Provan, Keith G. and Milward, H. Brinton},
  title   = {Do Networks Really Work? {A} Framework for Evaluating Public-Sector Organizational Networks},
  journal = {Public Administration Review},
  volume  = {61},
  number  = {4},
  pages   = {414--423},
  year    = {2001},
  doi     = {10.1111/0033-3352.00045}
}
"""

CHAPTER = """\
---
title: Partnerships in crisis response
summary: How the review's frameworks bear on partnerships formed in a hurry.
tags:
  - crisis
---

# Partnerships in crisis response

When a crisis forces agencies, firms and volunteers to act together within
days, the question of who holds power in the room is settled before anyone
has asked it [@purdy2012]. Whether such a network did any good can be asked
of the community it served, of the network itself and of each member
[@provan2001], and the three answers need not agree.
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
    page.write_text(CHAPTER, encoding="utf-8")
    with (review / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_WORKS)

    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 0, out
    result = build(review)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = review / "site" / Path(created).relative_to("docs").with_suffix("") / "index.html"
    text = html.read_text(encoding="utf-8")
    assert ">Purdy, 2012</a>)" in text and ">Provan &amp; Milward, 2001</a>)" in text
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
    misspelt = CHAPTER.replace("[@provan2001]", "[@provan2010]")
    page.write_text(misspelt, encoding="utf-8")
    line = next(n for n, text in enumerate(misspelt.splitlines(), 1) if "@provan2010" in text)
    column = misspelt.splitlines()[line - 1].index("@provan2010") + 1
    where = f"{created}:{line}:{column}"
    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 1
    assert (
        f"{where}: error unknown-key: unknown citation key 'provan2010' "
        "(did you mean 'provan2001'?)"
    ) in out.splitlines()
    result = build(review)
    assert result.returncode == 1
    assert f"{where}: unknown citation key 'provan2010' (did you mean 'provan2001'?)" in (
        result.stderr
    )
