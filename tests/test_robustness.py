"""A corpus of bad and unusual inputs, each built into a tiny review.

Every case states the exact diagnostics (message, file, line, column) and,
where the build goes on, what the page shows. ``livingreview check`` must
report the same problems as the build.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from livingreview.cli.check import check
from livingreview.cli.main import main
from tests.conftest import Site

PUTNAM = (
    "@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone},\n"
    "  publisher = {Simon \\& Schuster}, year = 2000}\n"
)


def citation_spans(page_html: str) -> list[str]:
    """Each ``<span class="citation…">…</span>``, nested spans included."""
    spans = []
    for start in re.finditer(r'<span class="citation[ "]', page_html):
        depth = 0
        for tag in re.finditer(r"<(/?)span\b[^>]*>", page_html[start.start() :]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append(page_html[start.start() : start.start() + tag.end()])
                break
    return spans


def texts(site: Site, page: str = "index.md") -> list[str]:
    """What each citation of a page reads as, markup dropped."""
    return [html.unescape(re.sub(r"<[^>]+>", "", cite)) for cite in citation_spans(site.html(page))]


def references(site: Site, page: str = "index.md") -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", entry)) for entry in site.references(page)]


def checked(site: Site) -> list[str]:
    """What ``livingreview check`` finds in the site, but unused works."""
    result = check(site.root / "mkdocs.yml")
    return sorted(str(d) for d in result.diagnostics if d.code != "unused-work")


# -- the .bib file -------------------------------------------------------------


def test_unterminated_entry_is_reported_at_its_open_field(
    make_site: Callable[..., Site],
) -> None:
    bib = PUTNAM + "@book{roe2001, author = {Roe, Rick},\n  title = {Never closed, year = 2001\n"
    site = make_site({"index.md": "[@putnam2000] and [@roe2001]\n"}, bib=bib)
    # One error, where the open brace is: what pybtex read of the entry is
    # still cited, and the fields the brace cost it are not reported as
    # missing as well; the entry before it is intact.
    assert site.warnings == [
        "references.bib:4:3: the field 'title' of entry 'roe2001' has a brace or quote "
        "that is never closed: the file ends inside it, so this field and the rest of "
        "the entry are lost. Close it",
    ]
    assert texts(site) == ["(Putnam, 2000)", "(Roe, n.d.)"]
    assert sorted(site.warnings) == checked(site)


def test_entry_without_its_closing_brace(make_site: Callable[..., Site]) -> None:
    bib = "@book{roe2001, author = {Roe, Rick}, title = {T}, publisher = {P}, year = 2001\n"
    site = make_site({"index.md": "[@roe2001]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:1: the file ends inside entry 'roe2001': its closing '}' is missing"
    ]
    # The last value was read whole before the file ended: it is kept.
    assert texts(site) == ["(Roe, 2001)"]


def test_missing_comma_loses_the_rest_of_the_entry_with_an_error(
    make_site: Callable[..., Site],
) -> None:
    bib = "@book{roe2001,\n  author = {Roe, Rick}\n  title = {Lost},\n  year = 2001\n}\n" + PUTNAM
    site = make_site({"index.md": "[@roe2001] [@putnam2000]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:3: syntax error: check the braces, quotes, '=' and commas in entry "
        "'roe2001' (line 1)",
        "references.bib:1: entry 'roe2001' (@book) lacks the field 'title', which APA "
        "needs; the reference is printed without it",
        "references.bib:1: entry 'roe2001' (@book) lacks the field 'publisher', which APA "
        "needs; the reference is printed without it",
        "references.bib:1: entry 'roe2001' (@book) lacks the field 'year', which APA needs; "
        "the reference and citations show 'n.d.' (no date) instead. Add the year, or write "
        "year = {n.d.} for a work without a date",
    ]
    assert texts(site) == ["(Roe, n.d.)", "(Putnam, 2000)"]


def test_unbalanced_brace_that_runs_into_the_next_entry(make_site: Callable[..., Site]) -> None:
    bib = (
        "@book{roe2001,\n  author = {Roe, Rick},\n  title = {Unclosed {title},\n"
        "  publisher = {P},\n  year = 2001\n}\n\n" + PUTNAM
    )
    site = make_site({"index.md": "[@putnam2000]\n"}, bib=bib)
    # Named where it starts, not where pybtex noticed (the next entry); the
    # fields the unclosed title swallowed are read all the same.
    assert site.warnings == [
        "references.bib:3:3: the field 'title' of entry 'roe2001' has no closing brace, so "
        "it swallowed the fields after it ('publisher', 'year'); they were read all the "
        "same. Close the brace"
    ]
    assert texts(site) == ["(Putnam, 2000)"]


def test_extra_closing_brace_does_not_lose_fields_silently(
    make_site: Callable[..., Site],
) -> None:
    bib = "@book{roe2001,\n  author = {Roe, Rick},\n  title = {T}},\n  year = 2001\n}\n" + PUTNAM
    site = make_site({"index.md": "[@roe2001] [@putnam2000]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:4:3: 'year = 2001' is outside any entry and is ignored: entry "
        "'roe2001' (line 1) ends before it; look for an extra '}'",
        "references.bib:1: entry 'roe2001' (@book) lacks the field 'publisher', which APA "
        "needs; the reference is printed without it",
        "references.bib:1: entry 'roe2001' (@book) lacks the field 'year', which APA needs; "
        "the reference and citations show 'n.d.' (no date) instead. Add the year, or write "
        "year = {n.d.} for a work without a date",
    ]
    assert texts(site) == ["(Roe, n.d.)", "(Putnam, 2000)"]


def test_string_macros_defined_and_undefined(make_site: Callable[..., Site]) -> None:
    bib = (
        "@string{sage = {SAGE Publications}}\n"
        '@STRING(jpart = "Journal of Public Administration" # { Research and Theory})\n'
        "@book{one, author = {Doe, Jane}, title = {One}, publisher = sage, year = 2001}\n"
        "@article{two, author = {Doe, Jane}, title = {Two}, journal = jpart, year = 2002,\n"
        "  month = sep}\n"
        "@book{three, author = {Doe, Jane}, title = {Three}, publisher = sgae, year = 2003}\n"
    )
    site = make_site({"index.md": "[@one; @two; @three]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:6:65: entry 'three': the field 'publisher' uses 'sgae', which no "
        "@string before it defines; it is printed as written. Define it "
        "(@string{sgae = {...}}) or write the value in braces ({sgae})"
    ]
    assert references(site) == [
        "Doe, J. (2001). One. SAGE Publications.",
        "Doe, J. (2002). Two. Journal of Public Administration Research and Theory.",
        "Doe, J. (2003). Three. sgae.",
    ]
    assert checked(site) == sorted(site.warnings)


def test_comment_and_preamble_are_skipped(make_site: Callable[..., Site]) -> None:
    bib = (
        '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        "@Comment{An entry set aside:\n"
        "@book{old1999, author = {Old, Otto}, title = {Old}, publisher = {P}, year = 1999}\n"
        "}\n"
        "@comment this line is a comment too\n" + PUTNAM
    )
    site = make_site({"index.md": "[@putnam2000] and [@old1999]\n"}, bib=bib)
    # As in Pandoc and biber, an entry inside @comment{...} is not read.
    assert site.warnings == ["docs/index.md:1:20: unknown citation key 'old1999'"]
    assert texts(site) == ["(Putnam, 2000)", "(old1999?)"]
    bibliography = check(site.root / "mkdocs.yml").bibliography
    assert bibliography is not None
    assert "old1999" not in bibliography
    putnam = bibliography.get("putnam2000")
    assert putnam is not None
    assert putnam.line == 7  # lines still count the comments


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            "putnam2000",
            "references.bib:3: duplicate key 'putnam2000': the same key is already used "
            "at line 1; rename one of the two entries (the first is used)",
        ),
        (
            "Putnam2000",
            "references.bib:3: duplicate key 'Putnam2000': key 'putnam2000' (keys are "
            "case-insensitive) is already used at line 1; rename one of the two entries "
            "(the first is used)",
        ),
    ],
)
def test_duplicate_keys(make_site: Callable[..., Site], second: str, message: str) -> None:
    bib = PUTNAM + f"@book{{{second}, author = {{Other, O.}}, title = {{Other}}, year = 1990}}\n"
    site = make_site({"index.md": "[@putnam2000]\n"}, bib=bib)
    assert site.warnings == [message]
    assert texts(site) == ["(Putnam, 2000)"]


def test_duplicate_key_on_the_same_line_is_found(make_site: Callable[..., Site]) -> None:
    bib = "@misc{a, title = {A}, year = 2001} @misc{A, title = {B}, year = 2002}\n"
    site = make_site({"index.md": "[@a]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:1: duplicate key 'A': key 'a' (keys are case-insensitive) is "
        "already used at line 1; rename one of the two entries (the first is used)",
        "references.bib:1: entry 'a' (@misc) has neither 'author' nor 'editor', which APA "
        "needs; the title is printed in the author's place, in the reference and in "
        "citations. Add the authors, or an organisation as author in double braces: author "
        "= {{World Health Organization}}",
    ]


def test_entry_without_a_key_is_one_message(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "[@putnam2000]\n"}, bib="@book{, title = {T}}\n" + PUTNAM)
    assert site.warnings == [
        "references.bib:1: entry without a key; give it one, such as 'smith2020', so "
        "that it can be cited"
    ]
    assert texts(site) == ["(Putnam, 2000)"]


def test_empty_bib_leaves_every_citation_visible(make_site: Callable[..., Site]) -> None:
    site = make_site({"index.md": "See [@putnam2000].\n"}, bib="")
    assert site.warnings == ["docs/index.md:1:6: unknown citation key 'putnam2000'"]
    assert texts(site) == ["(putnam2000?)"]


def test_latin1_bib_is_read_with_a_warning(make_site: Callable[..., Site], tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_bytes(
        b"@book{muller2001, author = {M\xfcller, J\xfcrgen}, title = {Stra\xdfen},\n"
        b"  publisher = {P}, year = 2001}\n"
    )
    site = make_site({"index.md": "[@muller2001]\n"}, bib=None)
    assert site.warnings == [
        "references.bib:1: the file is not UTF-8; it was read as Latin-1. Save it as "
        "UTF-8 so that accents come out right"
    ]
    assert texts(site) == ["(Müller, 2001)"]
    assert references(site) == ["Müller, J. (2001). Straßen. P."]


def test_utf8_bom_and_crlf_line_ends(make_site: Callable[..., Site], tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_bytes(
        b"\xef\xbb\xbf@book{a,\r\n  author = {\xc3\x96zt\xc3\xbcrk, Ay},\r\n  title = {A},"
        b"\r\n  publisher = {P},\r\n  year = 2001\r\n}\r\n\r\n"
        b"@book{b,\r\n  title = {B},\r\n  year = 2002,\r\n  year = 2003\r\n}\r\n"
    )
    page = "---\r\ntitle: CRLF\r\n---\r\n\r\nFirst [@a].\r\n\r\nThen [@b] and [@c].\r\n"
    site = make_site({"index.md": page}, bib=None)
    assert site.warnings == [
        "references.bib:11:3: entry 'b' has the field 'year' more than once; only the first "
        "value is used",
        "docs/index.md:7:16: unknown citation key 'c'",
        "references.bib:8: entry 'b' (@book) lacks the field 'publisher', which APA needs; "
        "the reference is printed without it",
        "references.bib:8: entry 'b' (@book) has neither 'author' nor 'editor', which APA "
        "needs; the title is printed in the author's place, in the reference and in "
        "citations. Add the authors, or an organisation as author in double braces: author "
        "= {{World Health Organization}}",
    ]
    assert texts(site) == ["(Öztürk, 2001)", "(B, 2002)", "(c?)"]
    assert "title: CRLF" not in site.html()  # the front matter was taken off the page
    assert sorted(site.warnings) == checked(site)


def test_cr_only_line_ends_give_the_right_lines(make_site: Callable[..., Site]) -> None:
    bib = "@book{a, title = {A}, publisher = {P},\r year = 2001}\r\r@book{b,\r  title = {B\r"
    site = make_site({"index.md": "[@a]\n"}, bib=bib)
    assert site.warnings == [
        "references.bib:5:3: the field 'title' of entry 'b' has a brace or quote that is "
        "never closed: the file ends inside it, so this field and the rest of the entry are "
        "lost. Close it",
        "references.bib:1: entry 'a' (@book) has neither 'author' nor 'editor', which APA "
        "needs; the title is printed in the author's place, in the reference and in "
        "citations. Add the authors, or an organisation as author in double braces: author "
        "= {{World Health Organization}}",
    ]


def test_huge_bib_loads_and_builds(make_site: Callable[..., Site]) -> None:
    bib = "".join(
        f"@article{{key{n}, author = {{Author{n % 97}, Anna and Writer{n % 13}, Bob}},\n"
        f"  title = {{Title number {n}}}, journal = {{Journal {n % 50}}},\n"
        f"  year = {1950 + n % 70}, volume = {n % 30}, pages = {{{n}--{n + 9}}},\n"
        f"  doi = {{10.1000/{n}}}}}\n"
        for n in range(10_000)
    )
    started = time.perf_counter()
    site = make_site({"index.md": "[@key0; @key9999] and @key5000\n"}, bib=bib)
    assert time.perf_counter() - started < 60  # generous: about 3 s on a laptop
    assert site.warnings == []
    assert len(texts(site)) == 2
    assert len(references(site)) == 3


# -- names, dates and fields ---------------------------------------------------

AWKWARD = r"""
@book{anon, title = {Anonymous Pamphlet}, publisher = {P}, year = 2001}
@article{anonart, title = {An Unsigned Article}, journal = {J}, year = 2001}
@book{nodate, author = {Doe, Jane}, title = {Undated}, publisher = {P}}
@book{press, author = {Roe, Rick}, title = {Forthcoming}, publisher = {P},
  year = {in press}}
