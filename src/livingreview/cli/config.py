"""Which configuration file a command reads (``-f``, or found as git finds
its repository, in the current folder or the nearest one above it) and what
the commands need from it.

``mkdocs.yml`` and ``properdocs.yml`` are read with MkDocs' own loader, as
the build reads them, and the options are the livingreview plugin's.
``zensical.toml`` is read as the Markdown extension reads it
(:func:`livingreview.site.standalone.parse_config`), and the options are the
extension's, from its ``[project.markdown_extensions.livingreview]`` table;
MkDocs is not needed for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livingreview.site.standalone import CONFIG_ERRORS, parse_config

# In each folder, in this order: MkDocs' names, ProperDocs', then Zensical's.
CONFIG_NAMES = (
    "mkdocs.yml",
    "mkdocs.yaml",
    "properdocs.yml",
    "properdocs.yaml",
    "zensical.toml",
)
EXTENSION = "livingreview"
# The extension's options that check reads, with its defaults (see
# site/extension.py); its cache_dir "" keeps nothing on disk.
_EXTENSION_DEFAULTS: dict[str, Any] = {
    "bibliography": "references.bib",
    "cache_dir": "",
    "front_matter_keys": [],
}


class ConfigurationError(Exception):
    """The site cannot be checked at all (exit code 2)."""


def needs_mkdocs(what: str) -> ConfigurationError:
    """The error of a command that cannot run without MkDocs installed."""
    return ConfigurationError(f"{what} needs MkDocs; install livingreview[mkdocs]")


@dataclass
class SiteConfig:
    """What the commands read from the configuration file."""

    path: Path
    docs_dir: str  # absolute, as MkDocs gives it
    nav: Any  # None when the nav is automatic
    site_url: str | None
    options: dict[str, Any]  # the plugin's (or under Zensical the extension's)


def find_config(start: Path) -> Path | None:
    """The configuration file in *start* or the nearest folder above it,
    stopping at the top of a git repository (a folder with ``.git``) or of
    the file system."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        if (candidate / ".git").exists():
            break
    return None


def config_file(option: str | None) -> Path:
    """The file given with ``-f``, or the one :func:`find_config` finds from
    the current folder (shown relative to it)."""
    if option is not None:
        return Path(option)
    found = find_config(Path.cwd())
    if found is None:
        raise ConfigurationError(
            "no mkdocs.yml (or properdocs.yml, or zensical.toml) in this folder or any "
            "folder above it; run in the review's folder, or give the file with -f PATH"
        )
    return Path(os.path.relpath(found))


def load_site(path: Path) -> SiteConfig:
    """The settings of the site configured in *path*."""
    if not path.is_file():
        raise ConfigurationError(f"{path}: no such file; run in the review's folder")
    if path.suffix == ".toml":
        return _load_toml(path)
    return _load_mkdocs(path)


def _load_mkdocs(path: Path) -> SiteConfig:
    try:
        from mkdocs.config import load_config
    except ImportError:
        raise needs_mkdocs(f"reading {path.name}") from None
    try:
        config = load_config(str(path))
    except Exception as error:  # MkDocs raises several kinds; all mean "fix mkdocs.yml"
        raise ConfigurationError(f"{path}: cannot be read: {error}") from None
    plugin = config.plugins.get(EXTENSION)
    if plugin is None:
        raise ConfigurationError(
            f"{path}: the livingreview plugin is not enabled; add it under 'plugins:'"
        )
    return SiteConfig(path, config.docs_dir, config.nav, config.site_url, dict(plugin.config))


def _extension_options(extensions: Any) -> dict[str, Any] | None:
    """The livingreview extension's options in a ``markdown_extensions``
    setting (a table, or a list of names and one-entry tables)."""
    if isinstance(extensions, dict):
        extensions = [{name: value} for name, value in extensions.items()]
    if not isinstance(extensions, list):
        return None
    for item in extensions:
        if item == EXTENSION:
            return {}
        if isinstance(item, dict) and EXTENSION in item:
            options = item[EXTENSION]
            return dict(options) if isinstance(options, dict) else {}
    return None


def _load_toml(path: Path) -> SiteConfig:
    try:
        settings = parse_config(path)
    except CONFIG_ERRORS as error:
        raise ConfigurationError(f"{path}: cannot be read: {error}") from None
    options = _extension_options(settings.get("markdown_extensions"))
    if options is None:
        raise ConfigurationError(
            f"{path}: the livingreview extension is not enabled; add a "
            "[project.markdown_extensions.livingreview] table with its bibliography option"
        )
    options = {**_EXTENSION_DEFAULTS, **options}
    options["cache"] = bool(options["cache_dir"])
    docs_dir = settings.get("docs_dir")
    docs_dir = docs_dir if isinstance(docs_dir, str) and docs_dir else "docs"
    site_url = settings.get("site_url")
    return SiteConfig(
        path,
        str((path.resolve().parent / docs_dir).resolve()),
        settings.get("nav"),
        site_url if isinstance(site_url, str) else None,
        options,
    )
