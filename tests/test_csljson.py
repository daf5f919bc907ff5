"""CSL JSON from loaded ``.bib`` entries, checked against Pandoc.

Golden tests pin what a few hand-written entries become. The differential
test converts whole files, ours (``tests/csljson/fixtures.bib``, the sample
review's ``references.bib``) and three real exports (``../shared``), and
compares every field of every entry with ``pandoc FILE -t csljson``. Each
difference must be explained by one of the reviewed rules in ``DELIBERATE``
(a repair of ours, or a Pandoc bug), and each rule must still be needed;
any other difference fails. The rules were reviewed against Pandoc 2.17;
with another version, or without Pandoc, that test is skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from livingreview.bibliography.csljson import csl_item, csl_items
from livingreview.bibliography.latex import parse_latex
from livingreview.bibliography.loader import load_bibliography, parse_bibliography
from livingreview.bibliography.model import BibEntry

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LIVINGREVIEW_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "csljson" / "fixtures.bib"
REALWORLD = (
    "ContextLab__CDL-bibliography__cdl.bib",
    "d2l-ai__d2l-en__d2l.bib",
    "garretchristensen__BestPracticesManual__Bibliography.bib",
)
REVIEWED_PANDOC = "2.17"


def item(source: str) -> dict[str, object]:
    bibliography = parse_bibliography(source, "refs.bib")
    (entry,) = bibliography.entries.values()
    return csl_item(entry)


# -- golden ------------------------------------------------------------------


def test_names_particles_suffixes_groups_and_others() -> None:
    found = item(
        "@article{k, title={T}, journal={J}, year={2001}, author={Ludwig van Beethoven"
        " and de la Fontaine, Jean and Smith, Jr., John and {World Health Organization}"
        " and Vliet, Marijn van and Ram{\\'o}n y Cajal, Santiago and Tulving E and others},"
        " bookauthor={Baker, Bo}, translator={Roe, R.J.}}"
    )
    assert found["author"] == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
        {"literal": "World Health Organization"},
        {"family": "Vliet", "given": "Marijn", "non-dropping-particle": "van"},
        {"family": "Ramón y Cajal", "given": "Santiago"},
        {"family": "Tulving", "given": "E"},
        {"literal": "others"},
    ]
    assert found["container-author"] == [{"family": "Baker", "given": "Bo"}]
    assert found["translator"] == [{"family": "Roe", "given": "R. J."}]


def test_protected_words_styles_and_sentence_case() -> None:
    found = item(
        "@article{k, journal={The Journal of {NASA} \\& Things}, year={2001},"
        " title={The {iPhone} and {United Nations} of M{\\\"u}ller's \\emph{Big Things}:"
        " H\\textsubscript{2}O, x$^2$ and $\\alpha$ -- <b> \\textbf{Bold} Ends}}"
    )
    assert found["title"] == (
        'The <span class="nocase">iPhone</span> and <span class="nocase">United Nations</span>'
        " of müller’s <i>big things</i>: H<sub>2</sub>o, x<sup>2</sup> and"
        ' <span class="nocase">α</span> – <b> <b>bold</b> ends'
    )
    assert found["title-short"] == (
        'The <span class="nocase">iPhone</span> and <span class="nocase">United Nations</span>'
        " of müller’s <i>big things</i>"
    )
    # A journal's name is not recased; "&" is written as itself.
    assert found["container-title"] == 'The Journal of <span class="nocase">NASA</span> & Things'


def test_titles_in_another_language_keep_their_capitals() -> None:
    found = item("@article{k, title={Über Dinge}, journal={Z}, year={2001}, langid={ngerman}}")
    assert (found["title"], found["language"]) == ("Über Dinge", "de-DE")
    found = item("@article{k, title={On Things}, journal={Z}, year={2001}, language={French}}")
    assert (found["title"], found["language"]) == ("On Things", "fr-FR")


def test_dates() -> None:
    def issued(fields: str) -> tuple[object, object]:
        found = item(f"@article{{k, title={{T}}, journal={{J}}, {fields}}}")
        return found.get("issued"), found.get("status")

    assert issued("year={in press}") == (None, "in press")
    assert issued("year={Forthcoming}") == (None, "forthcoming")
    assert issued("year={n.d.}") == (None, None)
    assert issued("year={2023a}") == ({"date-parts": [[2023]]}, None)
    assert issued("year={{2013}}, month={{JAN-MAR}}") == (
        {"date-parts": [[2013, 1], [2013, 3]]},
        None,
    )
    assert issued("year={2013}, month={June 15}") == ({"date-parts": [[2013, 6, 15]]}, None)
    assert issued("year={2013}, month=jun, day={5}") == ({"date-parts": [[2013, 6, 5]]}, None)
    assert issued("year={2013}, month={Spring}") == (
        {"date-parts": [[2013]], "season": "1"},
        None,
    )
    assert issued("date={2001-02-03/2001-03-04}") == (
        {"date-parts": [[2001, 2, 3], [2001, 3, 4]]},
        None,
    )
    assert issued("date={2001/}") == ({"date-parts": [[2001], [0]]}, None)
    assert issued("date={2001~}") == ({"date-parts": [[2001]], "circa": True}, None)
    assert issued("date={about 1900}") == ({"literal": "about 1900"}, None)
    assert issued("year={535 BCE}") == ({"literal": "535 BCE"}, None)
    assert issued("year={2001}, date={1999-05}") == ({"date-parts": [[2001]]}, None)
    found = item("@online{k, title={T}, urldate={2020-01-02}, origyear={1900}, year={2001}}")
    assert found["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert found["original-date"] == {"date-parts": [[1900]]}


def test_types_numbers_and_identifiers() -> None:
    report = item(
        "@techreport{k, title={T}, institution={Inst}, number={42}, type={Working Paper},"
        " year={2001}, pages={3--5}, doi={https://doi.org/10.5555/X}, url={\\url{https://e.org/~a}}}"
    )
    assert {key: report[key] for key in ("type", "number", "genre", "publisher", "page")} == {
        "type": "report",
        "number": "42",
        "genre": "Working Paper",
        "publisher": "Inst",
        "page": "3-5",
    }
    assert (report["DOI"], report["URL"]) == ("10.5555/X", "https://e.org/~a")
    article = item("@article{k, title={T}, journal={J}, number={3}, year={2001}, doi={null}}")
    assert (article["type"], article["issue"], "DOI" in article) == ("article-journal", "3", False)
    preprint = item("@misc{k, title={T}, eprint={2101.00001}, archiveprefix={arXiv}, year={2021}}")
    assert {key: preprint[key] for key in ("type", "number", "publisher", "URL")} == {
        "type": "article",
        "number": "arXiv:2101.00001",
        "publisher": "arXiv",
        "URL": "https://arxiv.org/abs/2101.00001",
    }
    thesis = item("@mastersthesis{k, title={T}, school={U}, year={2001}}")
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == (
        "thesis",
        "Master’s thesis",
        "U",
    )
    book = item("@book{k, title={T}, series={S}, number={4}, year={2001}, address={A and B}}")
    assert (book["collection-number"], book["publisher-place"]) == ("4", "A; B")
    assert item("@misc{k, title={T}}")["type"] == "document"
    assert item("@unknowntype{k, title={T}}")["type"] == "document"


def test_items_keep_their_keys_and_order() -> None:
    bibliography = parse_bibliography(
        "@misc{Zeta:2001, title={Z}}\n@misc{alpha.2002*1, title={A}}\n", "refs.bib"
    )
    assert [found["id"] for found in csl_items(bibliography.entries.values())] == [
        "Zeta:2001",
        "alpha.2002*1",
    ]


# -- against Pandoc --------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One field of one entry where ours and Pandoc's differ (normalised)."""

    entry: BibEntry
    field: str
    ours: object
    pandoc: object
    warned: frozenset[str]  # the loader's warning codes for the entry


