"""The whole review as one PDF, printed by Chromium through Playwright.

After the build, the chapters' HTML (in nav order) and the site's
bibliography are put in one document after a title page, with the site's
own stylesheets, and Chromium prints it. Each chapter's own reference list
is left out (the bibliography at the end lists every work once, and the
citations link to it), as are the parts made for the screen: page
histories, "Cite this chapter" and the BibTeX blocks.

Playwright is an optional dependency (``pip install "livingreview[pdf]"``);
Chromium is the system's when there is one (``/usr/bin/chromium``), else
the one ``playwright install chromium`` downloads.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from livingreview.site.extension import DEFERRED_RE

PDF_NAME = "review.pdf"
_PRINT_NAME = "livingreview-print.html"
_SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
_LINK_RE = re.compile(r'\b(href|src)="([^"]*)"')
_STYLESHEET_RE = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
_HREF_RE = re.compile(r'\bhref="([^"]*)"')
# The screen's parts, which the printed review leaves out (each is made by
# livingreview with exactly this markup, never nested in its own kind).
_SCREEN_ONLY_RE = re.compile(
    r'<details class="lr-history">.*?</details>'
    r'|<aside class="lr-cite-chapter">.*?</aside>'
    r'|<div class="lr-cite">.*?</div>'
    r'|<p class="references-download">.*?</p>'
    r'|<h2\b[^>]*class="references-heading"[^>]*>.*?</h2>'
    r"|<p>\s*(?:<!-- livingreview:\d+ -->)?\s*</p>",
    re.DOTALL,
)
_PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; }
html, body { background: #fff; }
body { margin: 0; }
.lr-print-title { break-after: page; text-align: center; padding-top: 28vh; }
.lr-print-title h1 { font-size: 2.2em; margin: 0 0 1em; }
.lr-print-title p { font-size: 1.15em; margin: 0.4em 0; }
.lr-print-part { break-before: page; }
.md-typeset a, a { color: inherit; text-decoration: none; }
.headerlink, .md-content__button, .lr-updated, .lr-first-cited,
.lr-print-header { display: none !important; }  /* the PDF has its own title page and footer */
details > summary { list-style: none; }
.md-typeset pre, pre { white-space: pre-wrap; }
"""


class PdfError(Exception):
    """The PDF cannot be made; the message says what to do."""


@dataclass(frozen=True)
class PrintedPage:
    url: str  # the page's URL relative to the site (``chapters/01-intro/``)
    html: str  # its content, as the plugin made it


def for_print(html: str) -> str:
    """A page's content without what is made for the screen only."""
    return DEFERRED_RE.sub("", _SCREEN_ONLY_RE.sub("", html))


def _page_id(url: str) -> str:
    return "page-" + (re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-") or "home")


def _relink(html: str, url: str, ids: dict[str, str], site_url: str) -> str:
    """Links between the printed pages become links inside the document;
    other links to the site go to it (*site_url*) or stay relative to its
    root, where the document is printed."""

    def replace(match: re.Match[str]) -> str:
        attribute, target = match.group(1), match.group(2)
        parts = urlsplit(target)
        # Within the page (citations go to #ref-…, in the bibliography), or elsewhere.
        if not target or target.startswith("#") or parts.scheme or parts.netloc:
            return match.group(0)
        resolved = urlsplit(urljoin(f"http://site/{url}", target))
        path = resolved.path.lstrip("/")
        if attribute == "href" and path in ids:
            fragment = resolved.fragment or ids[path]
            return f'href="#{escape(fragment)}"'
        if attribute == "href" and site_url:
            absolute = site_url.rstrip("/") + "/" + path
            absolute += f"#{resolved.fragment}" if resolved.fragment else ""
            return f'href="{escape(absolute)}"'
        return f'{attribute}="{escape(path)}"'

    return _LINK_RE.sub(replace, html)


def stylesheets(home_output: str) -> list[str]:
    """The site's own stylesheets (from the home page, at the site's root);
    not those from elsewhere, which printing would wait for."""
    found: list[str] = []
    for tag in _STYLESHEET_RE.findall(home_output):
        href = _HREF_RE.search(tag)
        if href and not urlsplit(href.group(1)).scheme and not href.group(1).startswith("//"):
            found.append(href.group(1))
    return found


def print_document(
    title: str,
    lines: list[str],
    pages: list[PrintedPage],
    styles: list[str],
    site_url: str,
) -> str:
    """One HTML document: a title page (*title*, then *lines* of plain text),
    then each of *pages*; to be written at the root of the built site."""
    ids = {page.url: _page_id(page.url) for page in pages}
    links = "".join(f'<link rel="stylesheet" href="{escape(href)}">\n' for href in styles)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        links + f"<style>{_PRINT_CSS}</style>",
        "</head><body>",
        '<div class="md-content"><article class="md-content__inner md-typeset">',
        '<section class="lr-print-title">',
        f"<h1>{escape(title)}</h1>",
        *(f"<p>{escape(line)}</p>" for line in lines if line),
        "</section>",
    ]
    for page in pages:
        body = _relink(for_print(page.html), page.url, ids, site_url)
        parts.append(f'<section class="lr-print-part" id="{ids[page.url]}">\n{body}\n</section>')
    parts.append("</article></div></body></html>")
    return "\n".join(parts) + "\n"


def chromium() -> str | None:
    """The system's Chromium, or ``None`` for Playwright's own."""
    for path in _SYSTEM_CHROMIUM:
        if Path(path).exists():
            return path
    found = shutil.which("chromium")
    return found


def require_playwright() -> None:
    """:class:`PdfError` when Playwright is not installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise PdfError(
            "the PDF of the review needs Playwright: pip install 'livingreview[pdf]' "
            "(and, without a system Chromium, playwright install chromium)"
        ) from None


def write_pdf(site_dir: Path, document: str, footer: str) -> Path:
    """Print *document* (see :func:`print_document`) to ``review.pdf`` at the
    root of *site_dir*; *footer* goes at the foot of each page with its number."""
    require_playwright()
    from playwright.sync_api import Error, sync_playwright

    source = site_dir / _PRINT_NAME
    target = site_dir / PDF_NAME
    source.write_text(document, encoding="utf-8")
    template = (
        '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
        f'{escape(footer)} · <span class="pageNumber"></span>/<span class="totalPages"></span>'
        "</div>"
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                page.goto(source.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=template,
                    margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
                )
            finally:
                browser.close()
    except Error as problem:
        first = str(problem).strip().splitlines()[:1]
        raise PdfError(
            f"Chromium could not print the review ({' '.join(first)}); install Chromium "
            "or run playwright install chromium"
        ) from None
    finally:
        source.unlink(missing_ok=True)
    return target
