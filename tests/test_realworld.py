"""Three real, licensed ``.bib`` files (see /work/shared/BIB-QUIRKS.md) read
and formatted whole: nothing raises, every entry that can be cited renders,
no LaTeX is left in the text unless a diagnostic names the entry, and the
diagnostics are counted, so that any change in what the loader makes of
real files is noticed. Skipped where the files are not present.
"""

from __future__ import annotations

import html
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from livingreview.bibliography.loader import load_bibliography
from livingreview.site.library import Library

FOLDER = Path("/work/shared/realworld-bib")

# file: (entries, diagnostics by code)
EXPECTED = {
    "ContextLab__CDL-bibliography__cdl.bib": (
        6315,
        {
            "bib-control-character": 3,  # U+0091–U+0097: cp1252 quotes and dash
            "bib-literal-brace": 3,  # $\{$beta$\}$
            "bib-missing-field": 81,
            "bib-name-order": 24,  # Tulving E, Levelt W J M …
            "bib-unknown-macro": 2,  # \texit (a typo), Str\:{o}sslin
        },
    ),
    "d2l-ai__d2l-en__d2l.bib": (488, {"bib-missing-field": 4}),
    "garretchristensen__BestPracticesManual__Bibliography.bib": (
        241,
        {
            "bib-bad-name": 1,  # \$author.lastName, \$author firstName
            "bib-duplicate-doi": 3,
            "bib-group-author": 2,  # Open Science Collaboration, Strobe Initiative
            "bib-missing-field": 16,  # 2 with no year (keys ending ????), 1 with no author
        },
    ),
}
# What should never reach a reader: LaTeX's backslash, braces, math dollars.
RESIDUE_RE = re.compile(r"[\\{}$]")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_bibliography_loads_and_renders(name: str) -> None:
    file = FOLDER / name
    if not file.is_file():
        pytest.skip(f"{file} is not here")
    entries, codes = EXPECTED[name]
    started = time.perf_counter()
    bibliography = load_bibliography(file, name)
    library = Library(bibliography)
    library.prepare(entry.key for entry in bibliography.entries.values())
    references = {work.key: library.reference(work) for work in library.works()}
    elapsed = time.perf_counter() - started
    diagnostics = bibliography.diagnostics + library.take_diagnostics()

    assert len(bibliography.entries) == entries
    assert sorted(references) == sorted(entry.key for entry in bibliography.entries.values())
    explained = {
        key for key in references for diagnostic in diagnostics if f"'{key}'" in diagnostic.message
    }
    for key, reference in references.items():
        text = html.unescape(re.sub(r"<[^>]+>", "", reference))
        assert text.strip(), key
        assert key in explained or not RESIDUE_RE.search(text), (key, text)
    assert dict(Counter(d.code for d in diagnostics)) == codes
    assert all(d.path == name and d.line > 0 for d in diagnostics)
    assert elapsed < 15  # about 3 s for the largest (6,315 entries) on a laptop
