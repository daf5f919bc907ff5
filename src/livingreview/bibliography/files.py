"""Which ``.bib`` files a site uses (one or several).

The plugin's ``bibliography`` option is a path or, like Pandoc's
``bibliography:``, a list of paths, relative to ``mkdocs.yml``. Shared by the
build and ``livingreview check``.
"""

from __future__ import annotations


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
