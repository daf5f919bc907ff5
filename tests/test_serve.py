"""``mkdocs serve``: a changed ``.bib`` is watched, and read again when it changes."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from livingreview.site.plugin import LivingReviewPlugin
from tests.conftest import Site

MISSING = "[@boin2005] on partnerships.\n"
BIB = "@misc{qqqq9999, author = {Boin, Arjen}, title = {Crisis}, year = 2005}\n"


class FakeServer:
    """Records what a plugin asks ``mkdocs serve`` to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append(path)


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    yield messages
    logging.getLogger("mkdocs").removeHandler(handler)


def _serve(root: Path) -> FakeServer:
    """What the plugin asks to watch after the first build of ``mkdocs serve``."""
    config = load_config(str(root / "mkdocs.yml"))
    build(config)
    plugin = config.plugins["livingreview"]
    assert isinstance(plugin, LivingReviewPlugin)
    server = FakeServer()
    plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    return server


def test_serve_watches_every_bib_file(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "[@putnam2000]\n"},
        plugin_options="bibliography: [strings.bib, references.bib]",
        extra_files={"strings.bib": "@string{ssir = {Stanford Social Innovation Review}}\n"},
    )
    server = _serve(site.root)
    assert server.watched == [str(site.root / "strings.bib"), str(site.root / "references.bib")]


@pytest.mark.parametrize("cache", ["true", "false"])
def test_a_bib_edited_between_two_builds_is_read_again(
    make_site: Callable[..., Site], warnings: list[str], cache: str
) -> None:
    # A same-size edit with the same modification time (saved within one
    # tick of the file system's clock): what a size-and-mtime check misses.
    site = make_site({"index.md": MISSING}, bib=BIB, plugin_options=f"cache: {cache}")
    assert site.warnings == ["docs/index.md:1:2: unknown citation key 'boin2005'"]
    assert '<strong class="citation-unresolved">boin2005?</strong>' in site.html()
    bib = site.root / "references.bib"
    before = bib.stat()
    bib.write_text(BIB.replace("qqqq9999", "boin2005"), encoding="utf-8")
    os.utime(bib, ns=(before.st_atime_ns, before.st_mtime_ns))
    warnings.clear()
    build(load_config(str(site.root / "mkdocs.yml")))  # as `mkdocs serve` rebuilds
    assert warnings == []
    assert site.citations() == [
        '<span class="citation" data-cites="boin2005">(<a href="#ref-boin2005" '
        'id="cite-boin2005" role="doc-biblioref">Boin, 2005</a>)</span>'
    ]