@book{etal, author = {Ostrom, Elinor and others}, title = {And Others}, publisher = {P},
  year = 2002}
@book{particles, author = {van der Berg, Anna and de la Cruz, Juan and
  Smith, Jr., John and Ludwig van Beethoven}, title = {Particles}, publisher = {P}, year = 2003}
@book{who, author = {{World Health Organization}}, title = {Report},
  publisher = {World Health Organization}, year = 2004}
@article{greek, author = {Παπαδόπουλος, Γιώργος}, title = {Η πόλη και το κράτος},
  journal = {Επιθεώρηση}, year = 2005}
@article{chinese, author = {王, 小明 and 李, 华}, title = {城市治理研究},
  journal = {中国社会科学}, year = 2006}
@article{arabic, author = {العربي, محمد}, title = {الحكم المحلي}, journal = {مجلة},
  year = 2007}
@article{math, author = {Doe, Jane}, title = {The $\sqrt{s} = 13$~TeV Run and
  \foo{Unknown} Macros}, journal = {J}, year = 2008}
@misc{percent, author = {Doe, Jane}, title = {Percent}, year = 2009,
  url = {https://example.org/a%20b?q=1\%2}}
@misc{xss, author = {<script>alert(1)</script>, Eve}, title = {"Quoted" & <b>bold</b>},
  howpublished = {<img src=x onerror=alert(2)>}, year = 2010}
@misc{js, author = {Doe, Jane}, title = {Script}, url = {javascript:alert(1)}, year = 2011}
@misc{data, author = {Doe, Jane}, title = {Data}, year = 2012,
  url = {data:text/html,<script>alert(1)</script>}}
@article{doiurl, author = {Doe, Jane}, title = {DOI as URL}, journal = {J}, year = 2013,
  doi = {https://doi.org/10.1000/ABC}}
@article{doiprefix, author = {Doe, Jane}, title = {DOI with prefix}, journal = {J},
  year = 2014, doi = {doi:10.1000/def}}
@article{toomany, author = {Smith, John, Doe, Jane}, title = {Commas}, journal = {J},
  year = 2015}
"""


def test_awkward_but_valid_entries(make_site: Callable[..., Site]) -> None:
    keys = re.findall(r"@\w+\{(\w+),", AWKWARD)
    many = " and ".join(f"Author{n:02d}, A." for n in range(1, 26))
    bib = AWKWARD + f"@article{{many, author = {{{many}}}, title = {{Many}}, journal = {{J}},"
    bib += " year = 2016}\n"
    page = "".join(f"[@{key}]\n" for key in [*keys, "many"])
    site = make_site({"index.md": page}, bib=bib)
    assert site.warnings == [
        "references.bib:32:19: entry 'toomany': the author list had to be split on commas: "
        "'Smith, John, Doe, Jane' was read as 'Smith, John' and 'Doe, Jane'; write ' and ' "
        "between names",
        "references.bib:2: entry 'anon' (@book) has neither 'author' nor 'editor', which "
        "APA needs; the title is printed in the author's place, in the reference and in "
        "citations. Add the authors, or an organisation as author in double braces: author "
        "= {{World Health Organization}}",
        "references.bib:4: entry 'nodate' (@book) lacks the field 'year', which APA needs; "
        "the reference and citations show 'n.d.' (no date) instead. Add the year, or write "
        "year = {n.d.} for a work without a date",
        "references.bib:19:38: entry 'math' uses the LaTeX macro '\\foo', which "
        "livingreview does not know; it is left out of the text",
        "references.bib:25:51: entry 'js' has the URL 'javascript:alert(1)', which is not "
        "an http or https address; it is left out of the reference. Give the work's address "
        "starting with https://, or remove the url field",
        "references.bib:27:3: entry 'data' has the URL "
        "'data:text/html,<script>alert(1)</script>', which is not an http or https address; "
        "it is left out of the reference. Give the work's address starting with https://, "
        "or remove the url field",
        "references.bib:3: entry 'anonart' (@article) has neither 'author' nor 'editor', "
        "which APA needs; the title is printed in the author's place, in the reference and "
        "in citations. Add the authors, or an organisation as author in double braces: "
        "author = {{World Health Organization}}",
    ]
    assert sorted(site.warnings) == checked(site)
    assert dict(zip([*keys, "many"], texts(site), strict=True)) == {
        "anon": "(Anonymous Pamphlet, 2001)",
        "anonart": "(“An Unsigned Article,” 2001)",
        "nodate": "(Doe, n.d.)",
        "press": "(Roe, in press)",
        "etal": "(Ostrom et al., 2002)",
        "particles": "(van der Berg et al., 2003)",
        "who": "(World Health Organization, 2004)",
        "greek": "(Παπαδόπουλος, 2005)",
        "chinese": "(王 & 李, 2006)",
        "arabic": "(العربي, 2007)",
        "math": "(Doe, 2008)",
        "percent": "(Doe, 2009)",
        "xss": "(<script>alert(1)</script>, 2010)",
        "js": "(Doe, 2011)",
        "data": "(Doe, 2012)",
        "doiurl": "(Doe, 2013)",
        "doiprefix": "(Doe, 2014)",
        "toomany": "(Smith & Doe, 2015)",
        "many": "(Author01 et al., 2016)",
    }
    listed = [f"Author{n:02d}, A." for n in range(1, 20)]
    assert references(site) == [
        "Anonymous pamphlet. (2001). P.",
        ", ".join(listed) + ", . . . Author25, A. (2016). Many. J.",
        "Doe, J. (n.d.). Undated. P.",
        "Doe, J. (2008). The √s = 13\xa0TeV run and Unknown macros. J.",
        "Doe, J. (2009). Percent. https://example.org/a%20b?q=1%2",
        "Doe, J. (2011). Script.",  # the javascript: and data: addresses are left out
        "Doe, J. (2012). Data.",
        "Doe, J. (2013). DOI as URL. J. https://doi.org/10.1000/ABC",
        "Doe, J. (2014). DOI with prefix. J. https://doi.org/10.1000/def",
        "Ostrom, E., et al. (2002). And others. P.",
        "Roe, R. (in press). Forthcoming. P.",
        "<script>alert(1)</script>, E. (2010). “Quoted” & <b>bold</b>. <img src=x "
        "onerror=alert(2)>.",
        "Smith, J., & Doe, J. (2015). Commas. J.",  # reported above
        "An unsigned article. (2001). J.",
        "van der Berg, A., de la Cruz, J., Smith, J., Jr., & van Beethoven, L. (2003). "
        "Particles. P.",
        "World Health Organization. (2004). Report.",
        "Παπαδόπουλος, Γ. (2005). Η πόλη και το κράτος. Επιθεώρηση.",
        "العربي, م. (2007). الحكم المحلي. مجلة.",
        "王, 小., & 李, 华. (2006). 城市治理研究. 中国社会科学.",
    ]
    page_html = site.html()
    reference_list = page_html.split('<div id="refs"')[1].split("<footer")[0]
    # Fields are text, never markup or links: the only links are http(s).
    assert "<script" not in reference_list
    assert "<img" not in page_html
    assert "<script>alert" not in page_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, E. (2010). <em>“Quoted” &amp; " in (
        reference_list
    )
    assert re.findall(r'<a href="(?!#)([^"]*)"', reference_list) == [
        "https://example.org/a%20b?q=1%2",
        "https://doi.org/10.1000/ABC",
        "https://doi.org/10.1000/def",
    ]


# -- Markdown ------------------------------------------------------------------

EXTENSIONS = """\
markdown_extensions:
  - admonition
  - footnotes
  - tables
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def build(make_site: Callable[..., Site], markdown: str) -> Site:
    return make_site({"index.md": markdown}, extra_config=EXTENSIONS)


@pytest.mark.parametrize(
    ("markdown", "fragment"),
    [
        pytest.param(
            "`[@putnam2000]` and ``a ` @putnam2000``\n",
            "<p><code>[@putnam2000]</code> and <code>a ` @putnam2000</code></p>",
            id="code-spans",
        ),
        pytest.param(
            "```\n[@putnam2000]\n```\n",
            "<code>[@putnam2000]\n</code>",
            id="backtick-fence",
        ),
        pytest.param("~~~\n[@putnam2000]\n~~~\n", "<code>[@putnam2000]\n</code>", id="tilde-fence"),
        pytest.param(
            "````md\n```\n[@putnam2000]\n```\n````\n",
            '<span class="sb">[@putnam2000]</span>',
            id="longer-fence",
        ),
        pytest.param(
            "```python\n@dataclass\nclass A: ...\n```\n",
            '<span class="nd">@dataclass</span>',
            id="decorator-in-code",
        ),
        pytest.param(
            "- item\n\n    ```\n    [@putnam2000]\n    ```\n",
            "<code>[@putnam2000]\n</code>",
            id="fence-in-list",
        ),
        pytest.param(
            "!!! note\n\n    ```\n    [@putnam2000]\n\n    @putnam2000\n    ```\n",
            "<code>[@putnam2000]\n\n@putnam2000\n</code>",
            id="fence-in-admonition",
        ),
        pytest.param(
            "Text.\n\n    [@putnam2000]\n", "<pre><code>[@putnam2000]\n</code></pre>", id="indented"
        ),
        pytest.param(
            "Text.\n\n\t[@putnam2000]\n", "<pre><code>[@putnam2000]\n</code></pre>", id="tab"
        ),
        pytest.param(
            "Text.\n\n  - item\n\n        [@putnam2000]\n",
            "<li>item<pre><code>[@putnam2000]\n</code></pre>",
            id="code-in-indented-list",
        ),
        pytest.param(
            "> quoted\n>\n>     [@putnam2000]\n",
            "<pre><code>[@putnam2000]\n</code></pre>\n</blockquote>",
            id="code-in-quote",
        ),
        pytest.param(
            "<!-- [@putnam2000]\n\n    @putnam2000\n\n-->\n",
            "<!-- [@putnam2000]\n\n    @putnam2000\n\n-->",
            id="html-comment",
        ),
        pytest.param(
            "<pre>\n[@putnam2000]\n\n    @putnam2000\n</pre>\n",
            "<pre>\n[@putnam2000]\n\n    @putnam2000\n</pre>",
            id="pre-block",
        ),
        pytest.param(
            "<style>\n@media print { a { color: red } }\n</style>\n",
            "<style>\n@media print { a { color: red } }\n</style>",
            id="style",
        ),
        pytest.param(
            '<script>\nconst a = "[@putnam2000]";\n</script>\n',
            '<script>\nconst a = "[@putnam2000]";\n</script>',
            id="script",
        ),
        pytest.param(
            '[a link](https://medium.com/@putnam2000 "@putnam2000")\n',
            '<a href="https://medium.com/@putnam2000" title="@putnam2000">a link</a>',
            id="link-destination",
        ),
        pytest.param(
            "[a link][r]\n\n[r]: https://x.org/@putnam2000 'title @putnam2000'\n",
            '<a href="https://x.org/@putnam2000" title="title @putnam2000">a link</a>',
            id="reference-definition",
        ),
        pytest.param(
            "![photo by @putnam2000](https://x.org/a.png)\n",
            '<img alt="photo by @putnam2000" src="https://x.org/a.png" />',
            id="image-alt",
        ),
        pytest.param(
            "![photo\nby @putnam2000](https://x.org/a.png)\n",
            '<img alt="photo\nby @putnam2000" src="https://x.org/a.png" />',
            id="image-alt-on-two-lines",
        ),
        pytest.param(
            "Write to putnam2000@example.org or <putnam@example.org>.\n",
            "<p>Write to putnam2000@example.org or <a href=",
            id="e-mail",
        ),
        pytest.param(
            "See https://x.org/@putnam2000 and <https://x.org/@putnam2000>.\n",
            '<p>See https://x.org/@putnam2000 and <a href="https://x.org/@putnam2000">',
            id="url",
        ),
        pytest.param(
            "Not cited: a_@putnam2000 or x-@putnam2000.\n",
            "<p>Not cited: a_@putnam2000 or x-@putnam2000.</p>",
            id="after-a-word",
        ),
        pytest.param("An escaped \\@putnam2000.\n", "@putnam2000.</p>", id="escaped"),
    ],
)
def test_no_citation_in_code_html_addresses_and_links(
    make_site: Callable[..., Site], markdown: str, fragment: str
) -> None:
    site = build(make_site, markdown)
    assert site.warnings == []
    assert site.citations() == []
    assert fragment in site.html()
    assert 'id="refs"' not in site.html()


def test_citations_in_headings_tables_footnotes_admonitions_and_tabs(
    make_site: Callable[..., Site],
) -> None:
    markdown = """\
# Heading @putnam2000

| work | source |
|---|---|
| one | [@putnam2000, p. 3] |

Text.[^1]

[^1]: A note citing [-@putnam2000].

!!! note "Note"

    In an admonition [@putnam2000].

??? tip "Details"
    In details @putnam2000 [p. 5].

=== "Tab one"

    In a tab [see @putnam2000].

=== "Tab two"

    ```
    [@putnam2000] in a fence in a tab
    ```

<div markdown>
In a div [@putnam2000].
</div>

Inline <span>@putnam2000</span> and *@putnam2000* and _@putnam2000_.
"""
    site = build(make_site, markdown)
    # ``_@putnam2000_``: as in Pandoc, ``_`` belongs to the key; the key is
    # unknown, so it is reported (with a suggestion) and marked on the page.
    assert site.warnings == [
        "docs/index.md:32:56: unknown citation key 'putnam2000_' (did you mean 'putnam2000'?)"
    ]
    assert texts(site) == [
        "Putnam (2000)",
        "(Putnam, 2000, p. 3)",
        "(Putnam, 2000)",
        "Putnam (2000, p. 5)",
        "(see Putnam, 2000)",
        "(Putnam, 2000)",
        "Putnam (2000)",
        "Putnam (2000)",
        "(putnam2000_?)",
        "(2000)",  # the footnote, at the end of the page
    ]
    assert "<code>[@putnam2000] in a fence in a tab\n</code>" in site.html()
    assert sorted(site.warnings) == checked(site)


def test_handles_and_decorators_in_prose_are_citations_as_in_pandoc(
    make_site: Callable[..., Site],
) -> None:
    site = build(make_site, "Thanks to @jdoe; use @property.\n\nEscaped: \\@jdoe.\n")
    assert site.warnings == [
        "docs/index.md:1:11: unknown citation key 'jdoe'",
        "docs/index.md:1:22: unknown citation key 'property'",
    ]
    assert texts(site) == ["(jdoe?)", "(property?)"]


def test_escaped_bracket_leaves_a_narrative_citation(make_site: Callable[..., Site]) -> None:
    site = build(make_site, "\\[@putnam2000] and \\[@putnam2000, p. 4\\]\n")
    assert site.warnings == []
    assert texts(site) == ["Putnam (2000)", "Putnam (2000)"]
    assert "[<span" in site.html()


UNCLOSED_WARNINGS = {
    "[unclosed @putnam2000 and [[@putnam2000]\n": [
        "docs/index.md:1:1: '[' is never closed in its paragraph, so @putnam2000 is read as an "
        "author-in-text citation and the '[' is shown as text; close the citation with ']'"
    ]
}


@pytest.mark.parametrize(
    ("markdown", "expected", "fragment"),
    [
        pytest.param(
            "[unclosed @putnam2000 and [[@putnam2000]\n",
            ["Putnam (2000)", "(Putnam, 2000)"],
            "<p>[unclosed <span",
            id="unclosed",
        ),
        pytest.param(
            "[@putnam2000]] and ]@putnam2000\n",
            ["(Putnam, 2000)", "Putnam (2000)"],
            "</span>] and ]<span",
            id="extra-closing",
        ),
        pytest.param(
            "[see [@putnam2000]] and [see [the note] @putnam2000]\n",
            ["(Putnam, 2000)", "(see [the note] Putnam, 2000)"],
            "<p>[see <span",
            id="nested",
        ),
        pytest.param(
            "[@putnam2000; see also] and [a; b] and [@]\n",
            ["Putnam (2000)"],
            "</span>; see also] and [a; b] and [@]</p>",
            id="not-a-list",
        ),
        pytest.param(
            "As @putnam2000 [^1] argues.\n\n[^1]: A note.\n",
            ["Putnam (2000)"],
            '</span> <sup id="fnref:1">',
            id="footnote-after-narrative",
        ),
        pytest.param(
            "As @putnam2000\n[p. 33] and @putnam2000[p. 34] and -@putnam2000 [p. 35] show\n",
            ["Putnam (2000, p. 33)", "Putnam (2000, p. 34)", "(2000, p. 35)"],
            "</span> show</p>",
            id="narrative-locators",
        ),
        pytest.param(
            "Keys end at doubled or trailing punctuation: @putnam2000--2001, @putnam2000.\n",
            ["Putnam (2000)", "Putnam (2000)"],
            "</span>--2001, <span",
            id="key-ends",
        ),
    ],
)
def test_brackets_and_keys(
    make_site: Callable[..., Site], markdown: str, expected: list[str], fragment: str
) -> None:
    site = build(make_site, markdown)
    # Rendered as Pandoc renders it; the editor is told of the open bracket.
    assert site.warnings == UNCLOSED_WARNINGS.get(markdown, [])
    assert texts(site) == expected
    assert fragment in site.html()


def test_a_thousand_citations_in_one_paragraph(make_site: Callable[..., Site]) -> None:
    keys = [f"w{n}" for n in range(1000)]
    bib = "".join(
        f"@misc{{{key}, author = {{Doe, Jane}}, title = {{T{key[1:]:0>4}}}, year = 2000}}\n"
        for key in keys
    )
    paragraph = " ".join(
        f"[@{key}]" if n % 3 == 0 else f"@{key} says" if n % 3 == 1 else f"[see @{key}, p. {n}]"
        for n, key in enumerate(keys)
    )
    site = make_site({"index.md": paragraph + " [@missing]\n"}, bib=bib)
    assert site.warnings == ["docs/index.md:1:12851: unknown citation key 'missing'"]
    assert len(texts(site)) == 1001
    assert len(references(site)) == 1000
    assert texts(site)[:3] == ["(Doe, 2000a)", "Doe (2000b)", "(see Doe, 2000c, p. 2)"]


def test_citation_in_link_text_is_not_a_nested_link(make_site: Callable[..., Site]) -> None:
    site = build(make_site, "[as @putnam2000 shows](https://example.org)\n")
    assert texts(site) == ["Putnam (2000)"]
    link = re.search(r'<a href="https://example.org">(.*?)</a>(?!</span>)', site.html())
    assert link is not None
    assert "<a " not in link.group(1)
    assert '<span id="cite-putnam2000">Putnam (2000)</span>' in link.group(1)


def test_escaped_at_sign_shows_without_its_backslash(make_site: Callable[..., Site]) -> None:
    site = build(make_site, "An escaped \\@putnam2000.\n")
    assert "<p>An escaped @putnam2000.</p>" in site.html()


# -- pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "message", "line"),
    [
        pytest.param(
            "---\ntitle: [unclosed\n---\n\nText [@nobody].\n",
            "docs/index.md:3: front matter is not valid YAML (",
            5,
            id="invalid-yaml",
        ),
        pytest.param(
            "---\n- a\n- b\n---\n\nText [@nobody].\n",
            "docs/index.md:1: front matter must be a mapping of 'key: value' lines (such as "
            "'title: ...'); MkDocs will show it as page text",
            6,
            id="not-a-mapping",
        ),
        pytest.param(
            "---\n# nothing yet\n---\n\nText [@nobody].\n",
            "docs/index.md:1: front matter is empty; MkDocs will show it as page text (the "
            "'---' lines as rules). Remove it, or add a line such as 'title: ...'",
            5,
            id="empty",
        ),
        pytest.param(
            "Summary: as @putnam2000 shows.\n\nText [@nobody].\n",
            "docs/index.md:1:13: MkDocs reads the first lines of the page as metadata "
            "('Summary: ...') and does not show them, so the citation of 'putnam2000' is "
            "lost; start the page with a heading or a blank line",
            3,
            id="multimarkdown-metadata",
        ),
    ],
)
def test_front_matter_problems(
    make_site: Callable[..., Site], page: str, message: str, line: int
) -> None:
    site = make_site({"index.md": page})
    assert len(site.warnings) == 2
    assert site.warnings[0].startswith(message)
    # Lines after the front matter are still counted from the top of the file.
    assert site.warnings[1] == f"docs/index.md:{line}:7: unknown citation key 'nobody'"
    assert sorted(site.warnings) == checked(site)
    assert texts(site) == ["(nobody?)"]


def test_check_and_build_agree_on_a_broken_review(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    bib = (
        PUTNAM
        + "@book{Putnam2000, title = {Again}}\n@misc{roe, author = {Roe, R.}\n title = {T}}\n"
    )
    page = "---\ntitle: T\n---\n\n[@putnam2000] and @roe and [@nobody, p. 3]\n"
    site = make_site({"index.md": page}, bib=bib)
    code = main(["check", "-f", str(site.root / "mkdocs.yml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        "docs/index.md:5:29: error unknown-key: unknown citation key 'nobody'",
        "references.bib:3: error bib-duplicate-key: duplicate key 'Putnam2000': key "
        "'putnam2000' (keys are case-insensitive) is already used at line 1; rename one of "
        "the two entries (the first is used)",
        "references.bib:4: warning bib-missing-field: entry 'roe' (@misc) lacks the field "
        "'title', which APA needs; the reference is printed without it",
        "references.bib:5: error bib-syntax: syntax error: check the braces, quotes, '=' and "
        "commas in entry 'roe' (line 4)",
        "1 pages, 3 citations, 2 works cited, 0 works unused",
    ]
    assert sorted(site.warnings) == checked(site)


def test_latex_accents_on_dotless_letters_and_sort_keys(make_site: Callable[..., Site]) -> None:
    bib = (
        "@book{garcia, author = {Garc{\\'\\i}a M{\\'a}rquez, Gabriel and Bront\\\"{\\i}, A.},\n"
        "  title = {{\\noopsort{b}}Cien a\\~nos de soledad: a\\^{}b}, publisher = {P}, "
        "year = 1967}\n"
    )
    site = make_site({"index.md": "[@garcia]\n"}, bib=bib)
    assert site.warnings == []
    assert texts(site) == ["(García Márquez & Brontï, 1967)"]
    assert references(site) == [
        "García Márquez, G., & Brontï, A. (1967). Cien años de soledad: A^b. P."
    ]


def test_unclosed_fence_is_text_as_python_markdown_shows_it(
    make_site: Callable[..., Site],
) -> None:
    # Python-Markdown (fenced_code and SuperFences alike) shows a fence that
    # is never closed as text, so the citations after it must not vanish.
    site = build(make_site, "Text.\n\n```\n[@putnam2000] and\n\nmore @nobody\n")
    assert site.warnings == ["docs/index.md:6:6: unknown citation key 'nobody'"]
    assert texts(site) == ["(Putnam, 2000)", "(nobody?)"]
