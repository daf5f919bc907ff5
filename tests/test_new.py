"""``livingreview new --after N``: a chapter in the middle of the nav."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from livingreview.cli.main import main

CONFIG = """\
site_name: Sample
theme: mkdocs
plugins:
  - livingreview
nav:
  - Home: index.md
  - Chapters:
      - chapters/01-a.md
      - Second: chapters/02-b.md  # a titled entry
      - chapters/05-e.md
  - About: about.md
"""


@pytest.fixture
def review(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    chapters = tmp_path / "docs" / "chapters"
    chapters.mkdir(parents=True)
    for name in ("index.md", "about.md"):
        (tmp_path / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    for name in ("01-a.md", "02-b.md", "05-e.md"):
        (chapters / name).write_text(f"# {name}\n", encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def chapters_in_nav(review: Path) -> list[str]:
    nav = yaml.safe_load((review / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    return [next(iter(e.values())) if isinstance(e, dict) else e for e in nav[1]["Chapters"]]


def files(review: Path) -> list[str]:
    return sorted(p.name for p in (review / "docs" / "chapters").iterdir())


def test_after_a_chapter_whose_next_number_is_free(
    review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(review / "mkdocs.yml")
    code, out, err = run(capsys, "new", "Gap filler", "--after", "2", "-f", config)
    assert (code, err) == (0, "")
    assert out == (
        "created docs/chapters/03-gap-filler.md; added it to the nav of mkdocs.yml "
        "after chapters/02-b.md\n"
    )
    assert (review / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG.replace(
        "      - Second: chapters/02-b.md  # a titled entry\n",
        "      - Second: chapters/02-b.md  # a titled entry\n      - chapters/03-gap-filler.md\n",
    )
    # The site is sound: only the placeholders that `new` wrote are reported.
    code, out, _ = run(capsys, "check", "-f", config)
    assert code == 0
    assert [line.split(" ", 3)[2] for line in out.splitlines()[:-1]] == [
        "placeholder-text:",
        "placeholder-text:",
    ]


def test_after_a_chapter_whose_next_number_is_taken(
    review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(review / "mkdocs.yml")
    code, out, _ = run(capsys, "new", "Middle", "--after", "1", "-f", config)
    assert code == 0
    # 02 is taken: the file gets the number after the highest; no file is renumbered.
    assert out == (
        "created docs/chapters/06-middle.md; added it to the nav of mkdocs.yml "
        "after chapters/01-a.md\n"
    )
    assert files(review) == ["01-a.md", "02-b.md", "05-e.md", "06-middle.md"]
    assert chapters_in_nav(review) == [
        "chapters/01-a.md",
        "chapters/06-middle.md",
        "chapters/02-b.md",
        "chapters/05-e.md",
    ]


def test_after_zero_puts_it_first(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "Preface", "--after", "0", "-f", str(review / "mkdocs.yml"))
    assert code == 0
    assert out == (
        "created docs/chapters/06-preface.md; added it to the nav of mkdocs.yml "
        "before chapters/01-a.md\n"
    )
    assert chapters_in_nav(review)[:2] == ["chapters/06-preface.md", "chapters/01-a.md"]


def test_after_the_last_chapter_is_the_default_place(
    review: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "Coda", "--after", "5", "-f", str(review / "mkdocs.yml"))
    assert code == 0
    assert out == (
        "created docs/chapters/06-coda.md; added it to the nav of mkdocs.yml "
        "after chapters/05-e.md\n"
    )
    assert chapters_in_nav(review)[-1] == "chapters/06-coda.md"


@pytest.mark.parametrize(
    ("after", "message"),
    [
        (
            "3",
            "--after 3: there is no chapter 03 in the nav of mkdocs.yml; give --after the "
            "number of a chapter listed there, such as 05; nothing was changed",
        ),
        ("-1", "--after -1: give the number of a chapter, or 0 to put the new one first"),
    ],
)
def test_after_a_chapter_that_is_not_there(
    review: Path, capsys: pytest.CaptureFixture[str], after: str, message: str
) -> None:
    code, out, err = run(capsys, "new", "Lost", "--after", after, "-f", str(review / "mkdocs.yml"))
    assert (code, out, err) == (2, "", f"livingreview: {message}\n")
    assert (review / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG
    assert files(review) == ["01-a.md", "02-b.md", "05-e.md"]


def test_after_needs_a_nav(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = review / "mkdocs.yml"
    without_nav = CONFIG.split("nav:")[0]
    config.write_text(without_nav, encoding="utf-8")
    code, _, err = run(capsys, "new", "Lost", "--after", "1", "-f", str(config))
    assert (code, err) == (
        2,
        "livingreview: --after needs a nav in mkdocs.yml: without one MkDocs orders the "
        "chapters by file name; nothing was changed\n",
    )
    assert config.read_text(encoding="utf-8") == without_nav
    assert files(review) == ["01-a.md", "02-b.md", "05-e.md"]


def test_after_in_a_nav_without_chapters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Fresh\ntheme: mkdocs\nplugins:\n  - livingreview\nnav:\n  - Home: index.md\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "new", "Lost", "--after", "1", "-f", str(config))
    assert (code, err) == (
        2,
        "livingreview: --after 1: there is no chapter 01 in the nav of mkdocs.yml; it "
        "lists no chapter yet; leave out --after; nothing was changed\n",
    )
    code, out, _ = run(capsys, "new", "First", "--after", "0", "-f", str(config))
    assert (code, out) == (
        0,
        "created docs/chapters/01-first.md; added it to the nav of mkdocs.yml\n",
    )
    assert config.read_text(encoding="utf-8").endswith(
        "  - Home: index.md\n  - chapters/01-first.md\n"
    )
