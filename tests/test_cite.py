"""How to cite the review, each page's history and "First cited in", on the
built site of a sample review with a git history (tests/gitrepo.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from livingreview.history.citation import Author as CffAuthor
from livingreview.history.citation import ReviewCitation, apa, apa_text, bibtex, ris
from livingreview.site.citeblock import Downloads, cite_block
from tests.gitrepo import MKDOCS, commit, sample_review

HOME = "# A sample review\n\nWelcome.\n\n## How to cite\n\n<!-- livingreview: cite -->\n"
REPO = "https://github.com/example/review"


def _review(tmp_path: Path) -> Path:
    root = sample_review(tmp_path / "review")
    config = MKDOCS.replace("site_url:", f"repo_url: {REPO}\nsite_url:")
    commit(root, {"docs/index.md": HOME, "mkdocs.yml": config}, "How to cite", "2026-03-20")
    return root


def _build(root: Path) -> None:
    build(load_config(str(root / "mkdocs.yml")))


def _page(root: Path, page: str) -> str:
    return (root / "site" / page / "index.html").read_text(encoding="utf-8")


def _sha(root: Path, revision: str) -> str:
    import subprocess

    return subprocess.run(
        ["git", "-C", str(root), "rev-parse", revision], capture_output=True, text=True, check=True
    ).stdout.strip()


BIBTEX = """\
@misc{a-sample-review-1.2,
  author = {Editor, Ann and {Sample contributors}},
  title = {{A sample review}},
  year = {2026},
  month = mar,
  version = {1.2},
  url = {https://example.org/review/},
  note = {Version 1.2, released 2026-03-01},
}
"""
RIS = (
    """\
TY  - ELEC
AU  - Editor, Ann
AU  - Sample contributors
TI  - A sample review
PY  - 2026
DA  - 2026/03/01
ET  - 1.2
UR  - https://example.org/review/
N1  - Version 1.2, released 2026-03-01
"""
    + "ER  - \n"  # RIS's end of record keeps its space
)
APA = (
    "Editor, A., &amp; Sample contributors. (2026). <em>A sample review</em> (Version 1.2). "
    '<a href="https://example.org/review/">https://example.org/review/</a>'
)


def _code(text: str) -> str:
    return text.rstrip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CITE_BLOCK = f"""\
<h2 id="how-to-cite">How to cite</h2>
<div class="lr-cite">
<p class="lr-cite-lead">To cite version 1.2 of this review, released 2026-03-01:</p>
<p class="lr-cite-apa">{APA}</p>
<details class="lr-cite-bibtex" data-search-exclude><summary>BibTeX</summary><pre><code>{_code(BIBTEX)}</code></pre></details>
<details class="lr-cite-ris" data-search-exclude><summary>RIS</summary><pre><code>{_code(RIS)}</code></pre></details>
<p class="lr-cite-files">Download: <a href="cite.bib" download>BibTeX</a>, <a href="cite.ris" download>RIS</a></p>
</div>"""


def test_the_cite_marker_becomes_the_citation_of_the_latest_release(tmp_path: Path) -> None:
    root = _review(tmp_path)
    _build(root)
    assert CITE_BLOCK in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "cite.bib").read_text(encoding="utf-8") == BIBTEX
    assert (root / "site" / "cite.ris").read_text(encoding="utf-8") == RIS


def test_each_chapter_ends_with_its_own_citation(tmp_path: Path) -> None:
    root = _review(tmp_path)
    _build(root)
    html = _page(root, "chapters/03-cases")
    aside = (
        '<aside class="lr-cite-chapter"><p>Cite this chapter: Editor, A., &amp; Sample '
        "contributors. (2026). Cases. In <em>A sample review</em> (Version 1.2). "
        '<a href="https://example.org/review/chapters/03-cases/">'
        "https://example.org/review/chapters/03-cases/</a></p></aside>\n"
        '<h2 class="references-heading" id="references">References</h2>'
    )
    assert aside in html
    # Not on the pages that are not numbered chapters.
    assert "lr-cite-chapter" not in _page(root, "references")


def test_each_page_lists_the_releases_that_changed_it(tmp_path: Path) -> None:
    root = _review(tmp_path)
    _build(root)
    first, second = _sha(root, "HEAD~5"), _sha(root, "HEAD~3")
    changed = _sha(root, "HEAD~1")
    html = _page(root, "chapters/01-intro")
    history = re.search(r'<details class="lr-history">.*?</details>', html, re.DOTALL)
    assert history is not None
    assert history.group(0) == (
        '<details class="lr-history"><summary>History of this page</summary>\n<ul>\n'
        '<li>Changed <time datetime="2026-03-15">2026-03-15</time>, not yet in a release '
        f'(<a href="{REPO}/compare/{_sha(root, "v1.2")}...{changed}">diff</a>)</li>\n'
        '<li><a href="../../whats-new/#version-1.1">Version 1.1</a>, '
        '<time datetime="2026-02-05">2026-02-05</time>: A chapter on theory; the introduction '
        f'revised. (<a href="{REPO}/compare/{first}...{second}">diff</a>)</li>\n'
        '<li><a href="../../whats-new/#version-1.0">Version 1.0</a>, '
        '<time datetime="2026-01-10">2026-01-10</time>: The first version of the review. '
        f'(<a href="{REPO}/commit/{first}">diff</a>)</li>\n'
        "</ul>\n</details>"
    )
    # Right under the "Last updated" line.
    assert '(not yet in a release)</p>\n<details class="lr-history">' in html


def test_without_repo_url_the_history_has_no_diff_links(tmp_path: Path) -> None:
    root = sample_review(tmp_path / "review")
    _build(root)
    html = _page(root, "chapters/03-cases")
    assert (
        '<details class="lr-history"><summary>History of this page</summary>\n<ul>\n'
        '<li><a href="../../whats-new/#version-1.2">Version 1.2</a>, '
        '<time datetime="2026-03-01">2026-03-01</time>: Case studies replace the chapter on '
        "theory.</li>\n</ul>\n</details>"
    ) in html


def test_the_bibliography_says_where_each_work_was_first_cited(tmp_path: Path) -> None:
    root = _review(tmp_path)
    _build(root)
    html = _page(root, "references")
    found = dict(
        re.findall(
            r'<div id="ref-([^"]+)" class="csl-entry".*?(<div class="lr-first-cited">.*?</div>)',
            html,
        )
    )
    assert found == {
        "austin2000": '<div class="lr-first-cited">First cited in <a href="../whats-new/#version-1.1">version 1.1</a></div>',
        "bryson2006": '<div class="lr-first-cited">First cited in <a href="../whats-new/#version-1.0">version 1.0</a></div>',
        "freeman1984": '<div class="lr-first-cited">First cited after version 1.2 (not yet in a release)</div>',
        "hodge2007": '<div class="lr-first-cited">First cited in <a href="../whats-new/#version-1.2">version 1.2</a></div>',
        "rasche2010": '<div class="lr-first-cited">First cited in <a href="../whats-new/#version-1.2">version 1.2</a></div>',
    }


def test_without_git_the_citation_comes_from_citation_cff(tmp_path: Path) -> None:
    review = _review(tmp_path)
    root = tmp_path / "tarball"
    shutil.copytree(review, root, ignore=shutil.ignore_patterns(".git"))
    _build(root)
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="lr-cite-apa">{APA}</p>' in html
    assert "lr-first-cited" not in _page(root, "references")
    assert "lr-history" not in _page(root, "chapters/01-intro")


def test_everything_in_the_citation_is_escaped() -> None:
    cite = ReviewCitation(
        "Partners & <rivals>: 100% {of} it_all",
        [
            CffAuthor(given="Zoë", particle="van", family="D'Ark", suffix="Jr."),
            CffAuthor(name="A & B"),
        ],
        "2.0",
        "2026-12-10",
        'https://example.org/a"b?x=1&y={2}',
        "10.1234/ab<c>",
    )
    assert apa_text(apa(cite)) == (
        "van D’Ark, Z., Jr., & A & B. (2026). *Partners & <rivals>: 100% {of} it_all* "
        "(Version 2.0). https://doi.org/10.1234/ab<c>"
    )
    assert bibtex(cite) == (
        "@misc{partners-rivals-100-of-2.0,\n"
        "  author = {van D'Ark, Jr., Zoë and {A \\& B}},\n"
        "  title = {{Partners \\& <rivals>: 100\\% of it\\_all}},\n"
        "  year = {2026},\n"
        "  month = dec,\n"
        "  version = {2.0},\n"
        "  doi = {10.1234/ab<c>},\n"
        '  url = {https://example.org/a"b?x=1&y=%7B2%7D},\n'
        "  note = {Version 2.0, released 2026-12-10},\n"
        "}\n"
    )
    assert ris(cite).splitlines()[1:3] == ["AU  - van D'Ark, Zoë, Jr.", "AU  - A & B"]
    html = cite_block(cite, Downloads())
    assert "<rivals>" not in html and "&lt;rivals&gt;" in html
    assert 'href="https://doi.org/10.1234/ab&lt;c&gt;"' in html
    assert (
        '<p class="lr-cite-lead">To cite version 2.0 of this review, released 2026-12-10:</p>'
        in html
    )
