"""Which configuration file a command reads: ``-f``, or found as git finds
its repository, in the current folder or the nearest one above it."""

from __future__ import annotations

import os
from pathlib import Path

from livingreview.cli.check import ConfigurationError

# In each folder, in this order: MkDocs' names, then ProperDocs'.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


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
            "no mkdocs.yml (or properdocs.yml) in this folder or any folder above it; "
            "run in the review's folder, or give the file with -f PATH"
        )
    return Path(os.path.relpath(found))
