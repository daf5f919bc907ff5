"""The CSL processor test suite through livingreview's CSL engine.

    python -m tests.csl_suite [--pandoc PATH] [--jobs 2] [--update] [--show] [PATTERN ...]

Reads the fixtures ``processor-tests/humans/*.txt`` of the CSL test suite
(in ``$LIVINGREVIEW_SHARED/csl-test-suite``, or ``../shared`` beside the
repository; format in its ``README.rst``), renders each one our engine can
express with :func:`livingreview.styles.csl.engine.render` (one Pandoc
process per fixture, ``--jobs`` at a time), compares, and prints passed,
failed and skipped per category (the file name's prefix before ``_``).
``--update`` writes the passing fixtures to ``tests/csl_suite_passing.txt``
(with the Pandoc version on its first line), which
``tests/test_csl_suite.py`` holds the engine to. ``--show`` prints each
failure's expected and actual text. PATTERNs select fixtures by substring.

What is run, as citeproc's own runner (jgm/citeproc, test/Spec.hs) does:

- ``citation`` mode: the ``CITATION-ITEMS`` (a list of citations of cites:
  id, locator, label, prefix, suffix), or the ``CITATIONS`` list (later
  entries replace earlier ones of the same ``citationID``), or one citation
  of every item; the lines of the result are the citations in order.
- ``bibliography`` mode: each item cited once in input order (or the
  ``CITATION-ITEMS``), the whole list compared.

Skipped, because the engine's input cannot say it:

- cites with ``position`` or ``near-note`` (the engine has no way to force a
  position; Pandoc computes it from the order of the citations);
- a prefix or suffix with HTML markup: the engine's are plain text;
- ``CITATIONS`` whose ``noteIndex`` values are not 1, 2, 3... in order (or
  all 0 in an in-text style): the engine numbers citation *i* as note *i*;
- a ``BIBENTRIES``, ``BIBSECTION`` or ``ABBREVIATIONS`` section (processor
  state, bibliography filters and abbreviation lists the engine has no
  input for; none is in today's suite);
- a fixture whose sections cannot be read (two files of the suite).

Both sides are normalised the same way (:func:`normalise`): ``<i>`` is
``<em>``, ``<b>`` is ``<strong>``, citeproc-js's small-caps and
superscript spans are Pandoc's ``<span class="smallcaps">`` and ``<sup>``;
links and bare ``<span>`` wrappers are dropped; entities are decoded; white
space around ``div`` tags goes, ``<span class="nocase">`` (which Pandoc
keeps and citeproc-js drops) is a bare span, citeproc-js's ``font-style:
normal`` spans are Pandoc's ``<span class="nodecoration">``, and other runs of it become one space. For a
note style a citation is the text of its note, and the citations are put
in notes of the author's (``in_note``) so that Pandoc makes no note of its
own (which would capitalise and punctuate it).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from livingreview.styles.csl.engine import CslCitation, CslCite, render
from livingreview.styles.csl.pandoc import CslUnavailable, Pandoc, find_pandoc
from livingreview.styles.csl.styles import resolve_style

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LIVINGREVIEW_SHARED", ROOT.parent / "shared"))
SUITE = SHARED / "csl-test-suite" / "processor-tests" / "humans"
PASSING = Path(__file__).resolve().parent / "csl_suite_passing.txt"
_SECTION_RE = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.DOTALL)
_UNSUPPORTED_SECTIONS = ("BIBENTRIES", "BIBSECTION", "ABBREVIATIONS")
_CITATION_NUMBER_RE = re.compile(r"^(?:>>|\.\.)\[\d+\]\s*", re.MULTILINE)


@dataclass
class Fixture:
    name: str
    category: str
    mode: str
    expected: str
    csl: str
    items: list[dict[str, object]]
    citations: list[CslCitation]
    skip: str = ""


@dataclass
class Outcome:
    name: str
    category: str
    status: str  # "passed" | "failed" | "skipped"
    detail: str = ""
    expected: str = ""
    actual: str = ""


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def names(self, status: str) -> set[str]:
        return {o.name for o in self.outcomes if o.status == status}

    def table(self) -> str:
        counts: dict[str, Counter[str]] = {}
        for outcome in self.outcomes:
            counts.setdefault(outcome.category, Counter())[outcome.status] += 1
        lines = [f"{'category':<16}{'passed':>8}{'failed':>8}{'skipped':>9}"]
        total: Counter[str] = Counter()
        for category in sorted(counts):
            c = counts[category]
            total.update(c)
            lines.append(f"{category:<16}{c['passed']:>8}{c['failed']:>8}{c['skipped']:>9}")
        lines.append(f"{'(all)':<16}{total['passed']:>8}{total['failed']:>8}{total['skipped']:>9}")
        return "\n".join(lines)


def _cite(data: dict[str, object]) -> CslCite:
    label = str(data.get("label", "") or "")
    return CslCite(
        key=str(data["id"]),
        prefix=str(data.get("prefix", "") or ""),
        locator=str(data.get("locator", "") or ""),
        locator_label=label.replace("sub-verbo", "sub verbo") if data.get("locator") else "",
        suffix=str(data.get("suffix", "") or ""),
    )


def _from_items(groups: list[list[dict[str, object]]], note: bool) -> list[CslCitation]:
    return [
        CslCitation(f"c{number}", tuple(_cite(cite) for cite in group), in_note=note)
        for number, group in enumerate(groups, start=1)
    ]


def _from_citations(entries: list[object], note: bool) -> tuple[list[CslCitation], str]:
    """The CITATIONS section's citations (later ones replace earlier ones of the same id)."""
    data = [entry[0] if isinstance(entry, list) else entry for entry in entries]
    kept: list[dict[str, object]] = []
    for index, citation in enumerate(data):
        assert isinstance(citation, dict)
        later = {str(c.get("citationID")) for c in data[index + 1 :] if isinstance(c, dict)}
        if citation.get("citationID") is None or str(citation["citationID"]) not in later:
            kept.append(citation)
    numbers = []
    for citation in kept:
        properties = citation.get("properties") or {}
        assert isinstance(properties, dict)
        numbers.append(int(properties.get("noteIndex", 0) or 0))
    in_order = numbers == list(range(1, len(kept) + 1))
    if not in_order and not (not note and not any(numbers)):
        return [], f"CITATIONS with note numbers {numbers}, not 1, 2, 3... in order"
    groups = []
    for citation in kept:
        items = citation.get("citationItems", [])
        assert isinstance(items, list)
        groups.append(items)
    return _from_items(groups, note), ""