@dataclass(frozen=True)
class Deliberate:
    """A reviewed kind of difference: where, why, and how to recognise it."""

    fields: tuple[str, ...]
    reason: str
    applies: Callable[[Difference], bool]


NAME_ROLES = ("author", "editor", "translator", "container-author")
_TEX_MACRO_RE = re.compile(r"\\[A-Za-z]+|[_^]")


def _family_given(name: object) -> tuple[object, ...]:
    assert isinstance(name, dict)
    return tuple(name.get(part) for part in ("literal", "family", "given", "suffix"))


def _names_differ_only_in(difference: Difference, same: Callable[[dict, dict], bool]) -> bool:
    ours, pandoc = difference.ours, difference.pandoc
    if not isinstance(ours, list) or not isinstance(pandoc, list) or len(ours) != len(pandoc):
        return False
    return all(a == b or same(a, b) for a, b in zip(ours, pandoc, strict=True))


def _particle(ours: dict, pandoc: dict) -> bool:
    moved = {
        ("dropping-particle" if key == "non-dropping-particle" else key): value
        for key, value in ours.items()
    }
    return moved == pandoc


def _words(name: dict) -> list[str]:
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return sorted(" ".join(str(name.get(part, "")) for part in parts).split())


def _one_name_repair(ours: dict, pandoc: dict) -> bool:
    """A name that differs in a way the loader or the conversion repairs."""
    if _particle(ours, pandoc) or _et_al(ours, pandoc):
        return True
    if _words(ours) == _words(pandoc):
        return True  # the same words, split otherwise
    if _words(json.loads(_dotted(json.dumps(pandoc, ensure_ascii=False)))) == _words(ours):
        return True  # ``{\'\i}``: Pandoc writes a dotless i with an accent
    # ``{\v{S}}{\'a}rka``, ``{\.I}lhan``: Pandoc reads a particle
    return "given" in ours and "given" not in pandoc and "dropping-particle" in pandoc


