"""A reader follows the review's history in Chromium: What's new, the feed's
link, a page's own history, and a newly cited work's entry."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gitrepo import commit, sample_review
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, _serve, playwright_api

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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


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
