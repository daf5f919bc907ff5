"""The MkDocs plugin: thin glue between a site and the citation engine.

It loads the ``.bib`` once per build (and keeps it across ``mkdocs serve``
rebuilds while the file is unchanged), scans every page once so that labels
such as 2000a/2000b are the same site-wide, hands the Markdown extension the
page it is rendering, and turns every problem into an MkDocs warning (which
``mkdocs build --strict`` counts).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from livingreview.bibliography import Bibliography, load_bibliography
from livingreview.cache import load_cached
from livingreview.diagnostics import Diagnostic
from livingreview.extension import CitationExtension, PageContext
from livingreview.library import Library
from livingreview.pages import split_front_matter
from livingreview.scanner import scan

log = logging.getLogger("mkdocs.plugins.livingreview")

# Parsed bibliographies by absolute path, with the file's size and mtime:
# module-level so that they outlive the plugin instance across rebuilds.
_BIBLIOGRAPHY_CACHE: dict[str, tuple[tuple[int, int], Bibliography]] = {}
STYLESHEET = "assets/livingreview/livingreview.css"


class LivingReviewConfig(Config):
    enabled = c.Type(bool, default=True)
    """Whether citations are processed at all."""
    bibliography = c.Type(str, default="references.bib")
    """The ``.bib`` file, relative to ``mkdocs.yml``."""
    bibliography_page = c.Optional(c.Type(str))
    """A page (relative to ``docs/``) that lists every work the site cites."""
    heading = c.Type(str, default="References")
    """The heading of the reference list added to each page that cites."""
    cache = c.Type(bool, default=True)
    """Whether to keep the parsed ``.bib`` on disk between builds."""
    cache_dir = c.Type(str, default=".cache/livingreview")
    """Where that cache lives, relative to ``mkdocs.yml``."""


def _load_cached(path: Path, display: str, cache_dir: Path | None = None) -> Bibliography:
    try:
        stat = path.stat()
    except OSError:
        raise PluginError(
            f"livingreview: bibliography file '{display}' not found; set the "
            "'bibliography' option of the livingreview plugin in mkdocs.yml "
            "to the path of your .bib file, relative to mkdocs.yml"
        ) from None
    signature = (stat.st_mtime_ns, stat.st_size)
    cached = _BIBLIOGRAPHY_CACHE.get(str(path))
    if cached is not None and cached[0] == signature:
        return cached[1]
    if cache_dir is None:
        bibliography = load_bibliography(path, display)
    else:
        bibliography = load_cached(path, display, cache_dir)
    _BIBLIOGRAPHY_CACHE[str(path)] = (signature, bibliography)
    return bibliography


def _front_matter_lines(source: str, markdown: str) -> int:
    """How many lines MkDocs stripped from the top of the page's file."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


class LivingReviewPlugin(BasePlugin[LivingReviewConfig]):
    def __init__(self) -> None:
        self.extension: CitationExtension | None = None
        self.library: Library | None = None
        self.root = Path.cwd()

    def _display_path(self, file: File) -> str:
        """The file's path as an editor reads it: relative to mkdocs.yml."""
        if file.abs_src_path:
            return Path(os.path.relpath(file.abs_src_path, self.root)).as_posix()
        return f"docs/{file.src_uri}"

    def _report(self, diagnostic: Diagnostic) -> None:
        log.warning(str(diagnostic))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.extension = CitationExtension(heading=self.config.heading, report=self._report)
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.extension is None:
            return files
        display = self.config.bibliography
        cache_dir = self.root / self.config.cache_dir if self.config.cache else None
        bibliography = _load_cached(self.root / display, display, cache_dir)
        for diagnostic in bibliography.diagnostics:
            self._report(diagnostic)
        self.library = Library(bibliography)
        self.extension.library = self.library
        keys: list[str] = []
        for file in files.documentation_pages():
            try:
                source = file.content_string
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs itself reports unreadable pages
            page = split_front_matter(source, self._display_path(file))
            for diagnostic in page.diagnostics:
                self._report(diagnostic)
            for citation in scan(page.body):
                keys.extend(citation.keys)
        self.library.prepare(keys)
        stylesheet = (Path(__file__).parent / "assets" / "livingreview.css").read_text(
            encoding="utf-8"
        )
        files.append(File.generated(config, STYLESHEET, content=stylesheet))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.extension is None:
            return markdown
        path = self._display_path(page.file)
        try:
            source = page.file.content_string
        except (OSError, UnicodeDecodeError):
            source = markdown
        self.extension.page = PageContext(
            path=path,
            line_offset=_front_matter_lines(source, markdown),
            full_bibliography=page.file.src_uri == self.config.bibliography_page,
        )
        return markdown

    def on_page_content(self, html: str, /, **kwargs: Any) -> str | None:
        if self.extension is not None:
            self.extension.page = PageContext()
        return html
