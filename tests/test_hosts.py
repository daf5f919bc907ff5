"""The frozen sample review built by each host: MkDocs, ProperDocs (the MkDocs
fork, with the plugin) and Zensical (which runs the Markdown extension only).

Each page's article must be MkDocs' own, apart from the reviewed host
differences below. A host that is not installed (``pip install -e ".[hosts]"``)
is skipped.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent / "samples" / "review"
# A review configured for Zensical alone (zensical.toml, with watch = [references.bib]).
ZENSICAL_SAMPLE = Path(__file__).resolve().parent / "samples" / "zensical"
BIN = Path(sys.executable).parent
PAGES = [
    "index.html",
    "chapters/01-foundations/index.html",
    "chapters/02-theoretical-frameworks/index.html",
    "references/index.html",
    "evidence-map/index.html",
]
# The sample's mkdocs.yml for Zensical: the extension, given what the plugin
# would have told it (the plugin's entry stays; Zensical ignores it).
EXTENSION = """  - livingreview:
      bibliography: references.bib
      config_file: mkdocs.yml
      bibliography_page: references.md
      evidence_map_page: evidence-map.md
      provenance_field: verified
      strict: {strict}
"""

# Reviewed host differences: (host, pattern removed from both articles, why).
HOST_DIFFERENCES = [
    (
        "zensical",
        r'[ \t]*<a id="__skip" tabindex="-1"></a>\n',
        "Zensical's template adds a skip-link target",
    ),
    (
        "zensical",
        r'\n*[ \t]*<nav class="md-tags" >.*?</nav>\n*',
        "Zensical shows the front matter's tags without the tags plugin",
    ),
    (
        "zensical",
        r" data-search-exclude",
        "Zensical's search reads the attribute and removes it from the page",
    ),
    (
        "zensical",
        r'<aside class="lr-cite-chapter">.*?</aside>\n',
        "'Cite this chapter' needs the plugin's history of releases (MkDocs and ProperDocs only)",
    ),
    (
        "zensical",
        r'<p class="references-download">.*?</p>\n',
        "the .bib download is a file the plugin adds to the site; an extension cannot add files",
    ),
    (
        "zensical",
        r'<div class="lr-print-header"[^>]*>.*?</div>\n?',
        "the printed page's header line is added by the plugin from the history (MkDocs and "
        "ProperDocs only)",
    ),
    ("zensical", r"[ \t]+$", "spaces at the ends of the templates' lines"),
    ("zensical", r"^\n", "blank lines of the templates"),
]


def _host(name: str) -> Path:
    program = BIN / name
    if not program.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[hosts]')")
    return program


def _copy(tmp_path: Path, name: str, strict: bool = True, csl: str = "") -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE, root)
    if csl:  # the plugin's options, and the extension's below
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("      cache: false\n", f"      cache: false\n      csl: {csl}\n"),
            encoding="utf-8",
        )
    if name == "zensical":
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text = text.replace(
            "markdown_extensions:\n",
            "markdown_extensions:\n"
            + EXTENSION.format(strict=str(strict).lower())
            + (f"      csl: {csl}\n" if csl else ""),
        )
        config.write_text(text, encoding="utf-8")
    return root


def _build(root: Path, host: str) -> subprocess.CompletedProcess[str]:
    command = [str(_host(host)), "build"] + (["--clean"] if host == "zensical" else [])
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False, timeout=600
    )


def _article(root: Path, page: str, host: str) -> str:
    text = (root / "site" / page).read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.S)
    assert match, page
    article = match.group(1)
    for which, pattern, _why in HOST_DIFFERENCES:
        if which == host:
            article = re.sub(pattern, "", article, flags=re.S | re.M)
    return article


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy(tmp_path_factory.mktemp("hosts"), "mkdocs")
    result = _build(root, "mkdocs")
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("host", ["properdocs", "zensical"])
def test_every_page_is_the_same_under_each_host(
    host: str, mkdocs_site: Path, tmp_path: Path
) -> None:
    root = _copy(tmp_path, host)
    result = _build(root, host)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in PAGES:
        assert _article(root, page, host) == _article(mkdocs_site, page, host), page


@pytest.mark.parametrize("style", ["ieee", "chicago-notes-bibliography"])
def test_a_csl_style_is_the_same_under_zensical(style: str, tmp_path: Path) -> None:
    """The style seam is the extension's: Zensical builds the same CSL site."""
    _host("zensical")
    mkdocs = _copy(tmp_path / "m", "mkdocs", csl=style)
    zensical = _copy(tmp_path / "z", "zensical", csl=style)
    for root, host in ((mkdocs, "mkdocs"), (zensical, "zensical")):
        result = _build(root, host)
        assert result.returncode == 0, result.stdout + result.stderr
    for page in PAGES:
        assert _article(zensical, page, "zensical") == _article(mkdocs, page, "zensical"), page
    mark = "csl-left-margin" if style == "ieee" else 'class="lr-notes"'
    assert mark in _article(zensical, "chapters/01-foundations/index.html", "zensical")


def test_zensical_fails_on_an_unknown_key_at_its_place(tmp_path: Path) -> None:
    _host("zensical")
    root = _copy(tmp_path, "zensical")
    chapter = root / "docs" / "chapters" / "01-foundations.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("[@gray1989]", "[@gray1898]"), encoding="utf-8")
    result = _build(root, "zensical")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert (
        "livingreview: 1 problem (the extension's strict option is on); the first: "
        "docs/chapters/01-foundations.md:11:67: unknown citation key 'gray1898' "
        "(did you mean 'gray1989'?)" in output
    ), output


def test_zensical_reports_a_bib_problem_once(tmp_path: Path) -> None:
    _host("zensical")
    root = _copy(tmp_path, "zensical", strict=False)
    bib = root / "references.bib"
    text = bib.read_text(encoding="utf-8")
    first = text[
        text.index("@book{austin2000") : text.index("}\n}", text.index("@book{austin2000")) + 3
    ]
    bib.write_text(text + "\n" + first, encoding="utf-8")
    result = _build(root, "zensical")
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "austin2000" in line]
    assert len(lines) == 1, output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (OSError, urllib.error.URLError):
        return ""  # not serving yet, or rebuilding


def _poll(condition: Callable[[], bool], deadline: float) -> bool:
    """Whether *condition* came true before *deadline* (a monotonic time)."""
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_zensical_serve_renders_a_bib_edit_with_watch(tmp_path: Path) -> None:
    program = _host("zensical")
    root = tmp_path / "review"
    shutil.copytree(ZENSICAL_SAMPLE, root)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/chapters/01-foundations/"
    old, new = (
        "Bowling alone: The collapse and revival of American community",
        "Bowling alone again",
    )
    server = subprocess.Popen(
        [str(program), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        assert _poll(lambda: old in _page(url), deadline), "the page was never served"
        bib = root / "references.bib"
        text = bib.read_text(encoding="utf-8")
        bib.write_text(
            text.replace(
                "{Bowling Alone: The Collapse and Revival of {American} Community}",
                "{Bowling Alone Again}",
            ),
            encoding="utf-8",
        )
        assert _poll(lambda: new in _page(url), deadline), "the page kept the old title"
        assert old not in _page(url)
    finally:
        server.kill()
        server.communicate(timeout=30)
