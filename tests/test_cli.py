"""``livingreview check``: the same findings as the build, without building."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from livingreview.cli.main import main
from tests.conftest import BIB


def write_review(root: Path, pages: dict[str, str], bib: str = BIB, nav: str = "") -> Path:
    for path, text in pages.items():
        file = root / "docs" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - livingreview\n" + nav, encoding="utf-8"
    )
    return config


SMALL_BIB = r"""@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone},
  publisher = {Simon \& Schuster}, year = 2000}
@book{austin2000, author = {Austin, James E.}, title = {The Collaboration Challenge},
  publisher = {Jossey-Bass}, year = 2000}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_review_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_review(
        tmp_path,
        {"index.md": "[@putnam2000] and @austin2000.\n", "two.md": "[@putnam2000]\n"},
        SMALL_BIB,
    )
    code, out, _ = run(capsys, "-f", str(config))
    assert (code, out) == (0, "2 pages, 3 citations, 2 works cited, 0 works unused\n")


def test_unknown_key_is_an_error_at_the_same_place_as_in_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_review(
        tmp_path,
        {
            "chapters/02-theory.md": (
                "---\ntitle: Theory\n---\n\n# Theory\n\nAs argued [@putnam200].\n"
            )
        },
        SMALL_BIB,
    )
    code, out, _ = run(capsys, "-f", str(config))
    assert code == 1
    assert out.splitlines() == [
        "docs/chapters/02-theory.md:7:12: error unknown-key: unknown citation key 'putnam200' "
        "(did you mean 'putnam2000'?)",
        "references.bib:1: warning unused-work: entry 'putnam2000' is not cited on any page",
        "references.bib:3: warning unused-work: entry 'austin2000' is not cited on any page",
        "1 pages, 1 citations, 0 works cited, 2 works unused",
    ]


def test_strict_turns_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_review(tmp_path, {"index.md": "[@putnam2000]\n"}, SMALL_BIB)
    assert run(capsys, "-f", str(config))[0] == 0
    code, out, _ = run(capsys, "-f", str(config), "--strict")
    assert code == 1
    assert "references.bib:3: error unused-work: entry 'austin2000'" in out


def test_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_review(tmp_path, {"index.md": "Text [@nobody].\n"}, SMALL_BIB)
    code, out, err = run(capsys, "-f", str(config), "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=docs/index.md,line=1,col=7,title=unknown-key::unknown citation key 'nobody'"
    )
    assert err == "1 pages, 1 citations, 0 works cited, 2 works unused\n"


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_review(tmp_path, {"index.md": "[@putnam2000; @austin2000]\n"}, SMALL_BIB)
    code, out, _ = run(capsys, "-f", str(config), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "diagnostics": [],
        "summary": {"pages": 1, "citations": 1, "works_cited": 2, "works_unused": 0},
    }


def test_front_matter_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_review(
        tmp_path,
        {
            "bad.md": "---\ntitle: [unclosed\n---\n\n[@putnam2000]\n",
            "list.md": "---\n- a\n- b\n---\n\n[@austin2000]\n",
        },
        SMALL_BIB,
    )
    code, out, _ = run(capsys, "-f", str(config))
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(
        "docs/bad.md:3: error front-matter: front matter is not valid YAML ("
    )
    assert lines[1] == (
        "docs/list.md:1: error front-matter: front matter must be a mapping of 'key: value' "
        "lines (such as 'title: ...'); MkDocs will show it as page text"
    )


def test_pages_missing_from_the_nav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_review(
        tmp_path,
        {"index.md": "[@putnam2000]\n", "orphan.md": "[@austin2000]\n"},
        SMALL_BIB,
        nav="nav:\n  - Home: index.md\n",
    )
    code, out, _ = run(capsys, "-f", str(config))
    assert code == 0
    assert out.splitlines()[0] == (
        "docs/orphan.md: warning not-in-nav: page is not in the nav of mkdocs.yml; "
        "readers cannot reach it"
    )


