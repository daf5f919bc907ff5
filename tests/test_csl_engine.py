"""The Pandoc-backed CSL engine: finding Pandoc, resolving styles, one batch.

The golden HTML was recorded with Pandoc 3.9 (pypandoc-binary 1.17, in the
``dev`` extra); with another Pandoc the golden tests are skipped, the rest
run with any Pandoc 2.11 or later. The works in ``tests/csl/items.json`` are
made up.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from livingreview.styles.csl import pandoc as pandoc_module
from livingreview.styles.csl.engine import (
    CslCitation,
    CslCite,
    CslFailed,
    Rendered,
    locator_terms,
    render,
)
from livingreview.styles.csl.pandoc import CslUnavailable, Pandoc, find_pandoc
from livingreview.styles.csl.styles import StyleNotFound, resolve_style, styles_folder

ITEMS = json.loads((Path(__file__).parent / "csl" / "items.json").read_text(encoding="utf-8"))
GOLDEN_PANDOC = (3, 9)
# Private-use placeholders, which the caller puts in prefixes and suffixes.
P, Q = "\ue000", "\ue001"
BATCH = [
    CslCitation("c1", (CslCite("lindqvist2019", locator="203–205"),)),
    CslCitation("c2", (CslCite("lindqvist2021", mode="author-in-text"),)),
    CslCitation(
        "c3",
        (
            CslCite("vanderberg2020", mode="suppress-author"),
            CslCite(
                "fixtureorg2022",
                prefix=f"see {P}",
                locator_label="chapter",
                locator="4",
                suffix=f", {Q} for details",
            ),
        ),
    ),
    CslCitation("c4", (CslCite("lindqvist2019"),), in_note=True),
    CslCitation(
        "c5",
        (
            CslCite("lindqvist2019", locator_label="section", locator="2.3"),
            CslCite("vanderberg2020", locator_label="paragraph", locator="12"),
        ),
    ),
    CslCitation("c6", (CslCite("lindqvist2021", locator_label="figure", locator="3"),)),
]


@pytest.fixture(scope="module")
def pandoc() -> Pandoc:
    try:
        return find_pandoc()
    except CslUnavailable as error:
        pytest.skip(f"no Pandoc to render CSL with: {error}")


@pytest.fixture(scope="module")
def golden_pandoc(pandoc: Pandoc) -> Pandoc:
    if pandoc.version[:2] != GOLDEN_PANDOC:
        pytest.skip(f"the golden HTML was recorded with Pandoc 3.9, not {pandoc.version_text}")
    return pandoc


def rendered(
    pandoc: Pandoc, style: str, locale: str = "", batch: list[CslCitation] = BATCH
) -> Rendered:
    return render(pandoc, resolve_style(style, Path(".")), locale, ITEMS, batch)


GOLDEN = {
    "apa": (
        {
            "c1": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist &amp; Oduya, 2019, pp. 203–205</a>)',
            "c2": 'A. Lindqvist (<a href="#ref-lindqvist2021" role="doc-biblioref">2021</a>)',
            "c3": '(<a href="#ref-vanderberg2020" role="doc-biblioref">2020</a>; see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">Fixture Observatory for Partnerships, 2022, Chapter 4</a>, \ue001 for details)',
            "c4": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist &amp; Oduya, 2019</a>)',
            "c5": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist &amp; Oduya, 2019, Section 2.3</a>; <a href="#ref-vanderberg2020" role="doc-biblioref">van der Berg, 2020, para. 12</a>)',
            "c6": '(<a href="#ref-lindqvist2021" role="doc-biblioref">A. Lindqvist, 2021, Figure 3</a>)',
        },
        {
            "fixtureorg2022": 'Fixture Observatory for Partnerships. (2022). <em>Annual partnership monitor 2022</em>. Fixture Observatory for Partnerships. <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a>',
            "lindqvist2021": "Lindqvist, A. (2021). <em>Commons without borders</em>. Fixture University Press.",
            "lindqvist2019": 'Lindqvist, M., &amp; Oduya, T. K. (2019). Shared ledgers in <em>municipal</em> partnerships: a fixture study of <span class="nocase">eBay</span> towns. <em>Journal of Fixture Studies</em>, <em>12</em>(3), 201–219. <a href="https://doi.org/10.5555/fixture.2019.12">https://doi.org/10.5555/fixture.2019.12</a>',
            "vanderberg2020": "van der Berg, I. (2020). Trust as infrastructure. In C. Moreau &amp; K. Sato (Eds.), <em>Handbook of imaginary collaboration</em> (pp. 45–67). Fixture House.",
        },
    ),
    "chicago-author-date": (
        {
            "c1": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist and Oduya 2019, 203–5</a>)',
            "c2": 'A. Lindqvist (<a href="#ref-lindqvist2021" role="doc-biblioref">2021</a>)',
            "c3": '(<a href="#ref-vanderberg2020" role="doc-biblioref">2020</a>; see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">Fixture Observatory for Partnerships 2022, chap. 4</a>, \ue001 for details)',
            "c4": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist and Oduya 2019</a>)',
            "c5": '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist and Oduya 2019, sec. 2.3</a>; <a href="#ref-vanderberg2020" role="doc-biblioref">van der Berg 2020, para. 12</a>)',
            "c6": '(<a href="#ref-lindqvist2021" role="doc-biblioref">A. Lindqvist 2021, fig. 3</a>)',
        },
        {
            "vanderberg2020": "Berg, Ilse van der. 2020. <span>“Trust as Infrastructure.”</span> In <em>Handbook of Imaginary Collaboration</em>, edited by Claire Moreau and Ken Sato. Fixture House.",
            "fixtureorg2022": 'Fixture Observatory for Partnerships. 2022. <em>Annual Partnership Monitor 2022</em>. Fixture Observatory for Partnerships. <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a>.',
            "lindqvist2021": "Lindqvist, Aron. 2021. <em>Commons Without Borders</em>. Fixture University Press.",
            "lindqvist2019": 'Lindqvist, Maren, and Tobias K. Oduya. 2019. <span>“Shared Ledgers in <em>Municipal</em> Partnerships: A Fixture Study of <span class="nocase">eBay</span> Towns.”</span> <em>Journal of Fixture Studies</em> 12 (3): 201–19. <a href="https://doi.org/10.5555/fixture.2019.12">https://doi.org/10.5555/fixture.2019.12</a>.',
        },
    ),
    "ieee": (
        {
            "c1": '<a href="#ref-lindqvist2019" role="doc-biblioref">[1, pp. 203–205]</a>',
            "c2": '<a href="#ref-lindqvist2021" role="doc-biblioref">[2]</a>',
            "c3": '<a href="#ref-vanderberg2020" role="doc-biblioref">[3]</a>, see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">[4, Ch. 4]</a>, \ue001 for details',
            "c4": '<a href="#ref-lindqvist2019" role="doc-biblioref">[1]</a>',
            "c5": '<a href="#ref-lindqvist2019" role="doc-biblioref">[1, Sec. 2.3]</a>, <a href="#ref-vanderberg2020" role="doc-biblioref">[3, Para. 12]</a>',
            "c6": '<a href="#ref-lindqvist2021" role="doc-biblioref">[2, Fig. 3]</a>',
        },
        {
            "lindqvist2019": '<div class="csl-left-margin">[1] </div><div class="csl-right-inline">M. Lindqvist and T. K. Oduya, <span>“Shared ledgers in <em>municipal</em> partnerships: a fixture study of <span class="nocase">eBay</span> towns,”</span> <em>Journal of Fixture Studies</em>, vol. 12, no. 3, pp. 201–219, Apr. 2019, doi: <a href="https://doi.org/10.5555/fixture.2019.12">10.5555/fixture.2019.12</a>.</div>',
            "lindqvist2021": '<div class="csl-left-margin">[2] </div><div class="csl-right-inline">A. Lindqvist, <em>Commons without borders</em>. Uppsala: Fixture University Press, 2021.</div>',
            "vanderberg2020": '<div class="csl-left-margin">[3] </div><div class="csl-right-inline">I. van der Berg, <span>“Trust as infrastructure,”</span> in <em>Handbook of imaginary collaboration</em>, C. Moreau and K. Sato, Eds., Lyon: Fixture House, 2020, pp. 45–67.</div>',
            "fixtureorg2022": '<div class="csl-left-margin">[4] </div><div class="csl-right-inline">Fixture Observatory for Partnerships, <span>“Annual partnership monitor 2022,”</span> Fixture Observatory for Partnerships, Nov. 2022. Available: <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a></div>',
        },
    ),
    "chicago-notes-bibliography": (
        {
            "c1": '<a href="#ref-lindqvist2019" role="doc-biblioref">Maren Lindqvist and Tobias K. Oduya, <span>“Shared Ledgers in <em>Municipal</em> Partnerships: A Fixture Study of <span class="nocase">eBay</span> Towns,”</span> <em>Journal of Fixture Studies</em> 12, no. 3 (2019): 203–5, <span>https://doi.org/10.5555/fixture.2019.12</span></a>.',
            "c2": '<a href="#ref-lindqvist2021" role="doc-biblioref"><em>Commons Without Borders</em> (Fixture University Press, 2021)</a>.',
            "c3": '<a href="#ref-vanderberg2020" role="doc-biblioref"><span>“Trust as Infrastructure,”</span> in <em>Handbook of Imaginary Collaboration</em>, ed. Claire Moreau and Ken Sato (Fixture House, 2020)</a>; see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">Fixture Observatory for Partnerships, <em>Annual Partnership Monitor 2022</em> (Fixture Observatory for Partnerships, 2022), chap. 4, <span>https://example.org/monitor-2022</span></a>, \ue001 for details.',
            "c4": '<span><a href="#ref-lindqvist2019" role="doc-biblioref">Lindqvist and Oduya, <span>“Shared Ledgers in <em>Municipal</em> Partnerships: A Fixture Study of <span class="nocase">eBay</span> Towns”</span></a>.</span>',
            "c5": '<a href="#ref-lindqvist2019" role="doc-biblioref">Lindqvist and Oduya, <span>“Shared Ledgers in <em>Municipal</em> Partnerships: A Fixture Study of <span class="nocase">eBay</span> Towns,”</span> sec. 2.3</a>; <a href="#ref-vanderberg2020" role="doc-biblioref">van der Berg, <span>“Trust as Infrastructure,”</span> para. 12</a>.',
            "c6": '<a href="#ref-lindqvist2021" role="doc-biblioref">Lindqvist, <em>Commons Without Borders</em>, fig. 3</a>.',
        },
        {
            "vanderberg2020": "Berg, Ilse van der. <span>“Trust as Infrastructure.”</span> In <em>Handbook of Imaginary Collaboration</em>, edited by Claire Moreau and Ken Sato. Fixture House, 2020.",
            "fixtureorg2022": 'Fixture Observatory for Partnerships. <em>Annual Partnership Monitor 2022</em>. Fixture Observatory for Partnerships, 2022. <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a>.',
            "lindqvist2021": "Lindqvist, Aron. <em>Commons Without Borders</em>. Fixture University Press, 2021.",
            "lindqvist2019": 'Lindqvist, Maren, and Tobias K. Oduya. <span>“Shared Ledgers in <em>Municipal</em> Partnerships: A Fixture Study of <span class="nocase">eBay</span> Towns.”</span> <em>Journal of Fixture Studies</em> 12, no. 3 (2019): 201–19. <a href="https://doi.org/10.5555/fixture.2019.12">https://doi.org/10.5555/fixture.2019.12</a>.',
        },
    ),
    "vancouver": (
        {
            "c1": '(<a href="#ref-lindqvist2019" role="doc-biblioref">1</a>)',
            "c2": '(<a href="#ref-lindqvist2021" role="doc-biblioref">2</a>)',
            "c3": '(<a href="#ref-vanderberg2020" role="doc-biblioref">3</a>,see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">4</a>, \ue001 for details)',
            "c4": '(<a href="#ref-lindqvist2019" role="doc-biblioref">1</a>)',
            "c5": '(<a href="#ref-lindqvist2019" role="doc-biblioref">1</a>,<a href="#ref-vanderberg2020" role="doc-biblioref">3</a>)',
            "c6": '(<a href="#ref-lindqvist2021" role="doc-biblioref">2</a>)',
        },
        {
            "lindqvist2019": '<div class="csl-left-margin">1. </div><div class="csl-right-inline">Lindqvist M, Oduya TK. Shared ledgers in <em>municipal</em> partnerships: a fixture study of <span class="nocase">eBay</span> towns. Journal of Fixture Studies. 2019 Apr;12(3):201–19. doi:<a href="https://doi.org/10.5555/fixture.2019.12">10.5555/fixture.2019.12</a></div>',
            "lindqvist2021": '<div class="csl-left-margin">2. </div><div class="csl-right-inline">Lindqvist A. Commons without borders. Uppsala: Fixture University Press; 2021.</div>',
            "vanderberg2020": '<div class="csl-left-margin">3. </div><div class="csl-right-inline">van der Berg I. Trust as infrastructure. In, editorsMoreau C, Sato K. Handbook of imaginary collaboration. Lyon: Fixture House; 2020. p. 45–67.</div>',
            "fixtureorg2022": '<div class="csl-left-margin">4. </div><div class="csl-right-inline">Fixture Observatory for Partnerships. Annual partnership monitor 2022 [Internet]. Fixture Observatory for Partnerships; 2022 Nov. Available from: <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a></div>',
        },
    ),
    "nature": (
        {
            "c1": '<sup><a href="#ref-lindqvist2019" role="doc-biblioref">1</a></sup>',
            "c2": '<sup><a href="#ref-lindqvist2021" role="doc-biblioref">2</a></sup>',
            "c3": '<sup><a href="#ref-vanderberg2020" role="doc-biblioref">3</a>,see \ue000 <a href="#ref-fixtureorg2022" role="doc-biblioref">4</a>, \ue001 for details</sup>',
            "c4": '<sup><a href="#ref-lindqvist2019" role="doc-biblioref">1</a></sup>',
            "c5": '<sup><a href="#ref-lindqvist2019" role="doc-biblioref">1</a>,<a href="#ref-vanderberg2020" role="doc-biblioref">3</a></sup>',
            "c6": '<sup><a href="#ref-lindqvist2021" role="doc-biblioref">2</a></sup>',
        },
        {
            "lindqvist2019": '<div class="csl-left-margin">1. </div><div class="csl-right-inline">Lindqvist, M. &amp; Oduya, T. K. <a href="https://doi.org/10.5555/fixture.2019.12">Shared ledgers in <em>municipal</em> partnerships: a fixture study of <span class="nocase">eBay</span> towns</a>. <em>Journal of Fixture Studies</em> <strong>12</strong>, 201–219 (2019).</div>',
            "lindqvist2021": '<div class="csl-left-margin">2. </div><div class="csl-right-inline">Lindqvist, A. <em>Commons Without Borders</em>. (Fixture University Press, Uppsala, 2021).</div>',
            "vanderberg2020": '<div class="csl-left-margin">3. </div><div class="csl-right-inline">van der Berg, I. Trust as infrastructure. in <em>Handbook of imaginary collaboration</em> (eds Moreau, C. &amp; Sato, K.) 45–67 (Fixture House, Lyon, 2020).</div>',
            "fixtureorg2022": '<div class="csl-left-margin">4. </div><div class="csl-right-inline">Fixture Observatory for Partnerships. <em>Annual Partnership Monitor 2022</em>. <a href="https://example.org/monitor-2022">https://example.org/monitor-2022</a> (2022).</div>',
        },
    ),
}


@pytest.mark.parametrize("style", sorted(GOLDEN))
def test_golden_html(golden_pandoc: Pandoc, style: str) -> None:
    citations, entries = GOLDEN[style]
    result = rendered(golden_pandoc, style)
    assert result.citations == citations
    assert result.entries == entries
    assert result.order == list(entries)
    assert result.note is (style == "chicago-notes-bibliography")
    assert result.warnings == []


def test_note_style_keeps_the_author_of_an_author_in_text_citation(golden_pandoc: Pandoc) -> None:
    result = rendered(golden_pandoc, "chicago-notes-bibliography")
    assert result.in_text == {
        "c1": "",
        "c2": "Aron Lindqvist",
        "c3": "",
        "c4": "",
        "c5": "",
        "c6": "",
    }


def test_numeric_styles_number_by_first_citation_across_the_batch(pandoc: Pandoc) -> None:
    batch = [
        CslCitation("a", (CslCite("fixtureorg2022"),)),
        CslCitation("b", (CslCite("lindqvist2019"), CslCite("fixtureorg2022"))),
        CslCitation("c", (CslCite("vanderberg2020"),)),
    ]
    result = rendered(pandoc, "ieee", batch=batch)
    assert result.order == ["fixtureorg2022", "lindqvist2019", "vanderberg2020", "lindqvist2021"]
    assert result.entries["lindqvist2021"].startswith('<div class="csl-left-margin">[4] </div>')
    assert result.citations["b"] == (
        '<a href="#ref-fixtureorg2022" role="doc-biblioref">[1]</a>, '
        '<a href="#ref-lindqvist2019" role="doc-biblioref">[2]</a>'
    )


def test_a_french_locale_with_an_author_date_style(golden_pandoc: Pandoc) -> None:
    result = rendered(golden_pandoc, "chicago-author-date", "fr-FR")
    assert result.citations["c3"] == (
        '(<a href="#ref-vanderberg2020" role="doc-biblioref">2020</a>; see \ue000 '
        '<a href="#ref-fixtureorg2022" role="doc-biblioref">Fixture Observatory for '
        "Partnerships 2022, chap. 4</a>, \ue001 for details)"
    )
    assert result.citations["c5"] == (
        '(<a href="#ref-lindqvist2019" role="doc-biblioref">M. Lindqvist et Oduya 2019, '
        'sect. 2.3</a>; <a href="#ref-vanderberg2020" role="doc-biblioref">van der Berg '
        "2020, paragr. 12</a>)"
    )
    assert result.entries["lindqvist2021"] == (
        "Lindqvist, Aron. 2021. <em>Commons without borders</em>. Fixture University Press."
    )


LABEL_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
<info><id>labels</id><title>Labels</title><updated>2020-01-01T00:00:00+00:00</updated></info>
<citation><layout delimiter="; "><text variable="citation-key"/><group prefix=" [" suffix="]"
 delimiter="="><label variable="locator" form="long"/><text variable="locator"/></group></layout>
</citation></style>"""
LABELS = ["page", "chapter", "section", "paragraph", "figure", "volume", "line", "note",
          "column", "book", "part", "verse", "sub verbo", "issue", "folio", "opus"]  # fmt: skip