def _dotted(text: str) -> str:
    """Pandoc's ``{\\"\\i}``, a dotless i under an accent, as the accented i."""
    return re.sub("ı([\u0300-\u036f])", lambda m: unicodedata.normalize("NFC", "i" + m[1]), text)


def _et_al(ours: dict, pandoc: dict) -> bool:
    return ours == {"literal": "others"} and (
        pandoc in ({"dropping-particle": "et", "family": "al."}, {"literal": "et al"})
        or pandoc.get("family") in ("al.", "al")
    )


def _plain_text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _pandoc_kept_tex(difference: Difference) -> bool:
    """Pandoc leaves math (``$\\alpha$``, ``CO$_2$``) as TeX; ours is
    Unicode and sub/superscripts, or drops a macro it does not know."""
    pandoc, ours = _plain_text(difference.pandoc), _plain_text(difference.ours)
    if _TEX_MACRO_RE.search(pandoc):
        return True
    return "®" in ours or "™" in ours


def _same_but_case(difference: Difference) -> bool:
    """The same text but for case, where a word or a name (``O'Brien``) kept
    the capitals a brace or the word itself gives it."""
    ours, pandoc = _plain_text(difference.ours), _plain_text(difference.pandoc)
    return bool(ours) and ours.lower() == pandoc.lower()


def _style_group(difference: Difference) -> bool:
    """``{\\textit Cataglyphis fortis}``: a group that starts with a command."""
    ours, pandoc = _plain_text(difference.ours), _plain_text(difference.pandoc)
    raw = difference.entry.field(difference.field)
    if not re.search(r"\{\\(?:textit|emph|textbf|it|em|bf|sl|textsl)\s", raw):
        return False
    return re.sub("<[^>]+>", "", ours).lower() == re.sub("<[^>]+>", "", pandoc).lower()


def _date_parts(value: object) -> object:
    return value.get("date-parts") if isinstance(value, dict) else None


def _month_read(difference: Difference) -> bool:
    ours, pandoc = _date_parts(difference.ours), _date_parts(difference.pandoc)
    if (
        not isinstance(ours, list)
        or not isinstance(pandoc, list)
        or not difference.entry.field("month")
    ):
        return False
    return [part[:1] for part in ours] == pandoc or [ours[0][:1]] == pandoc


def _year_read(difference: Difference) -> bool:
    """A ``year`` Pandoc reads as no date (``2003a``, ``in press``, ``n.d.``,
    ``535 BCE``): its writer drops the literal."""
    return difference.pandoc == {"date-parts": []} and bool(difference.entry.field("year"))