def read_fixture(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8-sig")
    sections = dict(_SECTION_RE.findall(text))
    name = path.stem
    category = name.split("_", 1)[0]
    if not {"MODE", "RESULT", "CSL", "INPUT"} <= sections.keys():
        return Fixture(name, category, "", "", "", [], [], skip="sections cannot be read")
    mode = sections["MODE"].strip()
    csl = sections["CSL"].strip()
    note = bool(re.search(r'<style[^>]*\bclass="note"', csl))
    items = json.loads(sections["INPUT"])
    for number, item in enumerate(items, start=1):
        item.setdefault("id", f"ITEM-{number}")  # as citeproc numbers items without an id
    fixture = Fixture(name, category, mode, sections["RESULT"], csl, items, [])
    unsupported = [s for s in _UNSUPPORTED_SECTIONS if s in sections]
    if unsupported:
        fixture.skip = f"a {unsupported[0]} section"
        return fixture
    if "CITATIONS" in sections:
        fixture.citations, fixture.skip = _from_citations(json.loads(sections["CITATIONS"]), note)
        fixture.expected = _CITATION_NUMBER_RE.sub("", fixture.expected)
    elif "CITATION-ITEMS" in sections:
        groups = json.loads(sections["CITATION-ITEMS"])
        if any("position" in c or "near-note" in c for group in groups for c in group):
            fixture.skip = "a cite with a forced position"
        elif any(
            "<" in str(c.get(affix, "")) for group in groups for c in group
            for affix in ("prefix", "suffix")
        ):  # fmt: skip
            fixture.skip = "a prefix or suffix with markup (the engine takes plain text)"
        fixture.citations = _from_items(groups, note)
    elif mode == "citation":
        fixture.citations = _from_items([[{"id": item["id"]} for item in items]], note)
    else:
        fixture.citations = _from_items([[{"id": item["id"]}] for item in items], note)
    if mode not in ("citation", "bibliography"):
        fixture.skip = f"mode {mode!r}"
    return fixture


_TAG_MAP = (
    (re.compile(r"<i>"), "<em>"),
    (re.compile(r"</i>"), "</em>"),
    (re.compile(r"<b>"), "<strong>"),
    (re.compile(r"</b>"), "</strong>"),
    (re.compile(r'<span style="font-variant:\s*small-caps;?">'), '<span class="smallcaps">'),
    (re.compile(r'<span style="vertical-align:\s*sup;?">'), "<sup>"),
    (re.compile(r'<span style="vertical-align:\s*sub;?">'), "<sub>"),
    (re.compile(r'<span style="baseline">'), "<span>"),
    (
        re.compile(r'<span style="font-(?:style|variant|weight):\s*normal;?">'),
        '<span class="nodecoration">',
    ),
    (re.compile(r'<span class="nocase">'), "<span>"),
    (re.compile(r"</?a\b[^>]*>"), ""),
)
_SPAN_RE = re.compile(r"<span\b[^>]*>|</span>|</?sup>|</?sub>")
_DIV_SPACE_RE = re.compile(r"\s*(</?div\b[^>]*>)\s*")


def _drop_bare_spans(text: str) -> str:
    """Remove ``<span>`` without attributes and its matching end tag."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _SPAN_RE.finditer(text):
        out.append(text[position : match.start()])
        tag = match.group(0)
        position = match.end()
        if tag.startswith("</"):
            closing = stack.pop() if stack else tag
            out.append("" if closing == "" else tag)
        else:
            bare = tag == "<span>"
            stack.append("" if bare else tag)
            out.append("" if bare else tag)
    out.append(text[position:])
    return "".join(out)


def normalise(text: str) -> str:
    """The one form both the suite's expected text and Pandoc's HTML are compared in."""
    for pattern, replacement in _TAG_MAP:
        text = pattern.sub(replacement, text)
    text = _drop_bare_spans(text)
    text = html.unescape(text)
    text = _DIV_SPACE_RE.sub(r"\1", text)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.strip().splitlines())


def _bibliography(entries: Iterable[str]) -> str:
    body = "".join(f'<div class="csl-entry">{entry}</div>' for entry in entries)
    return f'<div class="csl-bib-body">{body}</div>'


def run_fixture(fixture: Fixture, pandoc: Pandoc) -> Outcome:
    if fixture.skip:
        return Outcome(fixture.name, fixture.category, "skipped", fixture.skip)
    with tempfile.TemporaryDirectory(prefix="livingreview-suite-") as folder:
        csl = Path(folder) / "style.csl"
        csl.write_text(fixture.csl, encoding="utf-8")
        try:
            style = resolve_style(str(csl), Path(folder))
            result = render(
                pandoc,
                style,
                "",
                fixture.items,
                fixture.citations,
                link_bibliography=False,
                link_citations=False,
            )
        except CslUnavailable as error:
            return Outcome(fixture.name, fixture.category, "failed", str(error))
    if fixture.mode == "citation":
        actual = "\n".join(result.citations.get(c.id, "") for c in fixture.citations)
    else:
        actual = _bibliography(result.entries[key] for key in result.order)
    expected, got = normalise(fixture.expected), normalise(actual)
    status = "passed" if expected == got else "failed"
    return Outcome(fixture.name, fixture.category, status, "", expected, got)


def _run_one(arguments: tuple[Path, Pandoc]) -> Outcome:
    path, pandoc = arguments
    try:
        return run_fixture(read_fixture(path), pandoc)
    except Exception as error:  # a fixture the runner cannot read counts, never crashes the run
        return Outcome(
            path.stem, path.stem.split("_", 1)[0], "failed", f"{type(error).__name__}: {error}"
        )


def run_suite(pandoc: Pandoc, patterns: list[str], jobs: int = 2) -> Summary:
    paths = sorted(SUITE.glob("*.txt"))
    if patterns:
        paths = [p for p in paths if any(pattern in p.name for pattern in patterns)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(_run_one, [(path, pandoc) for path in paths], chunksize=8))
    return Summary(outcomes)


def recorded() -> tuple[str, set[str]]:
    """The Pandoc version the passing list was recorded with, and the list."""
    lines = PASSING.read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("# Pandoc ").strip() if lines else ""
    return version, {line.strip() for line in lines[1:] if line.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*")
    parser.add_argument("--pandoc", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--show", action="store_true")
    arguments = parser.parse_args(argv)
    if not SUITE.is_dir():
        print(f"no CSL test suite at {SUITE}", file=sys.stderr)
        return 1
    pandoc = find_pandoc(arguments.pandoc)
    summary = run_suite(pandoc, arguments.patterns, arguments.jobs)
    if arguments.show:
        for outcome in summary.outcomes:
            if outcome.status == "failed":
                print(f"[FAILED] {outcome.name} {outcome.detail}")
                print(f"  expected: {outcome.expected!r}\n  actual:   {outcome.actual!r}")
    print(f"Pandoc {pandoc.version_text} ({pandoc.path})")
    print(summary.table())
    if arguments.update:
        names = sorted(summary.names("passed"))
        PASSING.write_text(
            f"# Pandoc {pandoc.version_text}\n" + "".join(f"{n}\n" for n in names),
            encoding="utf-8",
        )
        print(f"wrote {len(names)} passing fixtures to {PASSING}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