def test_bib_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = SMALL_BIB + (
        "@article{x, author = {Doe, J.}, title = {T}, journal = {J}, year = 2000,\n"
        "  doi = {12.3/x}, url = {javascript:alert(1)}}\n"
        "@misc{Putnam2000, title = {Again}}\n"
    )
    config = write_review(tmp_path, {"index.md": "[@putnam2000; @austin2000; @x]\n"}, bib)
    code, out, _ = run(capsys, "-f", str(config))
    assert code == 1
    assert out.splitlines()[:3] == [
        "references.bib:6:3: warning bib-bad-doi: entry 'x' has a DOI that does not start with "
        "'10.': '12.3/x'; it is not linked",
        "references.bib:6:19: warning bib-unsafe-url: entry 'x' has the URL "
        "'javascript:alert(1)', which is not an http or https address; it is left out of "
        "the reference. Give the work's address starting with https://, or remove the url "
        "field",
        "references.bib:7: error bib-duplicate-key: duplicate key 'Putnam2000': key "
        "'putnam2000' (keys are case-insensitive) is already used at line 1; rename one of "
        "the two entries (the first is used)",
    ]


def test_configuration_problems_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "-f", str(tmp_path / "mkdocs.yml"))
    assert code == 2
    assert err.startswith("livingreview: ")
    assert "no such file" in err
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme: mkdocs\n", encoding="utf-8")
    code, _, err = run(capsys, "-f", str(tmp_path / "mkdocs.yml"))
    assert code == 2
    assert "the livingreview plugin is not enabled" in err
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme: nosuchtheme\n", encoding="utf-8")
    code, _, err = run(capsys, "-f", str(tmp_path / "mkdocs.yml"))
    assert code == 2
    assert "theme" in err  # MkDocs' own explanation is shown, not swallowed


def test_bib_syntax_missing_field_and_duplicate_doi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = (
        "@article{a, author = {Doe, J.}, title = {T}, journal = {J}, year = 2000,\n"
        "  doi = {10.1000/one}}\n"
        "@article{b, author = {Roe, R.}, title = {U}, journal = {J}, year = 2001,\n"
        "  doi = {https://doi.org/10.1000/ONE}}\n"
        "@book{c, author = {Poe, E.}, title = {No Publisher}, year = 2002}\n"
        "@misc{d, author = {Moe, M.}\n  title = {missing comma}}\n"
    )
    config = write_review(tmp_path, {"index.md": "[@a; @b; @c; @d]\n"}, bib)
    code, out, _ = run(capsys, "-f", str(config))
    assert code == 1
    assert out.splitlines()[:4] == [
        "references.bib:4:3: error bib-duplicate-doi: entry 'b' has the same DOI as entry 'a' "
        "(line 1): the same work under two keys; keep one and cite it",
        "references.bib:5: warning bib-missing-field: entry 'c' (@book) lacks the field "
        "'publisher', which APA needs; the reference is printed without it",
        # pybtex drops the fields after the syntax error; both are reported.
        "references.bib:6: warning bib-missing-field: entry 'd' (@misc) lacks the field "
        "'title', which APA needs; the reference is printed without it",
        "references.bib:7: error bib-syntax: syntax error: check the braces, quotes, '=' and "
        "commas in entry 'd' (line 6)",
    ]


def test_several_bibliography_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "[@putnam2000] and [@macro2001]\n", encoding="utf-8"
    )
    (tmp_path / "strings.bib").write_text('@string{pub = "Macro Press"}\n', encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        SMALL_BIB
        + "@book{macro2001, author = {Doe, J.}, title = {M}, publisher = pub, year = 2001}\n"
        "@book{unused, author = {Roe, R.}, title = {U}, publisher = {P}, year = 1999}\n",
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - livingreview:\n"
        "      bibliography: [strings.bib, references.bib]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "-f", str(config))
    assert code == 0
    assert out.splitlines() == [
        "references.bib:3: warning unused-work: entry 'austin2000' is not cited on any page",
        "references.bib:6: warning unused-work: entry 'unused' is not cited on any page",
        "1 pages, 2 citations, 2 works cited, 2 works unused",
    ]
