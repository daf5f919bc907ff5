"""Unknown keys, broken .bib files and other problems, as an editor sees them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import BIB, Site

FRONT_MATTER = """\
---
title: Theory
tags: [governance]
---

"""


def test_unknown_key_warns_with_file_line_column_and_suggestion(
    make_site: Callable[..., Site],
) -> None:
    site = make_site(
        {"chapters/02-theory.md": FRONT_MATTER + "# Theory\n\nAs argued [@brysn2006].\n"}
    )
    assert site.warnings == [
        "docs/chapters/02-theory.md:8:12: unknown citation key 'brysn2006' "
        "(did you mean 'bryson2006'?)"
    ]
    assert site.citations("chapters/02-theory.md") == [
        '<span class="citation citation-unresolved" data-cites="brysn2006">('
        '<strong class="citation-unresolved">brysn2006?</strong>)</span>'
    ]


def test_unknown_key_among_known_ones_is_kept_in_place(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "Text [@putnam2000; @nobody2001, p. 3].\n"})
    assert site.warnings == ["docs/index.md:1:20: unknown citation key 'nobody2001'"]
    assert site.citations() == [
        '<span class="citation citation-unresolved" data-cites="putnam2000 nobody2001">('
        '<a href="#ref-putnam2000" id="cite-putnam2000" role="doc-biblioref">Putnam, 2000</a>; '
        '<strong class="citation-unresolved">nobody2001?</strong>, p. 3)</span>'
    ]


def test_unknown_narrative_key_is_visible(make_site: Callable[..., Site]) -> None:
    # A tab counts as one column, as editors and compilers count it.
    site = make_site({"index.md": "Line one.\n\nTabbed\tthen @nobody says\n"})
    assert site.warnings == ["docs/index.md:3:13: unknown citation key 'nobody'"]
    assert '(<strong class="citation-unresolved">nobody?</strong>)</span> says' in site.html()


def test_unknown_key_in_bib_with_odd_characters_is_escaped(
    make_site: Callable[..., Site],
) -> None:
    site = make_site({"index.md": "See [@a<b>c].\n"})
    assert site.warnings == ["docs/index.md:1:6: unknown citation key 'a<b>c'"]
    assert '<strong class="citation-unresolved">a&lt;b&gt;c?</strong>' in site.html()


def _write_site(root: Path, page: str, bib: str | None) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(page, encoding="utf-8")
    if bib is not None:
        (root / "references.bib").write_text(bib, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: mkdocs\nplugins:\n  - livingreview\n", encoding="utf-8"
    )


def _mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_strict_build_passes_when_every_citation_resolves(tmp_path: Path) -> None:
    _write_site(tmp_path, "Fine [@putnam2000].\n", BIB)
    result = _mkdocs(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_strict_build_fails_on_an_unknown_key_and_names_the_place(tmp_path: Path) -> None:
    _write_site(tmp_path, "Fine [@putnam2000].\n\nNot fine [@putnam200].\n", BIB)
    result = _mkdocs(tmp_path, "--strict")
    assert result.returncode == 1
    assert (
        "WARNING -  docs/index.md:3:11: unknown citation key 'putnam200' "
        "(did you mean 'putnam2000'?)" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_missing_bib_is_one_clear_error(tmp_path: Path) -> None:
    _write_site(tmp_path, "Text [@putnam2000].\n", None)
    result = _mkdocs(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "livingreview: bibliography file 'references.bib' not found; set the "
        "'bibliography' option" in result.stderr
    )


BROKEN_BIB = """\
@book{putnam2000,
  author = {Putnam, Robert D.},
  title = {Bowling Alone},
  publisher = {Simon \\& Schuster},
  year = {2000}
}

@book{Putnam2000,
  author = {Putnam, Robert D.},
  title = {Again},
  year = {2000}
}

@article{broken,
  author = {Doe, Jane}
  title = {Missing comma}
}

@misc{fine, title = {Fine}, note = {one}, note = {two}, year = {2001}}
"""


def test_bib_problems_are_reported_with_lines_and_the_build_goes_on(
    make_site: Callable[..., Site],
) -> None:
    site = make_site({"index.md": "[@putnam2000] and [@fine]\n"}, bib=BROKEN_BIB)
    assert site.warnings == [
        "references.bib:8: duplicate key 'Putnam2000': key 'putnam2000' (keys are "
        "case-insensitive) is already used at line 1; rename one of the two entries (the "
        "first is used)",
        "references.bib:16: syntax error: check the braces, quotes, '=' and commas in entry "
        "'broken' (line 14)",
        "references.bib:19:43: entry 'fine' has the field 'note' more than once; only the "
        "first value is used",
        "references.bib:19: entry 'fine' (@misc) has neither 'author' nor 'editor', which "
        "APA needs; the title is printed in the author's place, in the reference and in "
        "citations. Add the authors, or an organisation as author in double braces: author "
        "= {{World Health Organization}}",
    ]
    assert [len(site.citations())] == [2]


def test_missing_field_warns_once_per_build(make_site: Callable[..., Site]) -> None:
    bib = "@article{nojournal, author = {Doe, Jane}, title = {T}, year = {2001}}\n"
    site = make_site({"index.md": "[@nojournal]\n", "other.md": "[@nojournal]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:1: entry 'nojournal' (@article) lacks the field 'journal', "
        "which APA needs; the reference is printed without it"
    ]
    assert site.references() == ["Doe, J. (2001). T."]


def test_citations_added_by_another_plugin_are_rendered_and_checked(
    make_site: Callable[..., Site],
) -> None:
    # A hook that runs before livingreview and adds a paragraph: the page is
    # no longer the file's text, so lines are counted in what MkDocs converts.
    hooks = (
        "from mkdocs.plugins import event_priority\n\n"
        "@event_priority(100)\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    return markdown + '\\nAdded by a hook [@putnam2000; @nobody].\\n'\n"
    )
    site = make_site(
        {"chapters/02-theory.md": FRONT_MATTER + "# Theory\n\nAs argued [@bryson2006].\n"},
        extra_config="hooks:\n  - hooks.py\n",
        extra_files={"hooks.py": hooks},
    )
    assert site.warnings == ["docs/chapters/02-theory.md:5:31: unknown citation key 'nobody'"]
    assert site.citations("chapters/02-theory.md")[1] == (
        '<span class="citation citation-unresolved" data-cites="putnam2000 nobody">('
        '<a href="#ref-putnam2000" id="cite-putnam2000" role="doc-biblioref">Putnam, 2000</a>; '
        '<strong class="citation-unresolved">nobody?</strong>)</span>'
    )
