"""How to cite the review: one version of it, or one of its chapters.

Made from ``CITATION.cff`` (title, authors, url, doi) and the latest release
of the history (version and date; ``CITATION.cff``'s own ``version`` and
``date-released`` stand in when there is no history), as APA 7 text, a
BibTeX entry and an RIS record. Plain text here; the site escapes it.

APA 7 has no rule of its own for a living review. The reference follows
the pattern APA 7 gives for versioned works, software (section 10.10) and
data sets (10.9): ``Author. (Year). *Title* (Version 1.2). URL``, without
the bracketed description ("[Computer software]", "[Data set]"), which
would misdescribe a review; the DOI, when there is one, replaces the URL
(9.34). No retrieval date: APA adds one only for a work that is designed
to change and not archived (9.16), and each version is citable by its
number. A chapter is cited as a part of the version, in the pattern of a
chapter in a book (10.3) without editors, since the chapter's authors are
the review's: ``Author. (Year). Chapter. In *Title* (Version 1.2). URL``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from livingreview.bibliography.model import NameParts
from livingreview.history.changes import Release
from livingreview.styles.apa import Name, make_name

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_BIBTEX_SPECIAL_RE = re.compile(r"([&%$#_])")
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


@dataclass(frozen=True)
class Author:
    """An author of ``CITATION.cff``: a person's parts, or an entity's name."""

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    name: str = ""  # an entity (a group, an organisation)

    @property
    def shown(self) -> str:
        """The name as written for readers: "Given particle Family suffix"."""
        if not self.family:
            return self.name
        return " ".join(
            part for part in (self.given, self.particle, self.family, self.suffix) if part
        )

    def apa(self) -> Name:
        if not self.family:
            return Name(self.name, corporate=True)
        return make_name(
            NameParts(
                first=tuple(self.given.split()),
                prelast=tuple(self.particle.split()),
                last=(self.family,),
                lineage=tuple(self.suffix.split()),
            )
        )

    def bibtex(self) -> str:
        """``von Family, Jr, Given``; an entity in braces, never split."""
        if not self.family:
            return "{" + _bibtex_text(self.name) + "}"
        family = " ".join(part for part in (self.particle, self.family) if part)
        parts = [family, self.suffix, self.given] if self.suffix else [family, self.given]
        return ", ".join(_bibtex_text(part) for part in parts if part)

    def ris(self) -> str:
        """``Family, Given, Suffix`` (RIS's order); an entity as it is."""
        if not self.family:
            return self.name
        family = " ".join(part for part in (self.particle, self.family) if part)
        return ", ".join(part for part in (family, self.given, self.suffix) if part)


@dataclass(frozen=True)
class ReviewCitation:
    title: str
    authors: list[Author] = field(default_factory=list)
    version: str = ""
    date: str = ""  # YYYY-MM-DD, or "" when unknown
    url: str = ""
    doi: str = ""

    @property
    def year(self) -> str:
        match = _DATE_RE.match(self.date)
        return match.group(1) if match else "n.d."

    @property
    def link(self) -> str:
        """Where a reader finds it: the DOI's address, else the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def authors(citation: dict[str, Any]) -> list[Author]:
    found: list[Author] = []
    listed = citation.get("authors")
    for author in listed if isinstance(listed, list) else []:
        if not isinstance(author, dict):
            continue
        person = Author(
            _text(author.get("given-names")),
            _text(author.get("name-particle")),
            _text(author.get("family-names")),
            _text(author.get("name-suffix")),
            _text(author.get("name")),
        )
        if person.family or person.name:
            found.append(person)
    return found


def review_citation(
    citation: dict[str, Any], latest: Release | None, title: str, site_url: str
) -> ReviewCitation:
    """The review's citation from ``CITATION.cff`` (*citation*) and *latest*;
    *title* and *site_url* (the site's) when the file does not say."""
    version = latest.version if latest else _text(citation.get("version"))
    date = latest.date if latest else _text(citation.get("date-released"))
    doi = _DOI_PREFIX_RE.sub("", _text(citation.get("doi")))
    return ReviewCitation(
        _text(citation.get("title")) or title,
        authors(citation),
        version,
        date if _DATE_RE.match(date) else "",
        _text(citation.get("url")) or site_url,
        doi,
    )


def _sentence(text: str) -> str:
    """*text* ending with a full stop (or its own ? or !)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".?!" else text + "."


def apa_authors(names: list[Name]) -> str:
    """APA 7 (9.8): ``A, B, & C.``; the first 19, an ellipsis and the last
    when there are more than 20."""
    inverted = [name.inverted() for name in names]
    if not inverted:
        return ""
    if len(inverted) == 1:
        text = inverted[0]
    elif len(inverted) == 2:
        text = f"{inverted[0]}, & {inverted[1]}"
    elif len(inverted) <= 20:
        text = ", ".join(inverted[:-1]) + ", & " + inverted[-1]
    else:
        text = ", ".join(inverted[:19]) + ", . . . " + inverted[-1]
    return _sentence(text)


@dataclass(frozen=True)
class ApaParts:
    """An APA reference in pieces, so that HTML can italicise the title."""

    before: str  # "Authors. (Year). " or, for a chapter, up to "In "
    title: str  # italic
    after: str  # " (Version 1.2). URL"


def apa(cite: ReviewCitation, chapter: str = "", chapter_url: str = "") -> ApaParts:
    """The APA 7 reference of the version (or of *chapter* in it)."""
    names = apa_authors([author.apa() for author in cite.authors])
    version = f" (Version {cite.version})" if cite.version else ""
    link = (chapter_url or cite.url) if chapter else cite.link
    if not names:  # APA 9.12: the title moves to the author's place
        lead = f"{_sentence(chapter)} In " if chapter else ""
        title = cite.title
        return ApaParts(lead, title, f"{version}. ({cite.year}). {link}".rstrip())
    lead = f"{names} ({cite.year}). "
    if chapter:
        lead += f"{_sentence(chapter)} In "
    return ApaParts(lead, cite.title, f"{version}. {link}".rstrip())


def apa_text(parts: ApaParts) -> str:
    """The reference as plain text, the title between asterisks."""
    return f"{parts.before}*{parts.title}*{parts.after}"


def _bibtex_text(text: str) -> str:
    """*text* safe in a braced BibTeX field: its specials escaped, braces
    and backslashes (which could end the field or start a command) dropped."""
    text = re.sub(r"[{}\\]", "", text)
    return _BIBTEX_SPECIAL_RE.sub(r"\\\1", text).replace("~", r"\textasciitilde{}")


def _bibtex_url(text: str) -> str:
    """A URL in a braced field: only a brace could break it; %-encode them."""
    return text.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def cite_key(cite: ReviewCitation) -> str:
    words = re.findall(r"[a-z0-9]+", cite.title.lower())
    slug = "-".join(words[:4]) or "review"
    return f"{slug}-{cite.version}" if cite.version else slug


def _note(cite: ReviewCitation) -> str:
    if cite.version and cite.date:
        return f"Version {cite.version}, released {cite.date}"
    if cite.version:
        return f"Version {cite.version}"
    return f"Released {cite.date}" if cite.date else ""


def bibtex(cite: ReviewCitation) -> str:
    """A ``@misc`` entry of the version."""
    fields: list[tuple[str, str]] = []
    if cite.authors:
        fields.append(("author", " and ".join(author.bibtex() for author in cite.authors)))
    fields.append(("title", "{" + _bibtex_text(cite.title) + "}"))  # case kept
    match = _DATE_RE.match(cite.date)
    if match:
        fields.append(("year", match.group(1)))
    if cite.version:
        fields.append(("version", _bibtex_text(cite.version)))
    if cite.doi:
        fields.append(("doi", _bibtex_url(cite.doi)))
    if cite.url:
        fields.append(("url", _bibtex_url(cite.url)))
    note = _note(cite)
    if note:
        fields.append(("note", _bibtex_text(note)))
    lines = [f"@misc{{{cite_key(cite)},"]
    for name, value in fields:
        lines.append(f"  {name} = {{{value}}},")
        if name == "year" and match:  # month = mar: BibTeX's macro, no braces
            lines.append(f"  month = {_MONTHS[int(match.group(2)) - 1]},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(cite: ReviewCitation) -> str:
    """An RIS record (``ELEC``, a web page) of the version."""
    tags: list[tuple[str, str]] = [("TY", "ELEC")]
    tags += [("AU", author.ris()) for author in cite.authors]
    tags.append(("TI", cite.title))
    match = _DATE_RE.match(cite.date)
    if match:
        tags += [("PY", match.group(1)), ("DA", cite.date.replace("-", "/"))]
    if cite.version:
        tags.append(("ET", cite.version))  # edition: what Zotero reads as the version
    if cite.doi:
        tags.append(("DO", cite.doi))
    if cite.url:
        tags.append(("UR", cite.url))
    note = _note(cite)
    if note:
        tags.append(("N1", note))
    # One field per line: a line break in a value would start a new tag.
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags]
    return "\n".join([*lines, "ER  - "]) + "\n"
