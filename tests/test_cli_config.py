"""The commands find the review's configuration from any folder inside it,
and stop quietly when the reader of their output goes away."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livingreview.cli.main import main
from livingreview.site.standalone import toml_loads
from tests.test_cli import SMALL_BIB, write_review

NOT_FOUND = (
    "livingreview: no mkdocs.yml (or properdocs.yml, or zensical.toml) in this folder or "
    "any folder above it; run in the review's folder, or give the file with -f PATH\n"
)
PAGES = {"index.md": "[@putnam2000] and @austin2000.\n", "chapters/01-a.md": "# A\n"}
SUMMARY = "2 pages, 2 citations, 2 works cited, 0 works unused\n"
# A review configured for Zensical alone: zensical.toml, no mkdocs.yml.
ZENSICAL_SAMPLE = Path(__file__).resolve().parent / "samples" / "zensical"


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


def _zensical_review(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    shutil.copytree(ZENSICAL_SAMPLE, root)
    return root


def test_check_finds_zensical_toml_and_reads_the_extensions_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    chapter = root / "docs" / "chapters" / "01-foundations.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("[@gray1989]", "[@gray1898]"), encoding="utf-8")
    monkeypatch.chdir(root / "docs" / "chapters")
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        "docs/chapters/01-foundations.md:9:67: error unknown-key: unknown citation key "
        "'gray1898' (did you mean 'gray1989'?)\n"
        "references.bib:4: warning unused-work: entry 'gray1989' is not cited on any page\n"
        "3 pages, 2 citations, 1 works cited, 1 works unused\n"
    )


def test_check_reads_the_pages_that_zensical_toml_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    config = root / "zensical.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('bibliography_page = "references.md"', 'bibliography_page = "works.md"'),
        encoding="utf-8",
    )
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == (
        "docs/about.md: warning not-in-nav: page is not in the nav of zensical.toml; "
        "readers cannot reach it\n"
        "zensical.toml:21: warning missing-page: the livingreview option "
        "'bibliography_page' names 'works.md', which is not a page of the site, so the "
        "list of every cited work is not made; create docs/works.md or fix the option\n"
        "4 pages, 2 citations, 2 works cited, 0 works unused\n"
    )


def test_zensical_toml_without_the_extension_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    config = root / "zensical.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("[project.markdown_extensions.livingreview]")])
    monkeypatch.chdir(root)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "livingreview: zensical.toml: the livingreview extension is not enabled; add a "
        "[project.markdown_extensions.livingreview] table with its bibliography option\n"
    )
    config.write_text("[project\n", encoding="utf-8")
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith("livingreview: zensical.toml: cannot be read: ")


def test_new_adds_the_chapter_to_the_nav_of_zensical_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    config = root / "zensical.toml"
    before = config.read_text(encoding="utf-8")
    monkeypatch.chdir(root / "docs")
    assert main(["new", "Methods"]) == 0
    assert capsys.readouterr().out == (
        "created docs/chapters/02-methods.md; added it to the nav of zensical.toml\n"
    )
    assert config.read_text(encoding="utf-8") == before.replace(
        '    "chapters/01-foundations.md",\n',
        '    "chapters/01-foundations.md",\n    "chapters/02-methods.md",\n',
    )
    assert main(["new", "Background", "--after", "0"]) == 0
    assert capsys.readouterr().out == (
        "created docs/chapters/03-background.md; added it to the nav of zensical.toml "
        "before chapters/01-foundations.md\n"
    )
    nav = toml_loads(config.read_text(encoding="utf-8"))["project"]["nav"]
    assert nav[1] == {
        "Chapters": [
            "chapters/03-background.md",
            "chapters/01-foundations.md",
            "chapters/02-methods.md",
        ]
    }


def test_new_after_the_last_entry_of_a_toml_array_adds_the_comma(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    config = root / "zensical.toml"
    text = config.read_text(encoding="utf-8").replace(
        '    "chapters/01-foundations.md",\n',
        '    { "One" = "chapters/01-foundations.md" }  # first\n',
    )
    config.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["new", "Methods"]) == 0
    assert config.read_text(encoding="utf-8") == text.replace(
        '"chapters/01-foundations.md" }  # first\n',
        '"chapters/01-foundations.md" },  # first\n    "chapters/02-methods.md",\n',
    )


def test_new_says_what_to_do_with_a_toml_nav_it_cannot_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _zensical_review(tmp_path)
    config = root / "zensical.toml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("nav = ["), text.index("]\nwatch")
    one_line = (
        text[:start]
        + 'nav = ["index.md", { "Chapters" = ["chapters/01-foundations.md"] }, '
        + '"references.md"'
        + text[end:]
    )
    config.write_text(one_line, encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["new", "Methods"]) == 0
    assert capsys.readouterr().out == (
        'created docs/chapters/02-methods.md; add "chapters/02-methods.md" to the nav of '
        "zensical.toml yourself: livingreview new did not edit it, since its nav lists no "
        "chapter on a line of its own\n"
    )
    assert config.read_text(encoding="utf-8") == one_line
    assert (root / "docs/chapters/02-methods.md").is_file()
