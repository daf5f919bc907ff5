"""Sites in CSL styles: the style seam, with Pandoc's citeproc behind it.

Sample sites of their own, built with MkDocs; the golden HTML was recorded
with Pandoc 3.9 (pypandoc-binary, in the ``dev`` extra), so the goldens are
skipped under another Pandoc (the engine's own tests run with any).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview.site import csl as csl_module
from livingreview.site import sitewide
from livingreview.styles.csl.pandoc import CslUnavailable, find_pandoc

from .conftest import Site

try:
    PANDOC = find_pandoc()
except CslUnavailable:
    PANDOC = None

pytestmark = pytest.mark.skipif(
    PANDOC is None or PANDOC.version[:2] != (3, 9),
    reason="the goldens were recorded with Pandoc 3.9 (pip install -e '.[dev]')",
)

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "samples" / "review"
GOLDEN = HERE / "csl" / "golden"
# The styles a sample site is built in, with golden reference lists.
STYLES = (
    "chicago-author-date",
    "chicago-notes-bibliography",
    "ieee",
    "vancouver",
    "nature",
    "american-medical-association",
    "harvard-cite-them-right",
    "modern-language-association",
)

BIB = (SAMPLE / "references.bib").read_text(encoding="utf-8")
PAGE = """\
# Page

