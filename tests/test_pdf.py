"""The whole review as a PDF (``pdf: true``, ``livingreview pdf``), printed by
Chromium; its pages' text read back with pdftotext."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livingreview.cli import main
from tests.gitrepo import MKDOCS, commit, sample_review

CHROMIUM = Path("/usr/bin/chromium")
HOME = "# A sample review\n\nWelcome.\n\n<!-- livingreview: cite -->\n"


def _review(tmp_path: Path) -> Path:
    root = sample_review(tmp_path / "review")
    commit(root, {"docs/index.md": HOME}, "How to cite", "2026-03-20")
    return root


def _needs_chromium() -> None:
    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() or not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("Chromium or poppler is missing: .ci/run installs them", pytrace=False)
        pytest.skip("Debian's chromium (or pdftotext) is not installed")


def test_livingreview_pdf_prints_the_whole_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_chromium()
    root = _review(tmp_path)
    monkeypatch.chdir(root)
    assert main(["pdf"]) == 0
    assert capsys.readouterr().out == "wrote site/review.pdf\n"
    pdf = root / "site" / "review.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])
    assert pages > 1
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    title_page = text.split("\f")[0]
    assert [line.strip() for line in title_page.splitlines() if line.strip()][:5] == [
        "A sample review",
        "Ann Editor, Sample contributors",
        "Version 1.2",
        "Released 2026-03-01",
        "https://example.org/review/",
    ]
    assert "Hodge, G. A., & Greve, C. (2007). Public–private partnerships" in text
    # One bibliography: each work listed once, after the chapters.
    assert text.count("Freeman, R. E. (1984)") == 1
    assert text.index("Introduction") < text.index("Cases") < text.index("Freeman, R. E.")
    # The site links it, and says so to reference managers.
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="review.pdf">the whole review as a PDF</a>' in home
    assert '<meta name="citation_pdf_url" content="https://example.org/review/review.pdf">' in home
    assert not (root / "site" / "livingreview-print.html").exists()


def test_without_playwright_the_pdf_command_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _review(tmp_path)
    (root / "mkdocs.yml").write_text(MKDOCS + "      pdf: true\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    assert main(["pdf", "-f", str(root / "mkdocs.yml")]) == 1
    assert capsys.readouterr().err == (
        "livingreview: the PDF of the review needs Playwright: pip install "
        "'livingreview[pdf]' (and, without a system Chromium, playwright install chromium)\n"
    )
