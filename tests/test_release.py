"""``livingreview release`` and the check that CITATION.cff agrees with CHANGELOG.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from livingreview.cli.main import main
from livingreview.history.changes import read_history
from tests.conftest import BIB
from tests.gitrepo import CITATION, commit, sample_review

CITED = ("bryson2006", "austin2000", "freeman1984", "hodge2007", "rasche2010")


def _clean_review(root: Path) -> Path:
    """The sample review with only the works it cites in its .bib: check --strict is clean."""
    sample_review(root)
    entries = re.split(r"\n(?=@)", BIB.strip())
    kept = [entry for entry in entries if any(f"{{{key}," in entry for key in CITED)]
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    notes = changelog.replace("## [Unreleased]\n", "## [Unreleased]\n\n- Stakeholder theory.\n")
    commit(
        root,
        {"references.bib": "\n".join(kept) + "\n", "CHANGELOG.md": notes},
        "Only the works cited",
        "2026-03-20",
    )
    return root


def test_release_writes_both_files_and_prints_the_git_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _clean_review(tmp_path / "review")
    monkeypatch.chdir(root)
    before = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    code = main(["release", "1.3", "Stakeholders in the introduction.", "--date", "2026-04-01"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == (
        "wrote CHANGELOG.md\n"
        "wrote CITATION.cff\n"
        "now commit and tag the release:\n"
        '  git add CHANGELOG.md CITATION.cff && git commit -m "Release 1.3: Stakeholders in '
        'the introduction."\n'
        "  git tag v1.3\n"
    )
    assert (root / "CHANGELOG.md").read_text(encoding="utf-8") == before.replace(
        "## [Unreleased]\n\n- Stakeholder theory.\n",
        "## [Unreleased]\n\n## [1.3] - 2026-04-01\n\n"
        "Stakeholders in the introduction.\n\n- Stakeholder theory.\n",
    )
    assert (root / "CITATION.cff").read_text(encoding="utf-8") == CITATION.format(
        version="1.3", date="2026-04-01"
    )
    assert main(["check", "--strict"]) == 0
    commit(root, {}, "Release 1.3", "2026-04-01")
    history = read_history(root, root / "docs")
    latest = history.releases[0]
    assert (latest.version, latest.date, latest.summary) == (
        "1.3",
        "2026-04-01",
        "Stakeholders in the introduction.\n\n- Stakeholder theory.",
    )
    assert [(c.page, c.cited) for c in latest.pages] == [("chapters/01-intro.md", ["freeman1984"])]


def test_release_refuses_a_version_not_above_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _clean_review(tmp_path / "review")
    monkeypatch.chdir(root)
    before = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert main(["release", "1.2", "Again."]) == 1
    assert capsys.readouterr().err == (
        "livingreview: version 1.2 is not greater than the last release, 1.2 "
        "(CHANGELOG.md line 9); choose a higher version\n"
    )
    assert main(["release", "one", "Again."]) == 2
    assert capsys.readouterr().err == (
        "livingreview: version 'one' is not a version number such as 1.3\n"
    )
    assert main(["release", "1.3", "Again.", "--date", "2026-13-01"]) == 2
    assert capsys.readouterr().err == (
        "livingreview: --date 2026-13-01: not a date; write it as YYYY-MM-DD, such as 2026-12-10\n"
    )
    assert (root / "CHANGELOG.md").read_text(encoding="utf-8") == before


def test_release_refuses_when_the_strict_check_finds_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _clean_review(tmp_path / "review")
    monkeypatch.chdir(root)
    (root / "docs" / "chapters" / "03-cases.md").write_text(
        "# Cases\n\nSee @hodge2007 and [@rasche2010; @brysn2006].\n", encoding="utf-8"
    )
    before = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert main(["release", "1.3", "Cases."]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "docs/chapters/03-cases.md:3:34: error unknown-key: unknown citation key 'brysn2006' "
        "(did you mean 'bryson2006'?)\n"
    )
    assert err == (
        "livingreview: not released: fix the 1 problem(s) above (livingreview check "
        "--strict lists them), then run this again\n"
    )
    assert (root / "CITATION.cff").read_text(encoding="utf-8") == before


def test_check_warns_when_citation_cff_disagrees_with_the_changelog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _clean_review(tmp_path / "review")
    monkeypatch.chdir(root)
    (root / "CITATION.cff").write_text(
        CITATION.format(version="1.1", date="2026-02-05"), encoding="utf-8"
    )
    assert main(["check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "CITATION.cff:9: warning citation-cff-mismatch: version is '1.1' but the newest "
        "release in CHANGELOG.md is 1.2 (line 9), dated 2026-03-01; set 'version: \"1.2\"' "
        "(livingreview release writes both files)",
        "CITATION.cff:10: warning citation-cff-mismatch: date-released is '2026-02-05' but "
        "the newest release in CHANGELOG.md is 1.2 (line 9), dated 2026-03-01; set "
        "'date-released: 2026-03-01' (livingreview release writes both files)",
    ]
    assert main(["check", "--strict"]) == 1


def test_the_commit_subject_is_the_summarys_first_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _clean_review(tmp_path / "review")
    monkeypatch.chdir(root)
    summary = 'Adds "stakeholders" to the introduction. Fixes two references; no other change.'
    assert main(["release", "1.3", summary, "--date", "2026-04-01"]) == 0
    out = capsys.readouterr().out
    assert (
        '  git add CHANGELOG.md CITATION.cff && git commit -m "Release 1.3: Adds '
        '\\"stakeholders\\" to the introduction."\n'
    ) in out
    assert summary in (root / "CHANGELOG.md").read_text(encoding="utf-8")
