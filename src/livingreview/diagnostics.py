"""Problems found in a review, each with a place an editor can go to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How bad a problem is. A warning fails ``--strict``; a note never fails
    (something to do before publishing, such as setting ``site_url``)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, how bad, a stable code and what to do.

    *path* is as the user should read it (relative to ``mkdocs.yml`` in a
    build); *line* and *column* are 1-based, 0 when unknown.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def location(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