DELIBERATE = (
    Deliberate(
        NAME_ROLES,
        "a lower-case von part (van Beethoven) is a non-dropping particle, as the APA "
        "engine keeps it with the family name (shown as van Beethoven, L., sorted under "
        "v: APA 9.44); Pandoc's BibLaTeX reader makes it a dropping particle",
        lambda d: _names_differ_only_in(d, _particle),
    ),
    Deliberate(
        NAME_ROLES,
        "'and et al.' as exporters write it is BibTeX's 'and others', as the APA engine "
        "reads it; Pandoc reads a person named 'al.' with the particle 'et'",
        lambda d: _names_differ_only_in(d, lambda a, b: _particle(a, b) or _et_al(a, b)),
    ),
    Deliberate(
        NAME_ROLES,
        "the same words, split as the loader reads them (as the APA engine shows "
        "them): a particle written after the given names (H Van Rijn, Vecchia, Carlo "
        "La) or capitalised (Ramón y Cajal) goes with the family name, a family name in "
        "braces ({van de Pol}) stays whole, accents are read ({\\'\\i}: Pandoc writes "
        "a dotless i and an accent; {\\v{S}}{\\'a}rka: Pandoc reads a particle)",
        lambda d: _names_differ_only_in(d, _one_name_repair),
    ),
    Deliberate(
        (*NAME_ROLES, "title"),
        "a LaTeX macro neither knows (Str\\:{o}sslin): ours keeps the text around it, "
        "and the APA style reports the macro (bib-unknown-macro)",
        lambda d: bool(parse_latex(_raw_field(d))[1]),
    ),
    Deliberate(
        ("title",),
        "text the loader repaired, with a warning: braces an export wrote as text "
        "($\\{$beta$\\}$, bib-literal-brace), control characters (bib-control-character)",
        lambda d: bool(d.warned & {"bib-literal-brace", "bib-control-character"}),
    ),
    Deliberate(
        NAME_ROLES,
        "a name list the loader repaired, with a warning (bib-bad-name, bib-name-order, "
        "bib-group-author): Tulving E, lists split on ';' or commas, organisations "
        "without braces, placeholders of an export",
        lambda d: bool(d.warned & {"bib-bad-name", "bib-name-order", "bib-group-author"}),
    ),
    Deliberate(
        NAME_ROLES,
        "' AND ' separates names, as in BibTeX (case-insensitive); Pandoc reads one name",
        lambda d: (
            " AND " in d.entry.field(d.field if d.field != "container-author" else "x")
            or any(" AND " in str(name) for name in _as_list(d.pandoc))
        ),
    ),
    Deliberate(
        ("type",),
        "types Pandoc's BibLaTeX reader leaves empty or maps elsewhere: @misc is CSL's "
        "'document', @conference BibTeX's alias of @inproceedings, @webpage a web page, "
        "@software CSL 1.0.2's 'software', an arXiv-only article a preprint ('article': "
        "APA 10.8, as the APA engine has it)",
        lambda d: (
            d.pandoc == ""
            or (d.entry.type == "software" and d.pandoc == "book")
            or d.ours == "article"
        ),
    ),
    Deliberate(
        ("container-title",),
        "@conference is @inproceedings: its booktitle is the proceedings' title",
        lambda d: d.entry.type == "conference" and d.pandoc is None,
    ),
    Deliberate(
        ("genre",),
        "a thesis's kind in the APA engine's words (Doctoral dissertation, APA 10.6), "
        "not Pandoc's 'PhD thesis'; braces in 'type' read as LaTeX, which Pandoc keeps",
        lambda d: d.pandoc in ("PhD thesis", "Master’s thesis") or "{" in str(d.pandoc),
    ),
    Deliberate(
        ("issued", "status"),
        "a year Pandoc cannot read is kept as the APA engine reads it: 2003a is 2003, "
        "'in press' and 'forthcoming' a status, 535 BCE a literal date, n.d. no date "
        "(Pandoc's writer leaves an empty date)",
        lambda d: (
            _year_read(d)
            or (d.field == "status" and d.pandoc is None)
            or (d.field == "issued" and d.ours is None and d.pandoc == {"date-parts": []})
        ),
    ),
    Deliberate(
        ("issued",),
        "months in every form the loader reads (October, {apr}, 6); Pandoc reads only "
        "jan…dec and numbers",
        _month_read,
    ),
    Deliberate(
        ("issue",),
        "an article's 'issue' without a 'number' is its issue; Pandoc drops it",
        lambda d: d.pandoc is None and bool(d.entry.field("issue")),
    ),
    Deliberate(
        ("language",),
        "'language' says the language where 'langid' is missing, as the APA engine reads "
        "it; Pandoc reads only langid and hyphenation",
        lambda d: d.pandoc is None and bool(d.entry.field("language")),
    ),
    Deliberate(
        ("abstract", "keyword", "annote"),
        "left out: no style in use prints them, and abstracts would make the "
        "processor's input many times larger",
        lambda d: d.ours is None,
    ),
    Deliberate(
        ("DOI",),
        "the DOI without https://doi.org/ or doi:, as the APA engine reads it",
        lambda d: isinstance(d.pandoc, str) and d.pandoc.lower().endswith(str(d.ours).lower()),
    ),
    Deliberate(
        ("URL",),
        "the first address of a url field holding several, as the APA engine links it",
        lambda d: isinstance(d.pandoc, str) and d.pandoc.split()[0] != d.pandoc,
    ),
    Deliberate(
        ("event-title",),
        "CSL 1.0.2's name of 'event', which newer styles (APA, AMA) read; 'event' is "
        "written too, for older ones (IEEE)",
        lambda d: d.pandoc is None,
    ),
    Deliberate(
        ("number", "publisher"),
        "an arXiv preprint's repository and id (as Zotero writes them, and the APA engine "
        "prints them)",
        lambda d: d.pandoc is None and d.entry.field("eprint") != "",
    ),
    Deliberate(
        ("title", "title-short", "container-title", "note", "volume"),
        "math and symbols as Unicode (α, ×, CO₂ with <sub>, ®); Pandoc leaves TeX "
        "(\\alpha, CO_2) or drops a symbol",
        _pandoc_kept_tex,
    ),
    Deliberate(
        ("title", "title-short", "container-title"),
        "case kept where the word asks for it: a whole title in braces, a name with an "
        "apostrophe (O’Brien); Pandoc's sentence case lowers some",
        _same_but_case,
    ),
    Deliberate(
        ("title", "title-short", "container-title"),
        "a group that starts with a command ({\\textit Cataglyphis fortis}) is not "
        "protected from case changes, as in BibTeX and the APA engine; Pandoc protects "
        "it (and italicises only its first letter)",
        _style_group,
    ),
    Deliberate(
        ("title", "title-short", "container-title", "note"),
        'an accent over \\i ({\\"\\i}) is the accented i; Pandoc writes a dotless i '
        "under the accent",
        lambda d: _dotted(_plain_text(d.pandoc)) == d.ours,
    ),
)