@pytest.mark.parametrize("locale", ["en-US", "fr-FR", "de-DE"])
def test_every_label_pandoc_knows_is_read_as_that_label(
    pandoc: Pandoc, tmp_path: Path, locale: str
) -> None:
    (tmp_path / "labels.csl").write_text(LABEL_STYLE, encoding="utf-8")
    style = resolve_style("labels.csl", tmp_path)
    batch = [
        CslCitation(label, (CslCite("lindqvist2021", locator_label=label, locator="iv"),))
        for label in LABELS
    ]
    batch.append(CslCitation("none", (CslCite("lindqvist2021", locator="12–14"),)))
    result = render(pandoc, style, locale, ITEMS, batch)
    long_forms = locator_terms(pandoc, style, locale)
    for label in LABELS:
        assert result.citations[label].endswith(f"[{long_forms[label]}=iv]</a>"), label
    # No label means page (the range's dash is the locale's).
    assert f"[{long_forms['page']}" in result.citations["none"]
    assert result.citations["none"].endswith("14]</a>")
    assert result.warnings == []


def test_a_label_pandoc_cannot_read_is_written_as_text_with_a_warning(pandoc: Pandoc) -> None:
    batch = [CslCitation("t", (CslCite("lindqvist2021", locator_label="table", locator="2"),))]
    result = rendered(pandoc, "apa", batch=batch)
    assert result.citations["t"].endswith("2021</a>, table 2)")
    assert result.warnings == [
        "livingreview: citation t: Pandoc's citeproc cannot read the locator label 'table' "
        "in this style's locale; 'table 2' is written after the citation as plain text"
    ]


