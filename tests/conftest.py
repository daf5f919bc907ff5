"""Build small sample sites with MkDocs itself and look at what came out."""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

BIB = r"""
@article{bryson2006,
  author  = {Bryson, John M. and Crosby, Barbara C. and Stone, Melissa Middleton},
  title   = {The Design and Implementation of Cross-Sector Collaborations:
             Propositions from the Literature},
  journal = {Public Administration Review},
  volume  = {66}, number = {s1}, pages = {44--55}, year = {2006},
  doi     = {10.1111/j.1540-6210.2006.00665.x}
}
@book{putnam2000,
  author    = {Putnam, Robert D.},
  title     = {Bowling Alone: The Collapse and Revival of {American} Community},
  publisher = {Simon \& Schuster}, address = {New York}, year = {2000}
}
@article{kania2011,
  author  = {Kania, John and Kramer, Mark},
  title   = {Collective Impact},
  journal = {Stanford Social Innovation Review},
  volume  = {9}, number = {1}, pages = {36--41}, year = {2011},
  url     = {https://ssir.org/articles/entry/collective_impact}
}
@book{austin2000,
  author    = {Austin, James E.},
  title     = {The Collaboration Challenge: How Nonprofits and Businesses
               Succeed through Strategic Alliances},
  publisher = {Jossey-Bass}, year = {2000}
}
@article{hodge2007,
  author  = {Hodge, Graeme A. and Greve, Carsten},
  title   = {Public--Private Partnerships: An International Performance Review},
  journal = {Public Administration Review},
  volume  = {67}, number = {3}, pages = {545--558}, year = {2007}
}
@book{rasche2010,
  editor    = {Rasche, Andreas and Kell, Georg},
  title     = {The {United Nations Global Compact}: Achievements, Trends and Challenges},
  publisher = {Cambridge University Press}, year = {2010}
}
@book{freeman1984,
  author = {Freeman, R. Edward},
  title = {Strategic Management: A Stakeholder Approach},
  publisher = {Pitman}, year = {1984}
}
@misc{doe:2018,
  author = {Doe, Jane}, title = {A Key with a Colon}, year = {2018},
  howpublished = {Working paper}
}
@misc{Smith.2020,
  author = {Smith, Ann}, title = {A Key with a Dot}, year = {2020},
  howpublished = {Working paper}
}
"""


@dataclass
class Site:
    root: Path
    warnings: list[str]

    def html(self, page: str = "index.md") -> str:
        """The HTML of a page's article (``chapter.md`` → ``chapter/index.html``)."""
        stem = page.removesuffix(".md")
        target = "index.html" if stem == "index" else f"{stem}/index.html"
        text = (self.root / "site" / target).read_text(encoding="utf-8")
        match = re.search(r"<body>(.*)</body>", text, re.DOTALL)
        return match.group(1) if match else text

    def citations(self, page: str = "index.md") -> list[str]:
        """Each ``<span class="citation">`` of a page, in order."""
        return re.findall(
            r'<span class="citation[^"]*" data-cites="[^"]*">.*?\)</span>|'
            r'<span class="citation[^"]*" data-cites="[^"]*">.*?</a></span>|'
            r'<span class="citation[^"]*" data-cites="[^"]*"><strong[^>]*>[^<]*</strong></span>',
            self.html(page),
        )

    def references(self, page: str = "index.md") -> list[str]:
        """The text of each entry in the page's reference list (without its
        "↩" links back to the citations, which tests/test_backlinks.py checks)."""
        return [
            re.sub(r' <span class="csl-backlinks">.*?</span>$', "", entry)
            for entry in re.findall(
                r'<div id="ref-[^"]*" class="csl-entry" role="listitem"[^>]*>(.*?)</div>',
                self.html(page),
            )
        ]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[Callable[..., Site]]:
    """Write a site (pages as ``{path: markdown}``) and build it with MkDocs."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)

    def make(
        pages: dict[str, str],
        bib: str | None = BIB,
        plugin_options: str = "bibliography: references.bib",
        extra_config: str = "",
        extra_files: dict[str, str] | None = None,
        other_plugins: tuple[str, ...] = (),
    ) -> Site:
        root = tmp_path
        for name, text in (extra_files or {}).items():
            (root / name).write_text(text, encoding="utf-8")
        for path, text in pages.items():
            file = root / "docs" / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        if bib is not None:
            (root / "references.bib").write_text(bib, encoding="utf-8")
        options = textwrap.indent(plugin_options, " " * 6)
        (root / "mkdocs.yml").write_text(
            "site_name: Test\n"
            + ("" if "theme:" in extra_config else "theme: mkdocs\n")
            + "plugins:\n"
            + "".join(f"  - {name}\n" for name in other_plugins)
            + "  - livingreview:\n"
            f"{options}\n" + extra_config,
            encoding="utf-8",
        )
        handler.messages.clear()
        config = load_config(str(root / "mkdocs.yml"))
        build(config)
        return Site(root, list(handler.messages))

    yield make
    logger.removeHandler(handler)
