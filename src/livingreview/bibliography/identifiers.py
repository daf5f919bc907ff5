"""Identifiers read from a ``.bib`` entry's fields the same way by every
style: the first address of a ``url`` field and an arXiv identifier."""

from __future__ import annotations

import re

from livingreview.bibliography.latex import latex_to_text
from livingreview.bibliography.model import BibEntry


def first_url(value: str) -> str:
    """The first address of a ``url`` field (exporters put several), read
    as written: an address is no LaTeX (``~`` is a tilde)."""
    text = re.sub(r"\\url\s*\{([^{}]*)\}", r"\1", value).replace("{", "").replace("}", "")
    words = text.replace("\\%", "%").replace("\\_", "_").replace("\\&", "&").split()
    for word in words:
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|www\.", word):
            return word
    return words[0] if words else ""


def arxiv_id(entry: BibEntry) -> str:
    prefix = (entry.field("archiveprefix") or entry.field("eprinttype")).lower()
    eprint = latex_to_text(entry.field("eprint")).strip()
    if eprint and prefix == "arxiv":
        return re.sub(r"^arxiv:", "", eprint, flags=re.IGNORECASE)
    return ""
