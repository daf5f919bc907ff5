"""The citation tables of README.md and CONTRIBUTING.md say what the site shows."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Site

ROOT = Path(__file__).resolve().parent.parent
ROW_RE = re.compile(r"^\| `(?P<markdown>[^`]+)` \| (?P<shown>[^|]+?) \|$", re.MULTILINE)


def rows(document: str) -> list[tuple[str, str]]:
    text = (ROOT / document).read_text(encoding="utf-8")
    found = [
        (match.group("markdown"), match.group("shown").split(" — ")[0].strip())
        for match in ROW_RE.finditer(text)
        if "@" in match.group("markdown")
    ]
    assert len(found) >= 8
    return found


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md"])
def test_citation_table_matches_the_rendered_site(
    make_site: Callable[..., Site], document: str
) -> None:
    examples = rows(document)
    page = "\n\n".join(markdown for markdown, _ in examples) + "\n"
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    site = make_site({"index.md": page}, bib=bib)
    assert site.warnings == []
    paragraphs = re.findall(r"<p>(.*?)</p>", site.html().split('<h2 class="references')[0])
    shown = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs]
    assert shown == [expected for _, expected in examples]


def test_every_diagnostic_code_is_explained_to_editors() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "src").rglob("*.py"))
    codes = set(
        re.findall(
            r'"((?:bib|page|front|unknown|not|unused|placeholder|missing|site)-[a-z-]+)"', source
        )
    )
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert len(codes) >= 20
    assert sorted(code for code in codes if f"`{code}`" not in guide) == []
