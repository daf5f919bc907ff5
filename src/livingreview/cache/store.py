"""A persistent cache of parsed ``.bib`` files, so that a fresh build with
unchanged ``.bib`` files skips pybtex.

Entries are stored as JSON (never pickle: a cache file in a repository must
not be able to run code), keyed on the files' bytes, the paths shown in
messages and the package's version and source (:func:`code_stamp`). A cache
file that cannot be read is ignored and rewritten. The key becomes
:attr:`Bibliography.cache_id`, under which :mod:`livingreview.cache.works`
keeps what is formatted from the entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from livingreview import __version__
from livingreview.bibliography.files import MissingBibliography
from livingreview.bibliography.loader import load_bibliographies, load_bibliography, parse_bytes
from livingreview.bibliography.model import BibEntry, Bibliography, NameParts
from livingreview.diagnostics import Diagnostic, Severity

PACKAGE = Path(__file__).resolve().parent.parent  # livingreview/
FORMAT = 5  # raise whenever what the loader reports for the same bytes changes
_NAME_ROLES = ("first", "middle", "prelast", "last", "lineage")
# What parses the .bib (the loader subclasses pybtex's internals) and the hosts
# that may build the site: a cache written under other versions is not read.
_STAMPED_DISTRIBUTIONS = ("pybtex", "mkdocs", "properdocs", "zensical")


def _versions() -> str:
    found: list[str] = []
    for name in _STAMPED_DISTRIBUTIONS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """The package version and a hash of its source, and of the versions of
    pybtex and of each host: what every cache is keyed on besides its input,
    so that changing the code (a contributor's edit to the style, say, or a
    pybtex upgrade) never serves output of the old code."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(_versions().encode())
    try:
        for source in sorted(PACKAGE.rglob("*.py")):
            digest.update(source.relative_to(PACKAGE).as_posix().encode())
            digest.update(source.read_bytes())
    except OSError:
        pass  # the version alone, then
    return f"livingreview {__version__} {digest.hexdigest()[:16]}"


def _key(contents: list[tuple[bytes, str]]) -> str:
    digest = hashlib.sha256(f"{code_stamp()} format {FORMAT}".encode())
    for raw, display in contents:
        for part in (display.encode(), str(len(raw)).encode(), raw):
            digest.update(b"\0")
            digest.update(part)
    return digest.hexdigest()


def _encode(bibliography: Bibliography) -> dict[str, Any]:
    return {
        "path": bibliography.path,
        "entries": [
            {
                "key": entry.key,
                "type": entry.type,
                "fields": entry.fields,
                "persons": {
                    role: [[list(getattr(name, part)) for part in _NAME_ROLES] for name in names]
                    for role, names in entry.persons.items()
                },
                "line": entry.line,
                "path": entry.path,
                "places": entry.places,
                "broken": entry.broken,
            }
            for entry in bibliography.entries.values()
        ],
        "diagnostics": [
            [d.path, d.line, d.column, d.severity.value, d.code, d.message]
            for d in bibliography.diagnostics
        ],
    }


def _decode(data: dict[str, Any]) -> Bibliography:
    bibliography = Bibliography(str(data["path"]))
    for item in data["entries"]:
        persons = {
            str(role): [
                NameParts(*(tuple(str(p) for p in part) for part in name)) for name in names
            ]
            for role, names in item["persons"].items()
        }
        entry = BibEntry(
            key=str(item["key"]),
            type=str(item["type"]),
            fields={str(k): str(v) for k, v in item["fields"].items()},
            persons=persons,
            line=int(item["line"]),
            path=str(item["path"]),
            places={
                str(k): (int(line), int(column)) for k, (line, column) in item["places"].items()
            },
            broken=bool(item["broken"]),
        )
        bibliography.entries[entry.key.lower()] = entry
    for path, line, column, severity, code, message in data["diagnostics"]:
        bibliography.diagnostics.append(
            Diagnostic(
                str(path), int(line), int(column), Severity(severity), str(code), str(message)
            )
        )
    return bibliography


def read_json(source: Path) -> Any:
    """What :func:`write_json` wrote to *source*; ``None`` if nothing readable."""
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged


def write_json(target: Path, data: object) -> None:
    """Write *data* to *target* atomically; a read-only checkout is not an error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # dumps, not dump: json.dump encodes in pure Python, several
            # times slower than dumps' C encoder on a large bibliography.
            out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(temporary, target)
    except OSError:
        pass  # the build goes on, just without the cache


def load_cached(files: list[tuple[Path, str]], cache_dir: Path) -> Bibliography:
    """Parse *files* (``(file, path shown in messages)``, read in order), or
    read the result of an earlier parse of the same bytes."""
    contents = [(file.read_bytes(), display) for file, display in files]
    key = _key(contents)
    prefix = hashlib.sha256("\0".join(d for _, d in contents).encode()).hexdigest()[:12]
    cache_file = cache_dir / f"{prefix}-{key[:40]}.json"
    try:
        bibliography = _decode(read_json(cache_file))
    except (ValueError, KeyError, TypeError):
        # No cache yet, or one that cannot be trusted: parse again.
        if len(contents) == 1:
            bibliography = parse_bytes(*contents[0])
        else:
            bibliography = load_bibliographies(files)
        for stale in cache_dir.glob(f"{prefix}-*.json"):
            stale.unlink(missing_ok=True)
        write_json(cache_file, _encode(bibliography))
    bibliography.cache_id = f"{prefix}-{key[:40]}"
    return bibliography


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
