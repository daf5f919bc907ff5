"""``livingreview check``: validate a review without building it.

It reads the site's configuration as the build does (:mod:`livingreview.cli.config`:
MkDocs' own loader, or Zensical's ``zensical.toml``), then every page
and the ``.bib`` with the same functions the build uses (front matter,
scanner, loader, style), so that the check and the build cannot disagree.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from livingreview.bibliography.files import MissingBibliography, bibliography_files
from livingreview.bibliography.loader import load_bibliography
from livingreview.bibliography.model import Bibliography
from livingreview.bibliography.provenance import missing_provenance
from livingreview.cache.scans import ScanCache
from livingreview.cache.store import load_sources
from livingreview.cache.works import WorkCache
from livingreview.cli.config import ConfigurationError, load_site
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.history.changelog import check_records
from livingreview.markdown.frontmatter import front_matter_problems
from livingreview.markdown.pages import citing_mistakes, split_front_matter, unknown_keys
from livingreview.site.options import missing_pages, site_url_problems, style_problems
from livingreview.site.standalone import nav_pages
from livingreview.styles.apa import ApaStyle, make_work

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class PageStats:
    path: str
    citations: int = 0
    works: Counter[str] = field(default_factory=Counter)


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: list[PageStats] = field(default_factory=list)
    bibliography: Bibliography | None = None

    @property
    def cited(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for page in self.pages:
            total.update(page.works)
        return total

    @property
    def unused(self) -> list[str]:
        if self.bibliography is None:
            return []
        cited = self.cited
        return [
            entry.key
            for lowered, entry in self.bibliography.entries.items()
            if lowered not in cited
        ]

    def summary(self) -> str:
        citations = sum(page.citations for page in self.pages)
        return (
            f"{len(self.pages)} pages, {citations} citations, {len(self.cited)} works cited, "
            f"{len(self.unused)} works unused"
        )


def _style_problems(
    bibliography: Bibliography, bib_display: str, store: WorkCache | None
) -> list[Diagnostic]:
    """What APA formatting would report for each entry, as a build reports
    it; from the build's work cache where it has been worked out before."""
    style = ApaStyle(bib_display)
    for entry in bibliography.entries.values():
        problems = store.problems(entry.key) if store is not None else None
        if problems is None:
            work = (store.work(entry) if store is not None else None) or make_work(entry)
            problems = style.problems(work)
            if store is not None:
                store.add_problems(entry.key, problems)
        for code, message in problems:
            style.warn(entry, code, message)
    return style.diagnostics


def check(config_file: Path) -> CheckResult:
    config = load_site(config_file)
    options = config.options
    root = config_file.resolve().parent
    result = CheckResult()
    try:
        displays = bibliography_files(options["bibliography"])
    except ValueError as problem:
        raise ConfigurationError(f"{config_file}: {problem}") from None
    bib_display = displays[0]
    # The build's on-disk cache (None when turned off): an unchanged .bib is
    # not parsed again, an unchanged page not scanned again.
    cache_dir = root / options.get("cache_dir", ".cache/livingreview")
    cache = cache_dir if options.get("cache") else None
    try:
        bibliography = load_sources(root, displays, cache)
    except MissingBibliography as missing:
        bibliography = load_bibliography(root / missing.display, missing.display)
    store = WorkCache.open(cache, bibliography)
    result.bibliography = bibliography
    result.diagnostics.extend(bibliography.diagnostics)
    result.diagnostics.extend(
        missing_provenance(bibliography, options.get("provenance_field") or "")
    )

    scans = ScanCache(cache)
    docs_dir = Path(config.docs_dir)
    in_nav = None if config.nav is None else set(nav_pages(config.nav))
    uris: list[str] = []  # every page, relative to docs_dir
    for file in sorted(docs_dir.rglob("*")):
        if file.suffix.lower() not in MARKDOWN_SUFFIXES or not file.is_file():
            continue
        uri = file.relative_to(docs_dir).as_posix()
        uris.append(uri)
        display = Path(os.path.relpath(file, root)).as_posix()
        try:
            source = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            result.diagnostics.append(
                Diagnostic(
                    display,
                    0,
                    0,
                    Severity.ERROR,
                    "page-encoding",
                    "the page is not UTF-8; save it as UTF-8",
                )
            )
            continue
        source = source.replace("\r\n", "\n").replace("\r", "\n")
        page = split_front_matter(source, display)
        result.diagnostics.extend(page.diagnostics)
        result.diagnostics.extend(
            front_matter_problems(source, page, display, options.get("front_matter_keys", []))
        )
        citations = scans.scan(page.body)
        result.diagnostics.extend(
            unknown_keys(
                citations, page.body, bibliography, display, page.line_offset, Severity.ERROR
            )
        )
        result.diagnostics.extend(
            citing_mistakes(
                page.body, bibliography.__contains__, display, page.line_offset, scans.mistakes
            )
        )
        stats = PageStats(display, citations=len(citations))
        for citation in citations:
            for key in citation.keys:
                if key in bibliography:
                    stats.works[key.lower()] += 1
        result.pages.append(stats)
        if in_nav is not None and uri not in in_nav:
            result.diagnostics.append(
                Diagnostic(
                    display,
                    0,
                    0,
                    Severity.WARNING,
                    "not-in-nav",
                    f"page is not in the nav of {config_file.name}; readers cannot reach it",
                )
            )

    scans.save()
    result.diagnostics.extend(missing_pages(config_file, config.docs_dir, options, uris))
    result.diagnostics.extend(site_url_problems(config_file, config.site_url))
    result.diagnostics.extend(check_records(root))  # CITATION.cff against CHANGELOG.md
    result.diagnostics.extend(style_problems(config_file, options))
    if not options.get("csl"):  # a CSL style asks the entries for other fields
        result.diagnostics.extend(_style_problems(bibliography, bib_display, store))
    if store is not None:
        store.save()
    for key in result.unused:
        unused = bibliography.get(key)
        result.diagnostics.append(
            Diagnostic(
                (unused.path if unused else "") or bib_display,
                unused.line if unused else 0,
                0,
                Severity.WARNING,
                "unused-work",
                f"entry '{key}' is not cited on any page",
            )
        )
    return result
