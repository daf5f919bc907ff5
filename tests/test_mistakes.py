"""Mistakes in citing that used to pass without a word: each is now a warning,
at the same place and in the same words from ``livingreview check`` and from
the build."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from livingreview.cli.main import main
from livingreview.site.extension import CitationExtension
from tests.conftest import BIB, Site

FRONT_MATTER = "---\ntitle: Mistakes\ntags: [citing]\n---\n\n"  # the body starts at line 6


def check_lines(
    site: Site, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, list[str]]:
    """The exit code of ``livingreview check`` on *site*, and its lines about pages."""
    code = main(["check", "-f", str(site.root / "mkdocs.yml"), *options])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if line.startswith(("docs/", "::warning file=docs/"))]


UNCLOSED = (
    "'[' is never closed in its paragraph, so @bryson2006 and the citations after it "
    "are read as author-in-text and the '[' is shown as text; close the citation with ']'"
)
LOCATOR = (
    "'p. 46' after ';' has no @key, so '[@bryson2006; p. 46]' is not a citation and is "
    "shown as text; put a locator after its key and a comma: '[@bryson2006, p. 46]'"
)
MISSING_AT = (
    "'[bryson2006]' is not a citation: 'bryson2006' is the key of a work, but without "
    "'@'; write '[@bryson2006]'"
)
COMMA = (
    "'@putnam2000' after a comma is shown as text, not cited; separate the works of "
    "one citation with ';': '[@bryson2006; @putnam2000]'"
)

CASES = {
    "unclosed": (
        "Shared goals matter [@bryson2006; @putnam2000, emphasis added.\n",
        6,
        21,
        "unclosed-bracket",
        UNCLOSED,
    ),
    "locator": ("As argued [@bryson2006; p. 46].\n", 6, 23, "locator-without-key", LOCATOR),
    "missing-at": ("As argued [bryson2006].\n", 6, 11, "missing-at", MISSING_AT),
    "comma": (
        "As argued [@bryson2006, @putnam2000].\n",
        6,
        23,
        "comma-between-keys",
        COMMA,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_mistake_is_the_same_warning_in_check_and_build(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, line, column, code, message = CASES[case]
    site = make_site({"x.md": FRONT_MATTER + text})
    assert site.warnings == [f"docs/x.md:{line}:{column}: {message}"]
    assert check_lines(site, capsys) == (
        0,
        [f"docs/x.md:{line}:{column}: warning {code}: {message}"],
    )
    assert check_lines(site, capsys, "--strict") == (
        1,
        [f"docs/x.md:{line}:{column}: error {code}: {message}"],
    )


def test_mistake_as_a_github_annotation(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"x.md": FRONT_MATTER + "As argued [bryson2006].\n"})
    assert check_lines(site, capsys, "--format", "github") == (
        0,
        [f"::warning file=docs/x.md,line=6,col=11,title=missing-at::{MISSING_AT}"],
    )


def test_strict_build_fails_on_a_mistake(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "Fine [@putnam2000].\n\nAs argued [bryson2006].\n"})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"WARNING -  docs/index.md:3:11: {MISSING_AT}\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_mistake_in_a_page_is_reported_in_order(make_site: Callable[..., Site]) -> None:
    # A citation already shown well is not changed by a mistake next to it.
    site = make_site(
        {
            "index.md": (
                "As argued [bryson2006] and [@putnam2000].\n\n"
                "More [@kania2011; pp. 36-37] then [see @austin2000, p. 4, @hodge2007]\n"
            )
        }
    )
    assert site.warnings == [
        "docs/index.md:1:11: '[bryson2006]' is not a citation: 'bryson2006' is the key "
        "of a work, but without '@'; write '[@bryson2006]'",
        "docs/index.md:3:17: 'pp. 36-37' after ';' has no @key, so '[@kania2011; pp. "
        "36-37]' is not a citation and is shown as text; put a locator after its key and "
        "a comma: '[@kania2011, pp. 36-37]'",
        "docs/index.md:3:57: '@hodge2007' after a comma is shown as text, not cited; "
        "separate the works of one citation with ';': '[see @austin2000, p. 4; @hodge2007]'",
    ]
    assert site.citations()[0] == (
        '<span class="citation" data-cites="putnam2000">(<a href="#ref-putnam2000" '
        'id="cite-putnam2000" role="doc-biblioref">Putnam, 2000</a>)</span>'
    )


def test_a_fix_spanning_lines_is_quoted_on_one(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "Text [see @bryson2006,\n  @putnam2000] here.\n"})
    assert site.warnings == [
        "docs/index.md:1:22: '@putnam2000' after a comma is shown as text, not cited; "
        "separate the works of one citation with ';': '[see @bryson2006; @putnam2000]'"
    ]


SILENT = """\
Valid [@bryson2006; @putnam2000] and [see @kania2011, p. 4] and [-@austin2000].

A [link to bryson2006](https://example.org), a [reference link][bryson2006] and a
footnote[^1]. A [bryson2006] with a definition is a link too.

[bryson2006]: https://example.org/bryson

[nobody2001] is no key, nor is [x]; [see bryson2006] is left alone.

Code: `[bryson2006]`, `[@bryson2006; p. 46]` and `[@bryson2006, @putnam2000]`.

    [@bryson2006, @putnam2000] [@hodge2007

```
[@bryson2006; p. 46] [freeman1984]
```

Escaped \\[@austin2000; @hodge2007, then text, and \\[bryson2006\\].

A bracket across a soft line break [see
@rasche2010; @freeman1984, pp. 3-5].

An interval [0, 1) as @putnam2000 writes, and [@hodge2007, p. 549; @kania2011].

[^1]: A note citing [@doe:2018].
"""


def test_what_is_no_mistake_stays_silent(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"index.md": SILENT, "x.md": FRONT_MATTER + "[@Smith.2020]\n"})
    assert site.warnings == []
    assert check_lines(site, capsys, "--strict") == (0, [])


def test_the_extension_reports_through_its_callback(tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    reports: list[str] = []
    extension = CitationExtension(
        bibliography=str(tmp_path / "references.bib"),
        report=lambda diagnostic: reports.append(f"{diagnostic.code}: {diagnostic}"),
    )
    markdown.markdown("As argued [BRYSON2006].", extensions=[extension])
    assert reports == [
        "missing-at: <markdown>:1:11: '[BRYSON2006]' is not a citation: 'BRYSON2006' is "
        "the key of a work, but without '@'; write '[@BRYSON2006]'"
    ]


def test_every_code_is_explained_to_editors() -> None:
    guide = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    codes = {code for *_, code, _ in CASES.values()}
    assert sorted(code for code in codes if f"| `{code}` |" not in guide) == []
