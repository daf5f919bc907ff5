"""The published site in a real browser: previews, links, accessibility.

Drives Debian's Chromium (installed by .ci/run) with Playwright against the
review built into a temporary folder and served on localhost. Screenshots
go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHAPTER = "/chapters/02-theoretical-frameworks/"
KEY_PAGES = ["/", CHAPTER, "/references/", "/evidence-map/"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run should have installed it", pytrace=False)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


SAMPLE = Path(__file__).resolve().parent / "samples" / "review"
# The generator's behaviour is tested on the frozen sample review; what must
# hold of any review (links resolve, no console errors, accessibility) is
# checked on the sample and on the review this repository publishes.
SITES = {"sample": SAMPLE, "review": ROOT}


def _serve(source: Path, out: Path) -> Iterator[tuple[str, Path]]:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", out
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample review, built and served."""
    yield from _serve(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module", params=sorted(SITES))
def any_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The sample review and the published review, each built and served."""
    yield from _serve(SITES[request.param], tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def _reference_text(tab: Any, key: str) -> str:
    return tab.evaluate(
        """key => {
            const entry = document.getElementById('ref-' + key).cloneNode(true);
            entry.querySelectorAll('.csl-cited-in, .csl-bibtex, .csl-verified, .csl-backlinks')
                .forEach(n => n.remove());
            return entry.textContent.trim();
        }""",
        key,
    )


def test_hover_shows_the_full_reference(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + CHAPTER)
    link = page.locator('a[role="doc-biblioref"][href$="#ref-putnam2000"]').first
    link.hover()
    preview = page.locator("#lr-preview")
    preview.wait_for(state="visible")
    assert preview.inner_text().strip() == _reference_text(page, "putnam2000")
    assert preview.inner_text().startswith("Putnam, R. D. (2000). Bowling alone")
    assert link.get_attribute("aria-describedby") == "lr-preview"
    page.mouse.move(5, 5)
    preview.wait_for(state="hidden")


def test_keyboard_focus_shows_the_reference_with_its_doi(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + CHAPTER)
    link = page.locator('a[role="doc-biblioref"][href$="#ref-bryson2006"]').first
    link.focus()
    preview = page.locator("#lr-preview")
    preview.wait_for(state="visible")
    assert preview.locator("a").get_attribute("href") == (
        "https://doi.org/10.1111/j.1540-6210.2006.00665.x"
    )
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")


def test_tap_previews_then_follows_on_a_phone(site: tuple[str, Path], browser: Any) -> None:
    url, _ = site
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    tab = context.new_page()
    tab.goto(url + CHAPTER)
    link = tab.locator('a[role="doc-biblioref"][href$="#ref-putnam2000"]').first
    link.scroll_into_view_if_needed()
    link.tap()
    tab.locator("#lr-preview").wait_for(state="visible")
    assert urlparse(tab.url).fragment == ""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "chapter-phone-preview.png"))
    link.tap()
    tab.wait_for_function("location.hash === '#ref-putnam2000'")
    context.close()


def test_previews_survive_instant_navigation(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + "/")
    page.locator('nav a[href$="chapters/02-theoretical-frameworks/"]').first.click()
    page.wait_for_function("location.pathname.endsWith('/chapters/02-theoretical-frameworks/')")
    # Material swaps the article in after it sets the address: wait for the
    # new page's own heading, then hover a citation of that page (not one of
    # the page that is going away), coming from outside it.
    page.locator("article h1", has_text="Theoretical frameworks").wait_for(state="visible")
    citation = page.locator('article a[role="doc-biblioref"]').first
    citation.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    citation.hover()
    page.locator("#lr-preview").wait_for(state="visible")


def test_cited_in_links_land_on_the_first_citation(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + "/references/")
    link = page.locator("#ref-putnam2000 .csl-cited-in a").first
    href = link.get_attribute("href")
    assert href.endswith("#cite-putnam2000")
    link.click()
    page.wait_for_function("location.hash === '#cite-putnam2000'")
    # Material's instant navigation may set the address before it swaps the
    # page's content in: wait for the new page, not just for the address.
    page.locator("#cite-putnam2000").wait_for(state="attached")
    assert page.locator("#cite-putnam2000").count() == 1
    assert page.locator("#cite-putnam2000").get_attribute("role") == "doc-biblioref"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def test_every_internal_link_and_anchor_resolves(any_site: tuple[str, Path]) -> None:
    _, out = any_site
    pages: dict[str, _Links] = {}
    for html in out.rglob("*.html"):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        pages[html.relative_to(out).as_posix()] = parser
    broken: list[str] = []
    checked = 0
    for path, parser in pages.items():
        base = "http://site/" + path
        for href in parser.hrefs:
            target = urlparse(urljoin(base, href))
            if target.netloc != "site":
                continue
            file = unquote(target.path.lstrip("/")) or "index.html"
            if file.endswith("/"):
                file += "index.html"
            if not (out / file).exists():
                broken.append(f"{path}: {href} (no file)")
            elif (
                target.fragment
                and file in pages
                and unquote(target.fragment) not in pages[file].ids
            ):
                broken.append(f"{path}: {href} (no anchor)")
            checked += 1
    assert broken == []
    assert checked > 10 * len(pages)  # the navigation alone links every page


def test_no_console_errors(any_site: tuple[str, Path], page: Any) -> None:
    url, out = any_site
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    visited = 0
    for html in sorted(out.rglob("index.html")):
        path = "/" + html.parent.relative_to(out).as_posix() + "/"
        page.goto(url + re.sub(r"^/\./$", "/", path))
        visited += 1
    assert visited == len(list(out.rglob("index.html")))
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_and_screenshots(
    any_site: tuple[str, Path], browser: Any, scheme: str
) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    url, out = any_site
    prefix = "" if out.name.startswith("review") else "sample-"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    axe = axe_module.Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for path in KEY_PAGES:
        tab.goto(url + path)
        results = axe.run(tab)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path} {violation['id']}: {targets}")
        name = path.strip("/").replace("/", "-") or "home"
        tab.screenshot(path=str(ARTIFACTS / f"{prefix}{name}-{scheme}.png"))
    context.close()
    assert problems == []


def test_print_keeps_the_references_and_drops_the_chrome(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + CHAPTER)
    page.locator('a[role="doc-biblioref"]').first.hover()  # a preview is open …
    page.emulate_media(media="print")
    display = "selector => getComputedStyle(document.querySelector(selector)).display"
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", "#lr-preview"):
        assert page.evaluate(display, chrome) == "none", chrome  # … and does not print
    assert page.locator("#refs").is_visible()
    assert page.locator("#refs .csl-entry").count() == 7
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chapter-print.png"), full_page=True)


def _shot(tab: Any, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def _in_view(tab: Any, selector: str) -> dict[str, float]:
    """Where *selector* is, and the bottom of Material's sticky header."""
    return tab.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                    header: header.bottom, height: window.innerHeight};
        }""",
        selector,
    )


def _fully_visible(place: dict[str, float]) -> bool:
    return place["header"] <= place["top"] and place["bottom"] <= place["height"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_evidence_map_shows_every_column_at_1280_px(
    any_site: tuple[str, Path], browser: Any, scheme: str
) -> None:
    url, out = any_site
    prefix = "" if out.name.startswith("review") else "sample-"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(url + "/evidence-map/")
    matrix = tab.locator(".evidence-matrix")
    matrix.scroll_into_view_if_needed()
    fits = tab.evaluate(
        """() => {
            const box = document.querySelector('.evidence-matrix');
            const last = box.querySelector('thead th:last-child').getBoundingClientRect();
            const edge = box.getBoundingClientRect();
            return {overflow: box.scrollWidth - box.clientWidth,
                    inside: last.right <= edge.right + 0.5,
                    sticky: getComputedStyle(box.querySelector('tbody th')).position,
                    labels: [...box.querySelectorAll('thead th a')].map(a => a.title)};
        }"""
    )
    assert fits["overflow"] <= 0
    assert fits["inside"]
    assert fits["sticky"] == "sticky"
    assert all(fits["labels"])  # every column names its page in full
    assert tab.locator(".evidence-list").is_hidden()
    tab.locator(".evidence-histogram").scroll_into_view_if_needed()
    assert tab.locator(".evidence-histogram .lr-count").count() > 0
    _shot(tab, f"{prefix}evidence-map-1280-{scheme}", full_page=True)
    context.close()


def test_the_evidence_map_is_a_list_per_work_on_a_phone(
    site: tuple[str, Path], browser: Any
) -> None:
    url, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    tab.goto(url + "/evidence-map/")
    assert tab.locator(".evidence-matrix").is_hidden()
    item = tab.locator(".evidence-list li", has_text="Gray, 1989")
    assert item.inner_text() == (
        "Gray, 1989: 1 Foundations (1), 2 Theoretical frameworks (1), About this review (1)"
    )
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(tab, "sample-evidence-map-phone", full_page=True)
    context.close()


def test_searching_an_author_finds_the_entry_and_the_chapters(
    site: tuple[str, Path], page: Any
) -> None:
    url, _ = site
    page.goto(url + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("Putnam")
    # The entry is a result of its own, linking to it; the chapter citing it
    # is found by the author's name. (Results change as each letter is typed:
    # wait for the query's.)
    page.wait_for_function(
        """() => {
            const hrefs = [...document.querySelectorAll('.md-search-result__item a')]
                .map(a => new URL(a.href).pathname + new URL(a.href).hash);
            return hrefs.includes('/references/#ref-putnam2000')
                && hrefs.some(href => href.startsWith('/chapters/01-foundations/'));
        }"""
    )
    entry = page.locator('.md-search-result__item a[href$="#ref-putnam2000"]')
    assert entry.inner_text().startswith("Putnam, R. D. (2000)")
    # The reference alone is indexed, not the lines under it.
    results = page.locator(".md-search-result").inner_text()
    assert "First cited" not in results and "Cited in" not in results
    _shot(page, "sample-search-author")


def test_cited_in_lands_the_citation_in_view_marked_and_without_a_preview(
    site: tuple[str, Path], page: Any
) -> None:
    url, _ = site
    page.goto(url + "/references/")
    page.locator("#ref-putnam2000 .csl-cited-in a").first.click()
    page.wait_for_function("location.hash === '#cite-putnam2000'")
    citation = page.locator("#cite-putnam2000")
    citation.wait_for(state="attached")
    page.wait_for_function("document.querySelector('#cite-putnam2000.lr-target') !== null")
    assert _fully_visible(_in_view(page, "#cite-putnam2000"))
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#cite-putnam2000')).outlineStyle")
        == "solid"
    )
    # The page moved under a pointer that did not: no preview opens …
    citation.dispatch_event("mouseover")
    assert page.locator("#lr-preview:not([hidden])").count() == 0
    _shot(page, "sample-cited-in-landing")
    # … until the reader moves it.
    citation.hover()
    page.locator("#lr-preview").wait_for(state="visible")


def test_a_reference_links_back_to_each_citation(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + CHAPTER)
    page.locator("#cite-emerson2012").click()
    page.wait_for_function("location.hash === '#ref-emerson2012'")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#ref-emerson2012')).outlineStyle")
        == "solid"
    )
    _shot(page, "sample-reference-targeted")
    backs = page.locator("#ref-emerson2012 .csl-backlinks a")
    assert backs.count() == 2
    for number, target in enumerate(["cite-emerson2012", "cite-emerson2012-2"]):
        page.goto(url + CHAPTER + "#ref-emerson2012")
        page.locator("#ref-emerson2012 .csl-backlinks a").nth(number).click()
        page.wait_for_function(f"location.hash === '#{target}'")
        assert _fully_visible(_in_view(page, f"#{target}"))
        assert page.locator(f"#{target}").get_attribute("href").endswith("#ref-emerson2012")


def test_the_filter_narrows_the_bibliography(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + "/references/")
    entries = page.locator("#refs > .csl-entry:visible")
    total = entries.count()
    count = page.locator(".lr-filter-count")
    page.get_by_label("Find").fill("putnam")
    assert entries.count() == 1 and entries.first.get_attribute("id") == "ref-putnam2000"
    assert count.inner_text() == f"Showing 1 of {total} works"
    page.get_by_label("Find").fill("2005")
    assert [entries.nth(i).get_attribute("id") for i in range(entries.count())] == [
        "ref-selsky2005"
    ]
    page.get_by_label("Find").fill("")
    page.get_by_label("Type").select_option("book")
    books = entries.count()
    assert 0 < books < total
    page.get_by_label("Cited in").select_option("About this review")
    assert [entries.nth(i).get_attribute("id") for i in range(entries.count())] == ["ref-gray1989"]
    _shot(page, "sample-references-filtered")
    page.get_by_label("Type").select_option("")
    page.get_by_label("Cited in").select_option("")
    assert entries.count() == total and count.inner_text() == f"{total} works"
    # The A-Z bar jumps to the first entry of a letter.
    page.locator('.lr-az a:text-is("P")').click()
    page.wait_for_function("location.hash === '#ref-putnam2000'")
    assert (
        page.locator(".csl-bibtex summary").first.evaluate(
            "node => getComputedStyle(node).borderStyle"
        )
        == "solid"
    )


def _last_page_has_text(pdf: bytes) -> tuple[int, bool]:
    """How many pages the PDF has, and whether its last shows any text."""
    objects = {
        int(match.group(1)): match.group(2)
        for match in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.DOTALL)
    }
    kids: list[int] = []
    for body in objects.values():
        found = re.search(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", body, re.DOTALL)
        if found and b"/Parent" not in body:
            kids = [int(number) for number in re.findall(rb"(\d+) 0 R", found.group(1))]
    last = objects[kids[-1]]
    contents = [int(n) for n in re.findall(rb"/Contents\s*(\d+) 0 R", last)]
    text = False
    for number in contents:
        stream = re.search(rb"stream\r?\n(.*?)\r?\nendstream", objects[number], re.DOTALL)
        data = stream.group(1) if stream else b""
        if b"/FlateDecode" in objects[number]:
            data = zlib.decompress(data)
        text = text or bool(re.search(rb"\bT[jJ]\b", data))
    return len(kids), text


def test_a_printed_chapter_names_itself_and_ends_without_a_blank_page(
    site: tuple[str, Path], page: Any
) -> None:
    url, _ = site
    for path in (CHAPTER, "/chapters/01-foundations/", "/references/", "/evidence-map/"):
        page.goto(url + path)
        page.emulate_media(media="print")
        header = page.locator(".lr-print-header")
        assert header.is_visible()
        text = header.inner_text()
        assert text.startswith("Sample review · ")
        assert url + path in text
        assert re.search(r"(Updated|Built|Version \S+,) \d{4}-\d{2}-\d{2}$", text)
        if path.startswith("/chapters/0"):
            assert f"Chapter {path[11]} · " in text
        for paper in ("A4", "Letter"):
            pages, last_has_text = _last_page_has_text(page.pdf(format=paper))
            assert pages >= 1 and last_has_text, (path, paper)
        page.emulate_media(media="screen")
        assert header.is_hidden()
    page.goto(url + CHAPTER)
    page.emulate_media(media="print")
    _shot(page, "chapter-print-header")
