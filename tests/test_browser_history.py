"""A reader follows the review's history in Chromium: What's new, the feed's
link, a page's own history, and a newly cited work's entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.gitrepo import commit, sample_review
from tests.test_browser import ARTIFACTS, _Quiet, _serve
from tests.test_browser import browser as browser  # the same Chromium, a fixture

MATERIAL = "theme:\n  name: material\n  font: false\n  features:\n    - navigation.instant\n"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample review with three releases, on Material, built and served."""
    root = sample_review(tmp_path_factory.mktemp("history") / "review")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    commit(
        root, {"mkdocs.yml": config.replace("theme: mkdocs\n", MATERIAL)}, "Material", "2026-04-02"
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    yield from _serve(root, tmp_path_factory.mktemp("history-site"))


@pytest.mark.parametrize("width", [1280, 390])
def test_whats_new_lists_the_releases_and_links_to_the_works(
    history_site: tuple[str, Path], browser: Any, width: int
) -> None:
    url, _ = history_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(url + "/whats-new/")
    article = tab.locator("article")
    # Newest first: the unreleased changes, then 1.2, 1.1 and 1.0.
    headings = article.locator(".lr-release h2").all_inner_texts()
    assert headings[0].startswith("Unreleased")
    assert [heading.split()[-1] for heading in headings[1:]] == ["1.2", "1.1", "1.0"]
    feed = tab.locator('a[href$="feed.xml"]').first
    assert feed.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"whats-new-{width}.png"), full_page=True)
    # A newly cited work links to its entry in the bibliography.
    work = article.locator('a[href*="references/#ref-"]').first
    key = work.get_attribute("href").rsplit("#", 1)[1]
    work.click()
    tab.wait_for_function(f"location.hash === '#{key}'")
    tab.locator(f"#{key}").wait_for(state="attached")
    assert tab.locator(f"#{key}").is_visible()
    context.close()


def test_a_page_shows_its_date_and_opens_its_history(
    history_site: tuple[str, Path], browser: Any
) -> None:
    url, _ = history_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(url + "/chapters/01-intro/")
    updated = tab.locator(".lr-updated").first
    assert updated.is_visible() and updated.inner_text().startswith("Last updated ")
    history = tab.locator("details.lr-history").first
    items = history.locator("li")
    assert not items.first.is_visible()  # closed until the reader opens it
    history.locator("summary").click()
    items.first.wait_for(state="visible")
    assert items.count() >= 2  # the releases that changed this page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "page-history.png"))
    context.close()


def test_the_version_selector_lists_the_published_versions(tmp_path: Path, browser: Any) -> None:
    """As the Pages workflow publishes it with mike: each version in a folder
    of its own beside versions.json, the selector reading the latter."""
    root = sample_review(tmp_path / "review")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("theme: mkdocs\n", MATERIAL)
    config += 'extra:\n  version:\n    provider: !ENV [VERSION_PROVIDER, ""]\n'
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    published = tmp_path / "gh-pages"
    env = {**os.environ, "VERSION_PROVIDER": "mike"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(published / "1.2")],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    versions = [
        {"version": "1.2", "title": "1.2", "aliases": ["latest"]},
        {"version": "1.1", "title": "1.1", "aliases": []},
    ]
    (published / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(published)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(f"http://127.0.0.1:{server.server_port}/1.2/whats-new/")
        current = tab.locator(".md-version__current")
        current.wait_for(state="attached")
        assert current.inner_text().strip() == "1.2"
        links = tab.locator(".md-version__link").all_inner_texts()
        assert [text.strip() for text in links] == ["1.2", "1.1"]
        tab.screenshot(path=str(ARTIFACTS / "version-selector.png"))
        tab.close()
    finally:
        server.shutdown()
        server.server_close()