def _raw_field(difference: Difference) -> str:
    raw = {"container-author": "bookauthor"}.get(difference.field, difference.field)
    if raw in ("author", "editor"):
        return " ".join(
            part
            for person in difference.entry.persons.get(raw, [])
            for part in person.first + person.middle + person.prelast + person.last
        )
    return difference.entry.field(raw)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _normalise(value: object) -> object:
    """Both sides as the processor reads them: no ``nocase`` marks (Pandoc's
    writer drops them all, ours keeps every one: see the golden tests), one
    space for any run of whitespace (Pandoc keeps line breaks' spaces)."""
    if isinstance(value, str):
        text = re.sub(r'<span class="nocase">|</span>', "", value)
        return re.sub(r"\s+", " ", text).strip()
    if isinstance(value, list):
        return [_normalise(part) for part in value]
    if isinstance(value, dict):
        return {key: _normalise(part) for key, part in value.items()}
    return value


def _pandoc_version(pandoc: str) -> str:
    result = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+\.\d+)", result.stdout)
    return match.group(1) if match else ""


def _files() -> list[Path]:
    files = [FIXTURES, ROOT / "tests" / "samples" / "review" / "references.bib"]
    shared = [SHARED / "realworld-bib" / name for name in REALWORLD]
    return files + [path for path in shared if path.exists()]


def test_every_difference_from_pandoc_is_reviewed() -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed (.ci/run installs it)")
    version = _pandoc_version(pandoc)
    if version != REVIEWED_PANDOC:
        pytest.skip(
            f"the differences were reviewed against Pandoc {REVIEWED_PANDOC}, not {version}"
        )
    files = _files()
    running = [
        subprocess.Popen([pandoc, str(path), "-t", "csljson"], stdout=subprocess.PIPE, text=True)
        for path in files
    ]
    unexplained: list[str] = []
    used: set[int] = set()
    for path, process in zip(files, running, strict=True):
        output, _ = process.communicate()
        assert process.returncode == 0
        theirs = {found["id"]: found for found in json.loads(output)}
        bibliography = load_bibliography(path, path.name)
        warned: dict[str, set[str]] = {}
        for diagnostic in bibliography.diagnostics:
            key = re.search(r"entry '([^']+)'", diagnostic.message)
            if key:
                warned.setdefault(key.group(1), set()).add(diagnostic.code)
        ours = {found["id"]: found for found in csl_items(bibliography.entries.values())}
        assert set(ours) <= set(theirs)  # Pandoc reads every entry we read
        for key, mine in ours.items():
            entry = bibliography.entries[str(key).lower()]
            other = theirs[key]
            for name in sorted(set(mine) | set(other)):
                a, b = _normalise(mine.get(name)), _normalise(other.get(name))
                if a == b:
                    continue
                difference = Difference(entry, name, a, b, frozenset(warned.get(entry.key, ())))
                rule = next(
                    (
                        index
                        for index, rule in enumerate(DELIBERATE)
                        if name in rule.fields and rule.applies(difference)
                    ),
                    None,
                )
                if rule is None:
                    unexplained.append(f"{path.name} {key} {name}: ours {a!r}, Pandoc {b!r}")
                else:
                    used.add(rule)
    assert unexplained == []
    if all(path.exists() for path in (SHARED / "realworld-bib" / name for name in REALWORLD)):
        stale = [rule.reason for index, rule in enumerate(DELIBERATE) if index not in used]
        assert stale == []  # a rule no difference needs any more goes
