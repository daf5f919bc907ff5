"""The commands find the review's configuration from any folder inside it,
and stop quietly when the reader of their output goes away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from livingreview.cli.main import main
from tests.test_cli import SMALL_BIB, write_review

NOT_FOUND = (
    "livingreview: no mkdocs.yml (or properdocs.yml) in this folder or any folder above "
    "it; run in the review's folder, or give the file with -f PATH\n"
)
PAGES = {"index.md": "[@putnam2000] and @austin2000.\n", "chapters/01-a.md": "# A\n"}
SUMMARY = "2 pages, 2 citations, 2 works cited, 0 works unused\n"


def test_check_run_from_a_subfolder_finds_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_review(tmp_path, PAGES, SMALL_BIB)
    monkeypatch.chdir(tmp_path / "docs" / "chapters")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == SUMMARY


@pytest.mark.parametrize("name", ["mkdocs.yaml", "properdocs.yml"])
def test_other_names_of_the_configuration_are_found(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    write_review(tmp_path, PAGES, SMALL_BIB).rename(tmp_path / name)
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == SUMMARY


def test_mkdocs_yml_is_preferred_to_properdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_review(tmp_path, PAGES, SMALL_BIB)
    (tmp_path / "properdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == SUMMARY


def test_the_search_stops_at_the_top_of_a_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_review(tmp_path, PAGES, SMALL_BIB)
    inner = tmp_path / "other-repository" / "notes"
    inner.mkdir(parents=True)
    (tmp_path / "other-repository" / ".git").mkdir()
    monkeypatch.chdir(inner)
    for command in (["check"], ["stats"], ["new", "Methods"]):
        assert main(command) == 2
        assert capsys.readouterr().err == NOT_FOUND


def test_new_run_from_docs_adds_the_chapter_to_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_review(tmp_path, PAGES, SMALL_BIB, nav="nav:\n  - chapters/01-a.md\n")
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["new", "Methods"]) == 0
    assert capsys.readouterr().out == (
        "created docs/chapters/02-methods.md; added it to the nav of mkdocs.yml\n"
    )
    assert (tmp_path / "docs/chapters/02-methods.md").is_file()
    assert "  - chapters/02-methods.md\n" in config.read_text(encoding="utf-8")


def test_f_still_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_review(tmp_path, PAGES, SMALL_BIB)
    monkeypatch.chdir(tmp_path / "docs")
    assert main(["check", "-f", "elsewhere.yml"]) == 2
    assert capsys.readouterr().err == (
        "livingreview: elsewhere.yml: no such file; run in the review's folder\n"
    )


def test_stats_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    config = write_review(tmp_path, PAGES, SMALL_BIB)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before anything is written
    process = subprocess.run(
        [sys.executable, "-m", "livingreview", "stats", "-f", str(config)],
        stdout=writer,
        stderr=subprocess.PIPE,
        check=False,
    )
    os.close(writer)
    assert (process.returncode, process.stderr) == (141, b"")


def test_stats_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    config = write_review(tmp_path, PAGES, SMALL_BIB)
    with subprocess.Popen(
        [sys.executable, "-m", "livingreview", "stats", "-f", str(config), "--top", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"page           citations  works\n"
        process.stdout.close()  # as `head -1` does
        errors = process.stderr.read()
    assert errors == b""
