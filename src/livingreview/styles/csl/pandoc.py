"""Which Pandoc renders CSL styles: found once per process, version checked.

Pandoc has rendered CSL with its built-in citeproc since 2.11, which is the
minimum accepted. The order of the search is

1. the path the user gave (the ``pandoc`` option), used whatever else exists;
2. the binary that the PyPI package ``pypandoc-binary`` ships (the ``csl``
   extra, Pandoc 3.9 with pypandoc-binary 1.17), located from the package's
   folder without importing it;
3. ``pandoc`` on PATH, if it is 2.11 or later.

The bundled binary comes before PATH because its version is the one the
extra pins and the tests' golden HTML was recorded with, and because the
Pandoc usually on PATH, Debian's 2.17, renders today's styles worse: it
drops chapter labels in APA and Chicago ("2022, 4" for "2022, Chapter 4"),
ignores Chicago's ``page-range-format`` ("203–205" for "203–5"), writes
names in display order in Vancouver ("Maren Lindqvist" for "Lindqvist M")
and nests links in Chicago notes. 2.17 is faster on APA (2.2 s against
5.6 s for 300 items and 1,300 citations) but slower on Chicago author-date
(10.7 s against 6.3 s); see :mod:`livingreview.styles.csl.engine`.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MINIMUM = (2, 11)
_VERSION_RE = re.compile(r"^\S+\s+(\d+(?:\.\d+)*)")
_INSTALL = (
    "install it with pip install 'livingreview[csl]' (which brings Pandoc), or put pandoc on PATH"
)


class CslUnavailable(Exception):  # noqa: N818 (the name the style seam uses)
    """What a CSL style needs is missing; ``str(e)`` says what, and what to do."""


@dataclass(frozen=True)
class Pandoc:
    """One runnable Pandoc and its version, e.g. ``(3, 9)``."""

    path: str
    version: tuple[int, ...]

    @property
    def version_text(self) -> str:
        return ".".join(str(part) for part in self.version)


def _minimum_text() -> str:
    return ".".join(str(part) for part in MINIMUM)


def probe(path: str) -> Pandoc | None:
    """The Pandoc at ``path``, or None when it cannot be run or is not Pandoc."""
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION_RE.match(result.stdout)
    if result.returncode != 0 or match is None:
        return None
    return Pandoc(path, tuple(int(part) for part in match.group(1).split(".")))


def bundled_path() -> str:
    """The pandoc that ``pypandoc-binary`` ships, or "" when it is not installed."""
    try:
        spec = importlib.util.find_spec("pypandoc")
    except (ImportError, ValueError):
        return ""
    if spec is None or spec.origin is None:
        return ""
    files = Path(spec.origin).parent / "files"
    for name in ("pandoc", "pandoc.exe"):
        if (files / name).is_file():
            return str(files / name)
    return ""


def _too_old(found: Pandoc) -> str:
    return (
        f"livingreview: the 'csl' option needs Pandoc {_minimum_text()} or later, "
        f"and the one found ({found.path}) is {found.version_text}; {_INSTALL}"
    )


@functools.cache
def find_pandoc(explicit: str = "") -> Pandoc:
    """The Pandoc to render CSL with (see the module's docstring for the order)."""
    if explicit:
        given = probe(explicit)
        if given is None:
            raise CslUnavailable(
                f"livingreview: the Pandoc given ({explicit}) cannot be run; give the path "
                f"of a pandoc executable, {_minimum_text()} or later, or leave the option out"
            )
        if given.version < MINIMUM:
            raise CslUnavailable(_too_old(given))
        return given
    too_old: Pandoc | None = None
    for path in (bundled_path(), shutil.which("pandoc") or ""):
        found = probe(path) if path and os.path.exists(path) else None
        if found is None:
            continue
        if found.version >= MINIMUM:
            return found
        too_old = too_old or found
    if too_old is not None:
        raise CslUnavailable(_too_old(too_old))
    raise CslUnavailable(
        f"livingreview: the 'csl' option needs Pandoc {_minimum_text()} or later, "
        f"and none was found; {_INSTALL}"
    )


@functools.cache
def api_version(pandoc: Pandoc) -> list[int]:
    """The pandoc-api-version that this Pandoc's JSON reader expects."""
    try:
        result = subprocess.run(
            [pandoc.path, "-f", "markdown", "-t", "json"],
            input="",
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        version = json.loads(result.stdout)["pandoc-api-version"]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
        raise CslUnavailable(
            f"livingreview: Pandoc ({pandoc.path}) did not answer as Pandoc does: {error}"
        ) from None
    return [int(part) for part in version]
