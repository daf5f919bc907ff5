"""An editor's pull request, played end to end on a copy of the real review."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livingreview.cli.main import main

ROOT = Path(__file__).resolve().parent.parent

NEW_WORK = r"""
@article{bryson2015,
  author  = {Bryson, John M. and Crosby, Barbara C. and Stone, Melissa Middleton},
  title   = {Designing and Implementing Cross-Sector Collaborations: Needed and Challenging},
  journal = {Public Administration Review},
  volume  = {75},
  number  = {5},
  pages   = {647--663},
  year    = {2015}
}
"""


@pytest.fixture
def review(tmp_path: Path) -> Path:
    copy = tmp_path / "review"
    copy.mkdir()
    for name in ("mkdocs.yml", "references.bib"):
        shutil.copy(ROOT / name, copy / name)
    shutil.copytree(ROOT / "docs", copy / "docs")
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
    review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(review / "mkdocs.yml")
    before = (review / "mkdocs.yml").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "new", "Partnerships in Crisis Response", "-f", config)
    assert code == 0
    assert out == (
        "created docs/chapters/08-partnerships-in-crisis-response.md; "
        "added it to the nav of mkdocs.yml\n"
    )
    page = review / "docs" / "chapters" / "08-partnerships-in-crisis-response.md"
    assert page.read_text(encoding="utf-8").startswith(
        "---\ntitle: Partnerships in Crisis Response\nsummary: "
    )
    after = (review / "mkdocs.yml").read_text(encoding="utf-8")
    assert after == before.replace(
        "      - chapters/07-conclusion.md\n",
        "      - chapters/07-conclusion.md\n"
        "      - chapters/08-partnerships-in-crisis-response.md\n",
    )
    # Refuses to overwrite: the same title again is an error, nothing changes.
    code, _, err = run(capsys, "new", "Partnerships in crisis response", "-f", config)
    assert code == 2
    assert "a chapter with this title already exists" in err
    assert (review / "mkdocs.yml").read_text(encoding="utf-8") == after


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


def test_an_editors_pull_request(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(review / "mkdocs.yml")
    assert run(capsys, "new", "Partnerships in Crisis Response", "-f", config)[0] == 0
    page = review / "docs" / "chapters" / "08-partnerships-in-crisis-response.md"
    with (review / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_WORK)
    text = page.read_text(encoding="utf-8")
    body = (
        "Cross-sector work is hard to design [@bryson2006] and harder to sustain [@bryson2015].\n"
    )
    page.write_text(text + "\n" + body, encoding="utf-8")

    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 0, out
    assert out.endswith("works unused\n")
    result = build(review)
    assert result.returncode == 0, result.stderr
    html = (review / "site/chapters/08-partnerships-in-crisis-response/index.html").read_text(
        encoding="utf-8"
    )
    assert ">Bryson et al., 2006</a>)" in html and ">Bryson et al., 2015</a>)" in html
    assert 'id="ref-bryson2015"' in html

    # The same pull request with a misspelt key: check names the place.
    misspelt = body.replace("[@bryson2015]", "[@brysn2015]")
    page.write_text(text + "\n" + misspelt, encoding="utf-8")
    line = len(text.splitlines()) + 2  # a blank line, then the body
    column = misspelt.index("@brysn2015") + 1
    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 1
    assert (
        f"docs/chapters/08-partnerships-in-crisis-response.md:{line}:{column}: error unknown-key: "
        "unknown citation key 'brysn2015' (did you mean 'bryson2015'?)"
    ) in out.splitlines()
    result = build(review)
    assert result.returncode == 1
    assert (
        f"docs/chapters/08-partnerships-in-crisis-response.md:{line}:{column}: unknown citation "
        "key 'brysn2015'"
    ) in result.stderr


def test_stats(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--format", "json", "-f", str(review / "mkdocs.yml"))
    assert code == 0
    data = json.loads(out)
    paths = [page["path"] for page in data["pages"]]
    assert "docs/chapters/02-theoretical-frameworks.md" in paths
    assert sum(data["works_by_year"].values()) == 24
    assert data["works_by_year"]["2000"] == 4
    top = data["most_cited"][0]
    assert set(top) == {"key", "citations", "pages"}
    code, out, _ = run(capsys, "stats", "-f", str(review / "mkdocs.yml"))
    assert code == 0
    assert out.startswith("page ")
    assert "works cited by year of publication" in out
