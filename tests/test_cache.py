"""The on-disk caches (the parsed .bib, the formatted works): same pages and
warnings warm or cold, and never stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview.bibliography.loader import load_bibliography
from livingreview.cache import scans as scan_cache
from livingreview.cache import store as bib_cache
from livingreview.cache.store import load_cached
from livingreview.cli.check import check
from livingreview.site import plugin
from tests.conftest import BIB, Site

PAGES = {
    "index.md": "# Home\n\n[@putnam2000; @kania2011, p. 38] and @bryson2006.\n",
    "two.md": "# Two\n\n[see @hodge2007, pp. 545-550; also @rasche2010] [@nobody] [@lacking]\n",
}
# Formatting this entry reports a missing field: a warm build must say so too.
LACKING = "@article{lacking, author = {Roe, Ann}, title = {No Journal}, year = {2001}}\n"


def cache_files(root: Path) -> list[Path]:
    """The parsed .bib and its works (not the pages' scans)."""
    return sorted((root / ".cache" / "livingreview").glob("*-*.json"))


def site_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "site").rglob("*.html"))
        if "404" not in path.name
    }


@pytest.fixture(autouse=True)
def fresh_process_cache() -> None:
    plugin._BIBLIOGRAPHY_CACHE.clear()


def test_warm_and_cold_builds_are_byte_identical(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # MkDocs stamps the build date
    cold = make_site(PAGES, bib=BIB + LACKING)
    parsed, works = cache_files(cold.root)
    assert works.name.endswith(".works.json")
    stored = json.loads(works.read_text(encoding="utf-8"))["works"]
    assert sorted(stored) == [
        "bryson2006",
        "hodge2007",
        "kania2011",
        "lacking",
        "putnam2000",
        "rasche2010",
    ]
    assert stored["lacking"]["problems"] == [
        [
            "bib-missing-field",
            "entry 'lacking' (@article) lacks the field 'journal', which APA needs; "
            "the reference is printed without it",
            "",  # about no one field: reported at the entry's line
        ]
    ]
    cold_pages = site_files(cold.root)
    cold_warnings = cold.warnings
    assert "references.bib:52: entry 'lacking' (@article) lacks" in " ".join(cold_warnings)
    plugin._BIBLIOGRAPHY_CACHE.clear()  # as a new `mkdocs build` process would be
    works.write_text(works.read_text(encoding="utf-8").replace("No journal", "From the cache"))
    warm = make_site(PAGES, bib=BIB + LACKING)
    assert warm.warnings == cold_warnings
    assert site_files(warm.root) == {
        name: html.replace(b"No journal", b"From the cache") for name, html in cold_pages.items()
    }  # the warm build took the reference from the cache, and only that changed
    assert cache_files(warm.root) == [parsed, works]


def test_cached_references_get_the_sites_labels(make_site: Callable[..., Site]) -> None:
    """The 2000a/2000b letter depends on what the site cites, not on the entry."""
    bib = BIB + "@book{austin2000b, author = {Austin, James E.}, title = {Another}, year = {2000}}"
    one = make_site({"index.md": "[@austin2000]\n"}, bib=bib)
    assert "(2000). <em>The collaboration challenge" in one.html()
    plugin._BIBLIOGRAPHY_CACHE.clear()
    both = make_site({"index.md": "[@austin2000; @austin2000b]\n"}, bib=bib)
    assert 'role="doc-biblioref">Austin, 2000a</a>, <a' in both.html()
    assert "(2000a). <em>Another" in both.html()
    assert "(2000b). <em>The collaboration challenge" in both.html()


def test_unreadable_work_cache_is_ignored(make_site: Callable[..., Site]) -> None:
    first = make_site(PAGES)
    expected = first.html("two.md")
    works = cache_files(first.root)[1]
    works.write_text('{"format": 1, "works": {"hodge2007": {"work": {"type": 3}}, "x": 1', "utf-8")
    plugin._BIBLIOGRAPHY_CACHE.clear()
    assert make_site(PAGES).html("two.md") == expected
    json.loads(works.read_text(encoding="utf-8"))  # rewritten whole


def test_cache_is_replaced_when_the_bib_changes(make_site: Callable[..., Site]) -> None:
    first = make_site(PAGES)
    old = cache_files(first.root)
    plugin._BIBLIOGRAPHY_CACHE.clear()
    changed = BIB.replace("Bowling Alone", "Bowling Together")
    second = make_site(PAGES, bib=changed)
    new = cache_files(second.root)
    assert len(new) == 2 and not set(new) & set(old)
    assert "Bowling together" in second.html()


def test_cached_bibliography_equals_a_fresh_parse(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB + "@misc{dup, title={A}}\n@misc{DUP, title={B}}\n", encoding="utf-8")
    fresh = load_bibliography(bib, "references.bib")
    first = load_cached([(bib, "references.bib")], tmp_path / "cache")
    second = load_cached([(bib, "references.bib")], tmp_path / "cache")
    assert first == fresh and second == fresh
    assert [d.code for d in second.diagnostics] == ["bib-duplicate-key"]


def test_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    load_cached([(bib, "references.bib")], tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").glob("*.json")
    cache_file.write_text('{"path": "references.bib", "entries": [{"key": 1}]', encoding="utf-8")
    assert load_cached([(bib, "references.bib")], tmp_path / "cache") == load_bibliography(
        bib, "references.bib"
    )


def test_cache_can_be_turned_off(make_site: Callable[..., Site]) -> None:
    site = make_site(PAGES, plugin_options="bibliography: references.bib\ncache: false")
    assert not (site.root / ".cache").exists()


def test_several_files_are_cached_with_the_file_of_each_entry(
    make_site: Callable[..., Site],
) -> None:
    options = "bibliography: [references.bib, more.bib]"
    extra = {"more.bib": LACKING}
    cold = make_site(PAGES, plugin_options=options, extra_files=extra)
    assert "more.bib:1: entry 'lacking' (@article) lacks" in " ".join(cold.warnings)
    assert len(cache_files(cold.root)) == 2
    plugin._BIBLIOGRAPHY_CACHE.clear()
    warm = make_site(PAGES, plugin_options=options, extra_files=extra)
    assert warm.warnings == cold.warnings


def test_check_reads_and_fills_the_builds_work_cache(make_site: Callable[..., Site]) -> None:
    site = make_site(PAGES, bib=BIB + LACKING)
    expected = [str(d) for d in check(site.root / "mkdocs.yml").diagnostics]
    assert "references.bib:52: entry 'lacking' (@article) lacks" in (" ".join(expected))
    works = cache_files(site.root)[1]
    stored = json.loads(works.read_text(encoding="utf-8"))["works"]
    # check worked out the uncited entries' problems too, and kept them.
    assert {"freeman1984", "doe:2018", "lacking"} <= set(stored)
    assert all("problems" in record for record in stored.values())
    stored["freeman1984"]["problems"] = [
        ["bib-missing-field", "from the cache", ""],
        ["bib-unknown-macro", "from the cache, about the title", "title"],
    ]
    works.write_text(json.dumps({"format": 2, "works": stored}), encoding="utf-8")
    again = [str(d) for d in check(site.root / "mkdocs.yml").diagnostics]
    assert [d for d in again if "from the cache" not in d] == expected
    # A stored problem keeps the field it is about, and so its line.
    assert [d for d in again if "from the cache" in d] == [
        "references.bib:39: from the cache",
        "references.bib:41:3: from the cache, about the title",
    ]


def test_pages_are_scanned_again_only_when_they_change(make_site: Callable[..., Site]) -> None:
    first = make_site(PAGES)
    scans = first.root / ".cache" / "livingreview" / "scans.json"
    before = json.loads(scans.read_text(encoding="utf-8"))["pages"]
    assert len(before) == 2
    plugin._BIBLIOGRAPHY_CACHE.clear()
    changed = {**PAGES, "two.md": PAGES["two.md"].replace("[@nobody]", "[@putnam2000]")}
    second = make_site(changed)
    after = json.loads(scans.read_text(encoding="utf-8"))["pages"]
    assert len(after) == 2 and len(set(after) & set(before)) == 1  # the old page is gone
    assert "nobody" not in " ".join(second.warnings)
    scans.write_text('{"stamp": "livingreview', encoding="utf-8")  # damaged: ignored
    plugin._BIBLIOGRAPHY_CACHE.clear()
    assert make_site(changed).html("two.md") == second.html("two.md")
    assert json.loads(scans.read_text(encoding="utf-8"))["pages"] == after


def test_changed_code_never_reads_the_old_codes_cache(
    make_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A contributor who edits the style must see the new style at once."""
    first = make_site(PAGES)
    old = cache_files(first.root)
    scans = first.root / ".cache" / "livingreview" / "scans.json"
    old_stamp = json.loads(scans.read_text(encoding="utf-8"))["stamp"]
    plugin._BIBLIOGRAPHY_CACHE.clear()
    for module in (bib_cache, scan_cache):
        monkeypatch.setattr(module, "code_stamp", lambda: "livingreview edited")
    make_site(PAGES)
    new = cache_files(first.root)
    assert len(new) == 2 and not set(new) & set(old)  # the old files are gone
    assert json.loads(scans.read_text(encoding="utf-8"))["stamp"] != old_stamp


def test_builds_do_not_depend_on_the_hash_seed(make_site: Callable[..., Site]) -> None:
    """Two processes with different string hashing give the same pages."""
    site = make_site(PAGES)
    outputs = []
    for seed in ("1", "2"):
        shutil.rmtree(site.root / ".cache", ignore_errors=True)
        shutil.rmtree(site.root / "site", ignore_errors=True)
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1790000000"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q"],
            cwd=site.root,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(site_files(site.root))
    assert outputs[0] == outputs[1]


def test_cache_key_changes_with_pybtex_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pybtex upgrade is never answered from a cache written under the old one."""
    from importlib import metadata

    from livingreview.cache import store

    before = store.code_stamp.__wrapped__()
    real = metadata.version
    monkeypatch.setattr(
        metadata, "version", lambda name: "99.0" if name == "pybtex" else real(name)
    )
    assert store.code_stamp.__wrapped__() != before


def test_citing_mistakes_are_kept_with_the_scans_and_follow_the_bib(
    make_site: Callable[..., Site],
) -> None:
    """The second look at each page (citing mistakes) is cached by its text;
    which bracketed words are keys is decided afresh, from the .bib."""
    pages = {"index.md": "# Home\n\nSee [putnam2000] and [notakey2001].\n"}
    first = make_site(pages)
    missing_at = (
        "docs/index.md:3:5: '[putnam2000]' is not a citation: 'putnam2000' is the key of "
        "a work, but without '@'; write '[@putnam2000]'"
    )
    assert missing_at in first.warnings
    scans = first.root / ".cache" / "livingreview" / "scans.json"
    stored = json.loads(scans.read_text(encoding="utf-8"))
    # Both words are kept as candidates; only the one that is a key is reported.
    assert [record[3] for record in json.loads(*stored["mistakes"].values())] == [
        "putnam2000",
        "notakey2001",
    ]
    assert not any("notakey2001" in warning for warning in first.warnings)
    # Read back from the cache: an edited record shows (the page is not looked at again).
    stored["mistakes"] = {
        digest: text.replace("write '[@putnam2000]'", "from the cache")
        for digest, text in stored["mistakes"].items()
    }
    scans.write_text(json.dumps(stored), encoding="utf-8")
    plugin._BIBLIOGRAPHY_CACHE.clear()
    second = make_site(pages)
    assert missing_at.replace("write '[@putnam2000]'", "from the cache") in second.warnings
    # A build that found every page in the cache keeps them there for the next.
    assert json.loads(scans.read_text(encoding="utf-8"))["mistakes"] == stored["mistakes"]
    # A new key in the .bib turns the other candidate into a mistake, page unchanged.
    plugin._BIBLIOGRAPHY_CACHE.clear()
    bib = BIB + "@misc{notakey2001, author = {Doe, Jo}, title = {T}, year = {2001}}\n"
    third = make_site(pages, bib=bib)
    assert any("'[notakey2001]' is not a citation" in warning for warning in third.warnings)
