"""The on-disk cache of the parsed .bib: same pages warm or cold, and never stale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview import plugin
from livingreview.bibliography import load_bibliography
from livingreview.cache import load_cached
from tests.conftest import BIB, Site

PAGES = {
    "index.md": "# Home\n\n[@putnam2000; @kania2011, p. 38] and @bryson2006.\n",
    "two.md": "# Two\n\n[see @hodge2007, pp. 545-550; also @rasche2010] [@nobody]\n",
}


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
    cold = make_site(PAGES)
    cache_files = list((cold.root / ".cache" / "livingreview").glob("*.json"))
    assert len(cache_files) == 1
    cold_pages = site_files(cold.root)
    cold_warnings = cold.warnings
    plugin._BIBLIOGRAPHY_CACHE.clear()  # as a new `mkdocs build` process would be
    warm = make_site(PAGES)
    assert site_files(warm.root) == cold_pages
    assert warm.warnings == cold_warnings
    assert list((warm.root / ".cache" / "livingreview").glob("*.json")) == cache_files


def test_cache_is_replaced_when_the_bib_changes(make_site: Callable[..., Site]) -> None:
    first = make_site(PAGES)
    old = list((first.root / ".cache" / "livingreview").glob("*.json"))
    plugin._BIBLIOGRAPHY_CACHE.clear()
    changed = BIB.replace("Bowling Alone", "Bowling Together")
    second = make_site(PAGES, bib=changed)
    new = list((second.root / ".cache" / "livingreview").glob("*.json"))
    assert len(new) == 1 and new != old
    assert "Bowling together" in second.html()


def test_cached_bibliography_equals_a_fresh_parse(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB + "@misc{dup, title={A}}\n@misc{DUP, title={B}}\n", encoding="utf-8")
    fresh = load_bibliography(bib, "references.bib")
    first = load_cached(bib, "references.bib", tmp_path / "cache")
    second = load_cached(bib, "references.bib", tmp_path / "cache")
    assert first == fresh and second == fresh
    assert [d.code for d in second.diagnostics] == ["bib-duplicate-key"]


def test_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    load_cached(bib, "references.bib", tmp_path / "cache")
    (cache_file,) = (tmp_path / "cache").glob("*.json")
    cache_file.write_text('{"path": "references.bib", "entries": [{"key": 1}]', encoding="utf-8")
    assert load_cached(bib, "references.bib", tmp_path / "cache") == load_bibliography(
        bib, "references.bib"
    )


def test_cache_can_be_turned_off(make_site: Callable[..., Site]) -> None:
    site = make_site(PAGES, plugin_options="bibliography: references.bib\ncache: false")
    assert not (site.root / ".cache").exists()