A [see *also* @putnam2000, p. 33, emphasis added] and [@gray1989; @austin2000, chap. 2].
@selsky2005 [p. 850] says. Also [-@bryson2006] with [@putnam2000 and others].
Missing [@nokey].
"""


_ENTRY_END_RE = re.compile(
    r' <span class="csl-backlinks">|<div class="csl-(?:cited-in|verified)">|<details|</div>\n'
)


def _entries(html: str) -> list[str]:
    """Each reference entry's own HTML: without the "↩" links of a page's
    list or what the bibliography page adds ("Cited in", BibTeX)."""
    entries: list[str] = []
    for chunk in re.split(r'<div id="ref-[^"]*" class="csl-entry" role="listitem"[^>]*>', html)[1:]:
        end = _ENTRY_END_RE.search(chunk)
        entries.append(chunk[: end.start()] if end else chunk)
    return entries


def _article(site: Site) -> str:
    """The page without the comment that dates the build."""
    return re.sub(r"<!--.*?-->", "", site.html(), flags=re.DOTALL)


def test_author_date_citations_keep_the_sites_conventions(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {"index.md": PAGE},
        bib=BIB,
        plugin_options="bibliography: references.bib\ncsl: chicago-author-date",
    )
    paragraph = re.search(r"<p>A .*?</p>", site.html(), re.DOTALL)
    assert paragraph is not None
    assert paragraph.group(0) == (
        '<p>A <span class="citation" data-cites="putnam2000">(see <em>also</em> '
        '<a href="#ref-putnam2000" id="cite-putnam2000" role="doc-biblioref">Putnam 2000, 33</a>'
        ', emphasis added)</span> and <span class="citation" data-cites="gray1989 austin2000">('
        '<a href="#ref-gray1989" id="cite-gray1989" role="doc-biblioref">Gray 1989</a>; '
        '<a href="#ref-austin2000" id="cite-austin2000" role="doc-biblioref">Austin 2000, chap. 2'
        "</a>)</span>.\n"
        '<span class="citation" data-cites="selsky2005">Selsky and Parker ('
        '<a href="#ref-selsky2005" id="cite-selsky2005" role="doc-biblioref">2005, 850</a>)'
        '</span> says. Also <span class="citation" data-cites="bryson2006">('
        '<a href="#ref-bryson2006" id="cite-bryson2006" role="doc-biblioref">2006</a>)</span> '
        'with <span class="citation" data-cites="putnam2000">('
        '<a href="#ref-putnam2000" id="cite-putnam2000-2" role="doc-biblioref">Putnam 2000</a>'
        " and others)</span>.\n"
        'Missing <span class="citation citation-unresolved" data-cites="nokey">('
        '<strong class="citation-unresolved">nokey?</strong>)</span>.</p>'
    )
    # The unknown key is reported at its place, once (not again as Pandoc's warning).
    assert site.warnings == ["docs/index.md:5:10: unknown citation key 'nokey'"]
    assert _entries(site.html())[0] == (
        "Austin, James E. 2000. <em>The Collaboration Challenge: How Nonprofits and Businesses "
        "Succeed Through Strategic Alliances</em>. Jossey-Bass."
    )


def test_a_numeric_style_numbers_works_across_the_site(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {
            "index.md": "# One\n\nFirst [@putnam2000], then [@gray1989].\n",
            "two.md": "# Two\n\nLater [@austin2000; @gray1989].\n",
        },
        bib=BIB,
        plugin_options="bibliography: references.bib\ncsl: ieee",
        extra_config="nav:\n  - index.md\n  - two.md\n",
    )
    two = site.html("two.md")
    assert '<a href="#ref-austin2000" id="cite-austin2000" role="doc-biblioref">[3]</a>' in two
    assert '<a href="#ref-gray1989" id="cite-gray1989" role="doc-biblioref">[2]</a>' in two
    # The page's list keeps the site's numbers, in their order.
    assert re.findall(r'<div class="csl-left-margin">\[(\d+)\] </div>', two) == ["2", "3"]
    assert re.findall(r'<div class="csl-left-margin">\[(\d+)\] </div>', site.html()) == [
        "1",
        "2",
    ]


def test_a_note_style_gives_each_page_its_notes(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {
            "index.md": "# One\n\nA claim [@putnam2000, p. 4]. Again [@putnam2000, p. 5].\n",
            "two.md": "# Two\n\nOn its own page [@putnam2000].\n",
        },
        bib=BIB,
        plugin_options="bibliography: references.bib\ncsl: chicago-notes-bibliography",
        extra_config="nav:\n  - index.md\n  - two.md\n",
    )
    one = site.html()
    assert (
        '<span class="citation" data-cites="putnam2000"><sup class="lr-note-ref" '
        'id="lr-noteref-1"><a href="#lr-note-1" role="doc-noteref">1</a></sup></span>'
    ) in one
    notes = re.findall(r'<li id="lr-note-\d+" role="doc-endnote">(.*?) <a href', one)
    assert [re.sub(r"<[^>]+>", "", note) for note in notes] == [
        "Robert D. Putnam, Bowling Alone: The Collapse and Revival of American Community "
        "(Simon &amp; Schuster, 2000), 4.",
        "Putnam, Bowling Alone, 5.",
    ]
    # A new page starts again with the full note, as a new chapter does.
    (note,) = re.findall(
        r'<li id="lr-note-\d+" role="doc-endnote">(.*?) <a href', site.html("two.md")
    )
    assert re.sub(r"<[^>]+>", "", note).startswith("Robert D. Putnam, Bowling Alone")
    assert '<h2 class="notes-heading" id="notes">Notes' in one


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "csl: chicago",
            "livingreview: there is no CSL style with the id 'chicago'; did you mean "
            "chicago-notes, chaos, chimia? (the ids are the file names of the CSL styles "
            "repository, e.g. chicago-author-date; or give the path of a .csl file)",
        ),
        (
            "style: ieee",
            "livingreview: the 'style' option of the livingreview plugin in mkdocs.yml is 'ieee', "
            "which is not a style of livingreview's own; leave it out (APA 7, the default), or "
            "name any CSL style with the 'csl' option instead: csl: chicago-author-date (a style "
            "id) or csl: styles/my-style.csl (a file)",
        ),
    ],
)
def test_a_style_that_cannot_be_had_stops_the_build_with_what_to_do(
    option: str, message: str, tmp_path: Path
) -> None:
    result = _build_sample(option, tmp_path)
    assert result.returncode == 1
    assert f"  {message}\n" in result.stderr  # one line, after MkDocs' own prefix
    assert "Traceback" not in result.stderr


def test_an_unchanged_site_runs_no_pandoc(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    options = "bibliography: references.bib\ncsl: ieee\ncache_dir: .cache/lr"
    first = _article(make_site({"index.md": PAGE}, bib=BIB, plugin_options=options))

    def no_pandoc(*args: object, **kwargs: object) -> object:
        raise AssertionError("Pandoc ran for an unchanged site")

    monkeypatch.setattr(csl_module, "render", no_pandoc)
    # Nor does it read every citation of the site: the pages' text says it is unchanged.
    monkeypatch.setattr(sitewide.SiteWide, "citations", no_pandoc)
    assert _article(make_site({"index.md": PAGE}, bib=BIB, plugin_options=options)) == first
    # An edit is rendered again (and the cache follows it).
    monkeypatch.undo()
    edited = make_site(
        {"index.md": PAGE + "\nNew [@emerson2012].\n"}, bib=BIB, plugin_options=options
    )
    assert 'id="cite-emerson2012" role="doc-biblioref">[' in edited.html()


def test_a_lone_extension_renders_a_csl_style(tmp_path: Path) -> None:
    """Without the plugin or a config file (a Markdown extension on its own)."""
    import markdown

    shutil.copy(SAMPLE / "references.bib", tmp_path / "references.bib")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        html = markdown.markdown(
            "Text [@gray1989] and [@putnam2000].",
            extensions=["livingreview"],
            extension_configs={"livingreview": {"bibliography": "references.bib", "csl": "ieee"}},
        )
    finally:
        os.chdir(cwd)
    assert 'role="doc-biblioref">[1]</a>' in html
    assert 'role="doc-biblioref">[2]</a>' in html
    assert "B. Gray, <em>Collaborating" in html


def _build_sample(option: str, target: Path) -> subprocess.CompletedProcess[str]:
    site = target / "site-source"
    shutil.copytree(SAMPLE, site)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      cache: false\n", f"      cache: false\n      {option}\n"),
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target / "out")],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize("style", STYLES)
def test_the_sample_review_in_each_style(style: str, tmp_path: Path) -> None:
    """The sample review builds strictly, and its bibliography page lists the
    golden entries (``LIVINGREVIEW_UPDATE_GOLDEN=1`` rewrites them: read the
    diff before committing it)."""
    result = _build_sample(f"csl: {style}", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = (tmp_path / "out" / "references" / "index.html").read_text(encoding="utf-8")
    entries = "\n".join(_entries(html)) + "\n"
    golden = GOLDEN / f"{style}.html"
    if os.environ.get("LIVINGREVIEW_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(entries, encoding="utf-8")
    assert entries == golden.read_text(encoding="utf-8")


def test_pandocs_warnings_name_the_citation(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "# Page\n\nA [@putnam2000, table 2] here.\n"},
        bib=BIB,
        plugin_options="bibliography: references.bib\ncsl: chicago-author-date",
    )
    assert site.warnings == [
        "mkdocs.yml: Pandoc's citeproc, with the style 'chicago-author-date': the citation "
        "[@putnam2000, table 2]: Pandoc's citeproc cannot read the locator label 'table' in "
        "this style's locale; 'table 2' is written after the citation as plain text"
    ]
    assert "(<a " in site.citations()[0] and "</a>, table 2)" in site.citations()[0]


def test_check_says_when_the_style_cannot_be_had(tmp_path: Path) -> None:
    from livingreview.cli.check import check

    shutil.copytree(SAMPLE, tmp_path / "review")
    config = tmp_path / "review" / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      cache: false\n", "      cache: false\n      csl: chicgo-author-date\n"
        ),
        encoding="utf-8",
    )
    line = (
        config.read_text(encoding="utf-8").splitlines().index("      csl: chicgo-author-date") + 1
    )
    found = [
        str(d)
        for d in check(config).diagnostics
        if d.code == "style-unavailable" and d.severity.value == "error"
    ]
    assert found == [
        f"mkdocs.yml:{line}: there is no CSL style with the id "
        "'chicgo-author-date'; did you mean chicago-author-date, chicago-author-date-fr, "
        "chicago-author-date-de? (the ids are the file names of the CSL styles "
        "repository, e.g. chicago-author-date; or give the path of a .csl file)"
    ]


def test_a_citation_in_an_authors_footnote_is_that_notes_text(
    make_site: Callable[..., Site],
) -> None:
    """As Pandoc renders it: in the footnote's words, in parentheses, no note of its own."""
    site = make_site(
        {
            "index.md": (
                "# Page\n\nA claim [@putnam2000, p. 4], with a note.[^1]\n\n"
                "[^1]: As argued in [@gray1989, p. 7], and\n    lazily continued.\n"
            )
        },
        bib=BIB,
        plugin_options="bibliography: references.bib\ncsl: chicago-notes-bibliography",
        extra_config="markdown_extensions:\n  - footnotes\n",
    )
    html = site.html()
    assert (
        '<p>As argued in <span class="citation" data-cites="gray1989">(<a href="#ref-gray1989" '
        'id="cite-gray1989" role="doc-biblioref">Barbara Gray, <em>Collaborating: Finding Common '
        "Ground for Multiparty Problems</em> (Jossey-Bass, 1989), 7</a>)</span>, and\n"
        "lazily continued."
    ) in html
    assert len(re.findall(r'<li id="lr-note-\d+"', html)) == 1  # Putnam's only


def test_search_titles_a_numeric_entry_by_its_number_and_text(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {"index.md": "# Page\n\nFirst [@putnam2000].\n", "references.md": "# References\n"},
        bib=BIB,
        plugin_options="bibliography: references.bib\nbibliography_page: references.md\ncsl: ieee",
        extra_config="theme:\n  name: material\n",
        other_plugins=("search",),
    )
    index = json.loads((site.root / "site" / "search" / "search_index.json").read_text())
    assert [doc["title"] for doc in index["docs"] if "#ref-" in doc["location"]] == [
        "[1] R. D. Putnam, Bowling alone: The collapse and revival of American community."
    ]
