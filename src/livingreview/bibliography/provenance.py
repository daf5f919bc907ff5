"""The rule that every entry says where its fields were checked.

A review may name a field (the plugin option ``provenance_field``, such as
``verified``) that each entry must carry: the record its fields were taken
from and when. Shared by the build and ``livingreview check``.
"""

from __future__ import annotations

from livingreview.bibliography.model import Bibliography
from livingreview.diagnostics import Diagnostic, Severity


def missing_provenance(bibliography: Bibliography, name: str) -> list[Diagnostic]:
    """A warning, at the entry's line, for each entry without the field *name*
    (none when *name* is empty: the review asks for no such field)."""
    if not name:
        return []
    field = name.lower()
    return [
        Diagnostic(
            entry.path or bibliography.path,
            entry.line,
            0,
            Severity.WARNING,
            "bib-no-provenance",
            f"entry '{entry.key}' has no '{field}' field, which the livingreview option "
            f"'provenance_field' asks of every entry; add {field} = {{RECORD, checked "
            "YYYY-MM-DD}, naming the record its fields were checked against and when",
        )
        for entry in bibliography.entries.values()
        if not entry.field(field)
    ]
