"""A persistent cache of parsed ``.bib`` files, so that a fresh build with an
unchanged ``.bib`` skips pybtex.

Entries are stored as JSON (never pickle: a cache file in a repository must
not be able to run code), keyed on the file's bytes, the path shown in
messages and the package version. A cache file that cannot be read is
ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from livingreview import __version__
from livingreview.bibliography import BibEntry, Bibliography, NameParts, parse_bytes
from livingreview.diagnostics import Diagnostic, Severity

FORMAT = 3  # raise whenever what the loader reports for the same bytes changes
_NAME_ROLES = ("first", "middle", "prelast", "last", "lineage")


def _key(raw: bytes, display: str) -> str:
    digest = hashlib.sha256()
    for part in (f"livingreview {__version__} format {FORMAT}", display):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(raw)
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
        )
        bibliography.entries[entry.key.lower()] = entry
    for path, line, column, severity, code, message in data["diagnostics"]:
        bibliography.diagnostics.append(
            Diagnostic(
                str(path), int(line), int(column), Severity(severity), str(code), str(message)
            )
        )
    return bibliography


def load_cached(file: Path, display: str, cache_dir: Path) -> Bibliography:
    """Parse *file*, or read the result of an earlier parse of the same bytes."""
    raw = file.read_bytes()
    key = _key(raw, display)
    prefix = hashlib.sha256(display.encode()).hexdigest()[:12]
    cache_file = cache_dir / f"{prefix}-{key[:40]}.json"
    try:
        return _decode(json.loads(cache_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or one that cannot be trusted: parse again
    bibliography = parse_bytes(raw, display)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"{prefix}-*.json"):
            stale.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(_encode(bibliography), out, ensure_ascii=False)
        os.replace(temporary, cache_file)
    except OSError:
        pass  # a read-only checkout still builds, just without the cache
    return bibliography
