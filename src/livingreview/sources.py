"""Which ``.bib`` files a site uses, and loading them (one or several).

The plugin's ``bibliography`` option is a path or, like Pandoc's
``bibliography:``, a list of paths, relative to ``mkdocs.yml``. Shared by the
build and ``livingreview check``.
"""

from __future__ import annotations

from pathlib import Path

from livingreview.bibliography import Bibliography, load_bibliographies, load_bibliography
from livingreview.cache import load_cached


class MissingBibliography(FileNotFoundError):  # noqa: N818 (reads as what happened)
    """A ``.bib`` file named in ``mkdocs.yml`` does not exist."""

    def __init__(self, display: str) -> None:
        super().__init__(display)
        self.display = display


def bibliography_files(option: object) -> list[str]:
    """The ``bibliography`` option as a list of paths."""
    paths = [option] if isinstance(option, str) else option
    if (
        not isinstance(paths, list)
        or not paths
        or not all(isinstance(path, str) and path.strip() for path in paths)
    ):
        raise ValueError(
            "the 'bibliography' option must be a path to a .bib file, or a list of "
            "paths, relative to mkdocs.yml"
        )
    return [path.strip() for path in paths]


def load_sources(root: Path, displays: list[str], cache_dir: Path | None) -> Bibliography:
    """Load the site's ``.bib`` files, through the on-disk cache if given.

    Several files are read in order, so that ``@string`` abbreviations of
    one file serve the next (see :func:`load_bibliographies`).
    """
    files = [(root / display, display) for display in displays]
    for path, display in files:
        if not path.is_file():
            raise MissingBibliography(display)
    if cache_dir is not None:
        return load_cached(files, cache_dir)
    if len(files) > 1:
        return load_bibliographies(files)
    return load_bibliography(*files[0])
