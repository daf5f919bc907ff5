"""Properties of the citation engine over generated Markdown (Hypothesis).

Each example is a page assembled from pieces whose meaning is known in
advance: prose, inline code, fenced and indented code, links with ``@`` in
their destination, e-mail addresses, and citations of known and unknown
keys. The generator records where each citation's ``@`` is, so the checks do
not rely on the scanner they test:

* converting never raises;
* every citation outside code is on the page exactly once, resolved or as a
  visible unresolved marker, in order;
* code and link destinations come out byte for byte;
* unknown keys are reported at the line and column of their ``@``, by the
  build and by ``livingreview check`` alike;
* no ``<script`` or ``javascript:`` link reaches the page unless the Markdown
  itself holds one (the ``.bib`` used here is hostile).

In CI the examples are fixed (derandomized) and few enough to take seconds.
For a longer, random search run, for example::

    LIVINGREVIEW_PROPERTY_SCALE=50 python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from livingreview.bibliography.latex import latex_to_text, parse_latex
from livingreview.bibliography.loader import parse_bibliography
from livingreview.cli.check import check
from livingreview.diagnostics import Diagnostic
from livingreview.markdown.pages import unknown_key_message
from livingreview.markdown.scanner import _INLINE_RE, _next_inline
from livingreview.site.extension import CitationExtension
from livingreview.site.library import Library
from livingreview.site.searchcopy import search_copy
from tests.conftest import BIB

# 1: a fixed, bounded set of examples (CI); more: that many times as many,
# chosen at random.
SCALE = max(1, int(os.environ.get("LIVINGREVIEW_PROPERTY_SCALE", "1")))


def bounded(examples: int, **options: object) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=SCALE == 1, **options)


HOSTILE = r"""
@misc{evil, author = {<script>alert(1)</script>, Eve}, title = {"><script>alert(2)</script>},
  howpublished = {<img src=x onerror=alert(3)>}, url = {javascript:alert(4)}, year = 2020}
@misc{evil2, author = {Doe, J.}, title = {Data}, url = {data:text/html,<script>x</script>},
  doi = {javascript:alert(5)}, year = 2021}
"""
BIBLIOGRAPHY = parse_bibliography(BIB + HOSTILE, "references.bib")
KNOWN = ["putnam2000", "bryson2006", "kania2011", "doe:2018", "Smith.2020", "evil", "evil2"]

# -- pieces of a page ------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß", min_size=1, max_size=8)
PUNCT = st.sampled_from([".", ",", ";", ":", "(", ")", "!", "?", "*", "—", "'", '"', "&", "%"])
CODE = st.text(
    alphabet=st.sampled_from(list("ab@[]<>&;*_-/:\"' .#$%=x")), min_size=1, max_size=12
).filter(lambda text: text.strip() == text and "  " not in text)
URL_TAIL = st.text(alphabet="abc123@-._/~", min_size=1, max_size=12)
UNKNOWN_KEY = st.from_regex(r"[a-z_][a-z0-9]{0,6}(?:[:.#$%&+?<>~/-][a-z0-9]{1,4})?", fullmatch=True)


def _known(key: str) -> st.SearchStrategy[str]:
    return st.sampled_from([key, key.upper(), key.lower()])


KEY = st.one_of(
    st.sampled_from(KNOWN).flatmap(_known),
    UNKNOWN_KEY.filter(lambda key: key not in BIBLIOGRAPHY),
)


@dataclass
class Page:
    """A page under construction, with what the checks expect of it."""

    text: str = ""
    # Each citation: the keys it cites, each with the offset of its ``@``.
    citations: list[list[tuple[str, int]]] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # Whether the text ends with a narrative ``@key``: a bracketed citation
    # right after it joins it, as in Pandoc (``@doe [-@doe2020]``).
    after_narrative: bool = False

    def add(self, piece: str) -> int:
        start = len(self.text)
        self.text += piece
        self.after_narrative = False
        return start


@st.composite
def citation(draw: st.DrawFn) -> tuple[str, list[tuple[str, int]]]:
    """A citation's text and (key, index of its ``@``) for each key."""
    keys = draw(st.lists(KEY, min_size=1, max_size=3))
    form = draw(st.sampled_from(["narrative", "year", "bracketed", "locator", "prefix"]))
    if form == "narrative":
        text = f"@{keys[0]}"
        keys = keys[:1]
    elif form == "year":
        text = f"[-@{keys[0]}]"
        keys = keys[:1]
    elif form == "locator":
        text = "[" + "; ".join(f"@{key}, p. {n + 1}" for n, key in enumerate(keys)) + "]"
    elif form == "prefix":
        text = "[see @" + "; also @".join(keys) + "]"
    else:
        text = "[" + "; ".join(f"@{key}" for key in keys) + "]"
    offsets = [match.start() for match in re.finditer("@", text)]
    return text, list(zip(keys, offsets, strict=True))


INLINE_KINDS = [
    *("word", "word", "punct", "code", "link", "email", "cite", "cite"),
    *("emphasis", "comment", "escaped"),
]


def _inline(draw: st.DrawFn, page: Page, may_break: bool) -> None:
    kind = draw(st.sampled_from(INLINE_KINDS))
    after_narrative = page.after_narrative
    # Only a word may start a line: "-" or "=" alone would underline the one
    # before, and "word:" on the first line would be metadata.
    page.add("\n" if kind == "word" and may_break and draw(st.integers(0, 4)) == 0 else " ")
    if kind == "word":
        page.add(draw(WORD))
    elif kind == "punct":
        page.add(draw(PUNCT))
    elif kind == "code":
        content = draw(CODE)
        page.add(f"`{content}`")
        page.code.append(content)
    elif kind == "link":
        url = f"https://example.org/@{draw(URL_TAIL)}"
        page.add(f"[{draw(WORD)}]({url})")
        page.links.append(url)
    elif kind == "email":
        page.add(f"{draw(WORD)}@{draw(WORD)}.org")
    elif kind == "comment":
        page.add(f"<!-- [@{draw(KEY)}] -->")
    elif kind == "escaped":
        page.add(f"\\@{draw(WORD)}")
    elif kind == "emphasis":
        mark = draw(st.sampled_from(["*", "**"]))
        text, keys = draw(citation())
        start = page.add(mark) + len(mark)
        page.add(text + mark)
        page.citations.append([(key, start + offset) for key, offset in keys])
    else:
        text, keys = draw(citation())
        start = page.add(text)
        cited = [(key, start + offset) for key, offset in keys]
        if after_narrative and text.startswith("["):
            page.citations[-1].extend(cited)
        else:
            page.citations.append(cited)
        page.after_narrative = text.startswith("@")


@st.composite
def pages(draw: st.DrawFn, front_matter: bool = False) -> Page:
    page = Page()
    if front_matter and draw(st.booleans()):
        page.add("---\ntitle: Generated\ntags: [a, b]\n---\n\n")
    previous = ""
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        block = draw(
            st.sampled_from(["paragraph", "paragraph", "heading", "fence", "indented"])
            | st.sampled_from(["quote", "list"])
        )
        if block == "indented" and previous in ("indented", "list"):
            block = "fence"  # it would join the code or the list item before it
        previous = block
        if block in ("fence", "indented"):
            lines = draw(st.lists(CODE, min_size=1, max_size=3))
            if block == "fence":
                fence = draw(st.sampled_from(["```", "~~~", "````"]))
                page.add(fence + "\n" + "\n".join(lines) + "\n" + fence + "\n\n")
            else:
                page.add("".join(f"    {line}\n" for line in lines) + "\n")
            page.code.append("\n".join(lines) + "\n")
            continue
        for _ in range(draw(st.integers(1, 3)) if block == "list" else 1):
            page.add({"heading": "## ", "quote": "> ", "list": "- "}.get(block, ""))
            page.add(draw(WORD))  # a paragraph never starts with a list marker
            for _ in range(draw(st.integers(min_value=0, max_value=10))):
                _inline(draw, page, may_break=block in ("paragraph", "quote"))
            page.add("\n")
        page.add("\n")
    return page


# -- checks --------------------------------------------------------------------


def position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def expected_unknown(page: Page, path: str) -> list[str]:
    found = []
    for keys in page.citations:
        for key, offset in keys:
            if key not in BIBLIOGRAPHY:
                line, column = position(page.text, offset)
                message = unknown_key_message(key, BIBLIOGRAPHY.suggestions(key))
                found.append(f"{path}:{line}:{column}: {message}")
    return found


def canonical(key: str) -> str:
    entry = BIBLIOGRAPHY.get(key)
    return entry.key if entry is not None else key


def check_page(page: Page, page_html: str) -> None:
    # Every citation exactly once, in order, resolved or visibly unresolved.
    cited = re.findall(r'<span class="citation[^"]*" data-cites="([^"]*)">', page_html)
    assert [html.unescape(keys).split(" ") for keys in cited] == [
        [canonical(key) for key, _ in keys] for keys in page.citations
    ]
    unknown = [key for keys in page.citations for key, _ in keys if key not in BIBLIOGRAPHY]
    markers = re.findall(r'<strong class="citation-unresolved">([^<]*)\?</strong>', page_html)
    assert [html.unescape(marker) for marker in markers] == unknown
    # Code and link destinations, byte for byte.
    code = [html.unescape(text) for text in re.findall(r"<code>(.*?)</code>", page_html, re.S)]
    assert code == page.code
    hrefs = {html.unescape(href) for href in re.findall(r'href="([^"#][^"]*)"', page_html)}
    assert set(page.links) <= hrefs
    # Nothing from the .bib or a key becomes markup or a script link.
    assert "<script" not in page_html
    assert not re.search(r'href="\s*(?:javascript|data):', page_html, re.IGNORECASE)
    assert "<img" not in page_html


def convert(text: str) -> tuple[str, list[Diagnostic]]:
    reports: list[Diagnostic] = []
    extension = CitationExtension(library=Library(BIBLIOGRAPHY), report=reports.append)
    md = markdown.Markdown(extensions=[extension, "fenced_code", "tables", "toc"])
    return md.convert(text), reports


@bounded(100)
@given(pages())
def test_every_citation_outside_code_is_rendered_once(page: Page) -> None:
    page_html, reports = convert(page.text)
    check_page(page, page_html)
    unknown = [str(d) for d in reports if d.code == "unknown-key"]
    assert unknown == expected_unknown(page, "<markdown>")


@bounded(25, suppress_health_check=[HealthCheck.too_slow])
@given(pages(front_matter=True))
def test_check_and_build_report_the_same_unknown_keys(page: Page) -> None:
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with tempfile.TemporaryDirectory() as directory:
            root = Path(directory)
            (root / "docs").mkdir()
            (root / "docs" / "index.md").write_text(page.text, encoding="utf-8")
            (root / "references.bib").write_text(BIB + HOSTILE, encoding="utf-8")
            (root / "mkdocs.yml").write_text(
                "site_name: T\ntheme: mkdocs\nplugins:\n  - livingreview:\n      cache: false\n",
                encoding="utf-8",
            )
            build(load_config(str(root / "mkdocs.yml")))
            page_html = (root / "site" / "index.html").read_text(encoding="utf-8")
            found = check(root / "mkdocs.yml")
    finally:
        logger.removeHandler(handler)
    expected = expected_unknown(page, "docs/index.md")
    assert [m for m in messages if "unknown citation key" in m] == expected
    assert [str(d) for d in found.diagnostics if d.code == "unknown-key"] == expected
    article = page_html.split('role="main">')[1].split("<footer")[0]
    check_page(page, article)


# -- LaTeX -----------------------------------------------------------------------

LATEX = st.text(alphabet=st.sampled_from(list("ab \\{}$^_~-'`\"&%#@<>emphtxuvc")), max_size=40)


@bounded(200)
@given(LATEX)
def test_latex_never_raises_and_never_prints_a_macro(value: str) -> None:
    runs, unknown = parse_latex(value)
    text = latex_to_text(value)
    assert "".join(run.text for run in runs) == text
    assert all(macro.startswith("\\") for macro in unknown)


MARKDOWN_SOUP = st.text(
    alphabet=st.sampled_from(list("ab @[]()<>!`\\-_*:/.\n\t'\"=#x")), max_size=80
)


@bounded(300)
@given(MARKDOWN_SOUP)
def test_the_scanners_fast_path_finds_what_the_full_pattern_finds(text: str) -> None:
    # The fast path jumps between possible first characters; it must stop
    # exactly where a search with the whole pattern would, match for match.
    text = text.replace("://", ":").replace("www.", "www").replace("]:", "]")
    position, slow, fast = 0, [], []
    while (match := _INLINE_RE.search(text, position)) is not None:
        slow.append((match.start(), match.end(), match.lastgroup))
        position = max(match.end(), match.start() + 1)
    position = 0
    while (match := _next_inline(text, position, len(text), short=True)) is not None:
        fast.append((match.start(), match.end(), match.lastgroup))
        position = max(match.end(), match.start() + 1)
    assert fast == slow


HTML_PIECES = st.sampled_from(
    [
        '<span class="citation" data-cites="a b">',
        '<span class="citation citation-unresolved" data-cites="x">',
        '<a href="#ref-a" id="cite-a" role="doc-biblioref">',
        '<a href="#ref-b" role="doc-biblioref">',
        '<strong class="citation-unresolved">',
        '<a href="https://example.org">',
        '<span id="cite-a">',
        "<span>",
        "<strong>",
        "<abbr>",
        "</span>",
        "</a>",
        "</strong>",
        "</abbr>",
        "text (Putnam, 2000) ",
        "–é",
        "<",
        ">",
        '<div id="refs" class="references csl-bib-body hanging-indent" role="list">',
        '<div id="ref-a" class="csl-entry" role="listitem">',
        "</div>",
        "<em>",
        "</em>",
        "<sup>",
        "</sup>",
        "<!-- livingreview:0 -->",
    ]
)


@bounded(300)
@given(st.lists(HTML_PIECES, max_size=30).map("".join))
def test_the_search_copy_gives_back_the_page_exactly(html_text: str) -> None:
    copy = search_copy(html_text)
    if copy is None:
        return
    assert copy.restore() == html_text
    # Only citations' tags, reference lists' tags and placeholders, and
    # closing tags were taken; no citation link is left; sup stays.
    assert re.fullmatch(
        r"(?:<[^<>]*(?:citation|doc-biblioref|csl-|\ba\b|\bem\b|\bdiv\b|\bspan\b|\bstrong\b)"
        r"[^<>]*>|</(?:span|a|strong|div|em)>|<!-- livingreview:0 -->)*",
        copy.tags,
    )
    assert "<sup>" not in copy.tags
    assert 'role="doc-biblioref"' not in copy.html