def test_a_missing_item_is_a_warning_of_pandoc(pandoc: Pandoc) -> None:
    batch = [CslCitation("m", (CslCite("nosuchwork"),))]
    result = rendered(pandoc, "apa", batch=batch)
    assert "nosuchwork" in result.citations["m"]
    assert len(result.warnings) == 1
    assert "nosuchwork" in result.warnings[0]
    assert len(result.entries) == len(ITEMS)


def test_a_broken_style_fails_with_the_style_and_pandocs_first_line(
    pandoc: Pandoc, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id>b</id><title>b</title></info><citation><layout><text variable=",
        encoding="utf-8",
    )
    good = resolve_style("apa", Path("."))
    style = type(good)(broken, "b", "b", False, False, "")
    with pytest.raises(CslFailed) as failure:
        render(pandoc, style, "", ITEMS, BATCH[:1])
    message = str(failure.value)
    assert message.startswith(
        f"livingreview: Pandoc {pandoc.version_text} failed on the CSL style {broken}: "
    )
    assert "\n" not in message


# Finding Pandoc.


@pytest.fixture
def fresh_search(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    find_pandoc.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(pandoc_module, "bundled_path", lambda: "")
    yield tmp_path
    find_pandoc.cache_clear()


def fake_pandoc(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "pandoc"
    script.write_text(f"#!/bin/sh\necho 'pandoc {version}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_no_pandoc_anywhere(fresh_search: Path) -> None:
    with pytest.raises(CslUnavailable) as failure:
        find_pandoc()
    assert str(failure.value) == (
        "livingreview: the 'csl' option needs Pandoc 2.11 or later, and none was found; "
        "install it with pip install 'livingreview[csl]' (which brings Pandoc), "
        "or put pandoc on PATH"
    )


def test_a_pandoc_too_old_on_path(fresh_search: Path) -> None:
    old = fake_pandoc(fresh_search / "bin", "2.9.2.1")
    with pytest.raises(CslUnavailable) as failure:
        find_pandoc()
    assert str(failure.value) == (
        "livingreview: the 'csl' option needs Pandoc 2.11 or later, and the one found "
        f"({old}) is 2.9.2.1; install it with pip install 'livingreview[csl]' "
        "(which brings Pandoc), or put pandoc on PATH"
    )


def test_pandoc_on_path_when_none_is_bundled(fresh_search: Path) -> None:
    found = fake_pandoc(fresh_search / "bin", "3.1.11")
    assert find_pandoc() == Pandoc(str(found), (3, 1, 11))
    assert find_pandoc().version_text == "3.1.11"


def test_the_bundled_pandoc_comes_before_path(
    fresh_search: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pandoc(fresh_search / "bin", "2.17.1.1")
    bundled = fake_pandoc(fresh_search / "bundled", "3.9")
    monkeypatch.setattr(pandoc_module, "bundled_path", lambda: str(bundled))
    assert find_pandoc() == Pandoc(str(bundled), (3, 9))


def test_an_explicit_pandoc_that_cannot_run(fresh_search: Path) -> None:
    missing = fresh_search / "nowhere" / "pandoc"
    with pytest.raises(CslUnavailable) as failure:
        find_pandoc(str(missing))
    assert str(failure.value) == (
        f"livingreview: the Pandoc given ({missing}) cannot be run; give the path of a "
        "pandoc executable, 2.11 or later, or leave the option out"
    )


def test_an_explicit_pandoc_wins(fresh_search: Path) -> None:
    fake_pandoc(fresh_search / "bin", "3.9")
    chosen = fake_pandoc(fresh_search / "chosen", "2.19.2")
    assert find_pandoc(str(chosen)) == Pandoc(str(chosen), (2, 19, 2))


# Resolving styles.


def test_a_style_by_id() -> None:
    style = resolve_style("chicago-author-date", Path("."))
    assert (style.path.name, style.id, style.note, style.numeric) == (
        "chicago-author-date.csl",
        "chicago-author-date",
        False,
        False,
    )
    assert style.title == "Chicago Manual of Style 18th edition (author-date)"


def test_a_renamed_id_and_a_note_style() -> None:
    assert resolve_style("vancouver", Path(".")).path.name == "nlm-citation-sequence.csl"
    notes = resolve_style("chicago-note-bibliography", Path("."))
    assert notes.path.name == "chicago-shortened-notes-bibliography.csl"
    assert notes.note


def test_a_dependent_style_resolves_to_its_parent_and_keeps_its_locale() -> None:
    style = resolve_style("nature-communications", Path("."))
    assert style.path.name == "nature.csl"
    assert (style.id, style.title, style.numeric, style.default_locale) == (
        "nature-communications",
        "Nature Communications",
        True,
        "en-GB",
    )


def test_a_style_file_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "labels.csl").write_text(LABEL_STYLE, encoding="utf-8")
    style = resolve_style("styles/labels.csl", tmp_path)
    assert (style.path, style.id, style.title) == (
        tmp_path / "styles" / "labels.csl",
        "labels",
        "Labels",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "nope.csl",
            "livingreview: the CSL style file {base}/nope.csl does not exist; give a path "
            "relative to the configuration file's folder, or a style id",
        ),
        (
            "x.csl",
            "livingreview: {base}/x.csl is not a CSL style (its root element is not <style> "
            "in the CSL namespace); give a CSL 1.0 style file or a style id",
        ),
        (
            "chicago-autor-date",
            "livingreview: there is no CSL style with the id 'chicago-autor-date'; did you "
            "mean chicago-author-date, chicago-author-date-fr, chicago-author-date-de? (the "
            "ids are the file names of the CSL styles repository, e.g. chicago-author-date; "
            "or give the path of a .csl file)",
        ),
    ],
)
def test_a_style_that_cannot_be_had(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "x.csl").write_text("<html/>", encoding="utf-8")
    with pytest.raises(StyleNotFound) as failure:
        resolve_style(name, tmp_path)
    assert str(failure.value) == message.format(base=tmp_path)


def test_an_id_without_the_styles_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("livingreview.styles.csl.styles.styles_folder", lambda: None)
    with pytest.raises(StyleNotFound) as failure:
        resolve_style("apa", Path("."))
    assert str(failure.value) == (
        "livingreview: the CSL style 'apa' is an id, and the styles are not installed; "
        "install them with pip install 'livingreview[csl]', or give the path of a .csl file"
    )


def test_styles_package_is_there() -> None:
    folder = styles_folder()
    assert folder is not None and os.path.isdir(folder / "dependent")
