"""APA 7 author–date style: names, in-text labels, reference entries, order.

The style works on :class:`Work` objects, one per cited ``.bib`` entry, made
once per build. :func:`disambiguate` gives works the same labels on every
page (2000a/2000b, more names where "et al." would collide);
:meth:`ApaStyle.reference` renders an entry of a reference list as HTML.
Where this differs from Pandoc with the APA CSL style, a comment says why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import quote

from livingreview.bibliography.identifiers import arxiv_id, first_url
from livingreview.bibliography.latex import Run, latex_to_text, parse_latex
from livingreview.bibliography.loader import normalise_doi
from livingreview.bibliography.model import BibEntry, NameParts
from livingreview.bibliography.months import MONTHS, normalise_month
from livingreview.bibliography.names import is_others
from livingreview.diagnostics import Diagnostic, Severity
from livingreview.markdown.citations import full_page_ranges
from livingreview.styles.richtext import (
    escape,
    plain,
    runs_to_html,
    sentence_case,
    title_case,
    typographic,
)

# Names shown in a reference entry before APA's ellipsis (9.8: 21+ authors).
MAX_LISTED_AUTHORS = 20

_TYPE_ALIASES = {
    "conference": "inproceedings",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "booklet": "book",
    "manual": "book",
    "collection": "book",
    "proceedings": "book",
    "inbook": "incollection",
}
_KNOWN_TYPES = {
    "article",
    "book",
    "incollection",
    "inproceedings",
    "report",
    "thesis",
    "misc",
    "webpage",
    "unpublished",
}
# Fields APA needs, by (normalised) entry type; "a|b" means either.
_REQUIRED = {
    "article": ("title", "journal|journaltitle"),
    "book": ("title", "publisher|organization|institution"),
    "incollection": ("title", "booktitle", "publisher"),
    "inproceedings": ("title", "booktitle"),
    "report": ("title", "institution|publisher|organization"),
    "thesis": ("title", "school|institution"),
    "misc": ("title",),
    "webpage": ("title",),
    "unpublished": ("title",),
    "preprint": ("title",),
}
# Fields printed as text, besides the title and names: their LaTeX is checked.
_PRINTED_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "organization",
    "school",
    "howpublished",
    "type",
    "note",
)
# Types whose date may be unknown (a web page): "n.d." is then what APA wants.
_UNDATED_TYPES = {"misc", "webpage"}
# A year as APA prints one (an ancient one with its era: 535 BCE), or the
# words it prints instead of one.
_YEAR_RE = re.compile(
    r"(?<!\d)[12]\d{3}(?!\d)|(?<!\d)\d{1,4}\s*(?:B\.?C\.?(?:E\.?)?|C\.?E\.?|A\.?D\.?)(?!\w)"
)
_YEAR_WORDS_RE = re.compile(r"n\.?\s*d\.?|in\s*press|forthcoming", re.IGNORECASE)
# Works set in italics (standalone) rather than roman (part of a whole).
_ITALIC_TITLE_TYPES = {"book", "report", "thesis", "misc", "webpage", "unpublished", "preprint"}
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}
_WORD_ORDINALS = {
    word: number
    for number, word in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
        start=1,
    )
}
# A ``langid`` or ``language`` that says English.
_ENGLISH_RE = re.compile(r"en\b|en[-_]|eng|american|british|australian|canadian")


@dataclass(frozen=True)
class Name:
    """A person or a group, as APA needs it."""

    family: str
    initials: str = ""
    suffix: str = ""
    corporate: bool = False

    def inverted(self) -> str:
        """``Bryson, J. M.``; a group in full; ``Smith, J., Jr.``"""
        if self.corporate or not self.initials:
            return self.family
        text = f"{self.family}, {self.initials}"
        return f"{text}, {self.suffix}" if self.suffix else text

    def direct(self) -> str:
        """``J. M. Bryson``, for the editors of a book a chapter is in."""
        if self.corporate or not self.initials:
            return self.family
        text = f"{self.initials} {self.family}"
        return f"{text}, {self.suffix}" if self.suffix else text

    @cached_property
    def sort_key(self) -> tuple[str, str]:
        # APA 9.47: a group sorts by its first significant word ("The" is not).
        if self.corporate:
            return _sortable(_strip_article(self.family)), ""
        # APA 9.44: a person's family name letter by letter, its particle
        # included and spaces not counted: Denzin, de Onis, Devlin.
        return _sortable(self.family).replace(" ", ""), _sortable(self.initials)


@lru_cache(maxsize=32768)  # names and titles are compared again and again
def _sortable(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w ]+", "", stripped).casefold().strip()


def _initials(given: tuple[str, ...]) -> str:
    """``John Michael`` → ``J. M.``; ``Jean-Paul`` → ``J.-P.``; ``CC`` → ``C. C.``"""
    initials: list[str] = []
    for token in given:
        text = latex_to_text(token).strip()
        if not text:
            continue
        letters = re.sub(r"[^\w-]", "", text)
        if 1 < len(letters) <= 3 and letters.isupper() and "-" not in letters:
            initials.extend(f"{letter}." for letter in letters)  # run-together
            continue
        hyphenated = [part for part in text.split("-") if part]
        pieces = [_first_letter(part) for part in hyphenated]
        initials.append("-".join(f"{piece}." for piece in pieces if piece))
    return " ".join(initials)


def _first_letter(text: str) -> str:
    for char in text:
        if char.isalpha():
            return char.upper()
    return ""


@lru_cache(maxsize=16384)  # the same author recurs across entries
def make_name(person: NameParts) -> Name:
    last = person.last
    given = person.first + person.middle
    family_parts = person.prelast + last
    corporate = not given and len(last) == 1 and last[0].startswith("{")
    family = typographic(latex_to_text(" ".join(family_parts)).strip())
    suffix = latex_to_text(" ".join(person.lineage)).strip()
    return Name(family, _initials(given), suffix, corporate)


def _year_label(entry: BibEntry) -> tuple[str, tuple[int, int]]:
    """The date APA prints, and a sort key: n.d. first, in press last."""
    raw = latex_to_text(entry.field("year") or entry.field("date")[:4]).strip()
    if re.fullmatch(r"in\s*press", raw, re.IGNORECASE):
        return "in press", (2, 0)
    match = re.search(r"\d{4}", raw)
    if match:
        return match.group(0), (1, int(match.group(0)))
    if raw:
        return raw, (1, 0)
    return "n.d.", (0, 0)


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{_ORDINALS.get(number % 10, 'th')}"


@dataclass
class Work:
    """A cited entry with everything APA derives from it."""

    entry: BibEntry
    type: str
    names: list[Name]
    et_al: bool
    editors_as_authors: bool
    year: str
    year_sort: tuple[int, int]
    title: list[Run]
    unknown_macros: list[str] = field(default_factory=list)
    suffix: str = ""  # 2000a, 2000b …
    shown_names: int = 1  # names before "et al." in text, for 3+ names
    first_initials: bool = False  # APA 8.20: "J. L. Brown et al." in text
    _labels: dict[tuple[bool, int], str] = field(default_factory=dict, repr=False, compare=False)

    @cached_property  # read very often (sorting, lookups); the entry never changes
    def key(self) -> str:
        return self.entry.key

    @property
    def year_text(self) -> str:
        """The date of an in-text citation: ``2000a``; for a republished
        work, the original's year first (APA 8.15: ``1900/1953``)."""
        dated = _year_with_suffix(self.year, self.suffix)
        return f"{self.original_year}/{dated}" if self.original_year else dated

    @cached_property
    def original_year(self) -> str:
        """The year a republished or translated work first appeared
        (``origdate`` or ``origyear``), ``""`` when none differs from its own."""
        raw = latex_to_text(self.entry.field("origdate") or self.entry.field("origyear"))
        match = _YEAR_RE.search(raw)
        year = match.group(0) if match else ""
        return "" if year == self.year or self.year_sort[0] != 1 else year

    @cached_property
    def author_key(self) -> tuple[tuple[str, str], ...]:
        """The full author list, for "same authors, same year"."""
        return tuple(name.sort_key for name in self.names) + (
            (("et al", ""),) if self.et_al else ()
        )

    @cached_property
    def sort_key(self) -> tuple[object, ...]:
        if self.names:
            who: tuple[object, ...] = tuple(name.sort_key for name in self.names)
        else:
            who = ((_sortable(_strip_article(plain(self.title))), ""),)
        return (who, self.year_sort, _sortable(_strip_article(plain(self.title))))

    def in_text_names(self, narrative: bool, shown: int | None = None) -> str:
        """The author part of an in-text citation, as HTML."""
        shown = self.shown_names if shown is None else shown
        label = self._labels.get((narrative, shown))
        if label is None:
            label = self._labels[(narrative, shown)] = self._names_html(narrative, shown)
        return label

    def _names_html(self, narrative: bool, shown: int) -> str:
        if not self.names:
            return self._title_as_author()
        conjunction = " and " if narrative else " &amp; "
        families = [escape(name.family) for name in self.names]
        if self.first_initials:
            families[0] = escape(self.names[0].direct())
        if len(families) == 1:
            return families[0] + (" et al." if self.et_al else "")
        if len(families) == 2 and not self.et_al:
            return families[0] + conjunction + families[1]
        if shown >= len(families) and not self.et_al:
            return ", ".join(families[:-1]) + "," + conjunction + families[-1]
        if shown <= 1:
            return f"{families[0]} et al."
        return ", ".join(families[:shown]) + ", et al."

    def _title_as_author(self) -> str:
        # APA 8.14: with no author, the title moves to the author's place,
        # italic for a standalone work and in quotation marks otherwise.
        if self.type in _ITALIC_TITLE_TYPES:
            return runs_to_html(self.title, italic=True)
        return f"“{runs_to_html(self.title)}”"


def _year_with_suffix(year: str, suffix: str) -> str:
    if not suffix:
        return year
    separator = "-" if not year[-1:].isdigit() else ""  # n.d.-a, in press-a
    return f"{year}{separator}{suffix}"


class Message(str):
    """A problem's message, knowing the field it is about (``""``: the entry
    as a whole), so that :meth:`ApaStyle.warn` gives that field's line. A
    ``str``, so that a :data:`Problem` is still a ``(code, message)`` pair."""

    field: str

    def __new__(cls, text: str, field: str = "") -> Message:
        message = super().__new__(cls, text)
        message.field = field
        return message


Problem = tuple[str, str]  # a diagnostic's code and message, before its place is known

# Where the 2000a/2000b letter goes in a reference formatted before the
# site's labels are known (see ApaStyle.reference_template).
_SUFFIX_SLOT = "\ue002"


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def make_work(entry: BibEntry) -> Work:
    entry_type = _TYPE_ALIASES.get(entry.type, entry.type)
    persons = entry.persons
    authors = list(persons.get("author", []))
    editors_as_authors = False
    if not authors and persons.get("editor"):
        authors = list(persons["editor"])
        editors_as_authors = True
    et_al = any(is_others(person) for person in authors)
    names = [make_name(person) for person in authors if not is_others(person)]
    year, year_sort = _year_label(entry)
    title, unknown = parse_latex(entry.field("title"))
    if entry_type not in _KNOWN_TYPES:
        entry_type = "misc"
    if entry_type in ("article", "misc") and arxiv_id(entry) and not entry.field("journal"):
        entry_type = "preprint"  # an arXiv-only article: APA 10.8, a preprint
    return Work(
        entry=entry,
        type=entry_type,
        names=names,
        et_al=et_al,
        editors_as_authors=editors_as_authors,
        year=year,
        year_sort=year_sort,
        title=title,
        unknown_macros=unknown,
    )


def disambiguate(works: list[Work]) -> None:
    """Give the works the labels APA needs to tell them apart (8.18, 8.19).

    First, where "et al." would make different author lists look alike in
    the same year, show as many names as it takes. Then works by the same
    authors in the same year get 2000a, 2000b … in the order of their titles.
    Call it once with every work the site cites, so labels agree on every page.
    """
    for work in works:
        work.suffix = ""
        work.shown_names = 1
        work.first_initials = False
        work._labels.clear()
    _initials_for_namesakes(works)
    groups: dict[tuple[str, str], list[Work]] = {}
    for work in works:
        if len(work.names) >= 3 or (work.et_al and len(work.names) >= 2):
            groups.setdefault((work.in_text_names(False), work.year), []).append(work)
    for group in groups.values():
        for work in group:
            rivals = [other for other in group if other.author_key != work.author_key]
            for shown in range(2, len(work.names) + 1):
                label = work.in_text_names(False, shown)
                if all(label != other.in_text_names(False, shown) for other in rivals):
                    break
            work.shown_names = shown if rivals else 1
    same: dict[tuple[object, ...], list[Work]] = {}
    for work in works:
        same.setdefault((work.author_key or work.sort_key[0], work.year), []).append(work)
    for group in same.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda work: (_sortable(_strip_article(plain(work.title))), work.key))
        for index, work in enumerate(group):
            work.suffix = _letters(index)


def _initials_for_namesakes(works: list[Work]) -> None:
    """APA 8.20: where the first authors of different works share a surname
    but not their initials, every in-text citation of them shows the
    initials ("J. L. Brown et al., 2018; S. C. Brown et al., 2020")."""
    initials: dict[str, set[str]] = {}
    for work in works:
        if work.names and not work.names[0].corporate:
            first = work.names[0]
            initials.setdefault(_sortable(first.family), set()).add(_sortable(first.initials))
    for work in works:
        if work.names and not work.names[0].corporate and work.names[0].initials:
            work.first_initials = len(initials[_sortable(work.names[0].family)]) > 1


def _letters(index: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    text = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text


def sort_works(works: list[Work]) -> list[Work]:
    """APA order (9.44–9.47): by author, then date, then title."""
    return sorted(works, key=lambda work: (work.sort_key, work.suffix, work.key))


def _ensure_period(html_text: str) -> str:
    stripped = re.sub(r"<[^>]+>", "", html_text).rstrip()
    if stripped.endswith((".", "?", "!")):
        return html_text
    return html_text + "."


class ApaStyle:
    """Formats reference entries; collects what it had to leave out."""

    def __init__(self, bib_path: str) -> None:
        self.bib_path = bib_path
        self.diagnostics: list[Diagnostic] = []

    def warn(self, entry: BibEntry, code: str, message: str) -> None:
        """Report a problem with *entry* (with its file and line: the line of
        the field a :class:`Message` is about, else the entry's)."""
        # An entry of one of several files says which.
        path = entry.path or self.bib_path
        line, column = entry.place(message.field) if isinstance(message, Message) else (0, 0)
        if not line:
            line, column = entry.line, 0
        self.diagnostics.append(
            Diagnostic(path, line, column, Severity.WARNING, code, str(message))
        )

    def check(self, work: Work) -> None:
        """Report the :meth:`problems` of one work."""
        for code, message in self.problems(work):
            self.warn(work.entry, code, message)

    def problems(self, work: Work) -> list[Problem]:
        """Missing fields, unknown types and macros of one work, as
        ``(code, message)`` pairs; :meth:`warn` reports each at the place of
        the field it is about, or of the entry. Pure, so that what it finds
        can be kept between builds."""
        entry = work.entry
        found: list[Problem] = []
        if entry.type not in _KNOWN_TYPES and entry.type not in _TYPE_ALIASES:
            found.append(
                (
                    "bib-unknown-type",
                    f"entry '{work.key}' has the type '@{entry.type}', which APA "
                    "formatting does not know; it is printed as @misc",
                )
            )
        if not entry.broken:  # a brace left open: that, not its fields, to fix
            found.extend(_missing_fields(work))
        year_field = "year" if entry.field("year") else "date"
        year = latex_to_text(entry.field(year_field)).strip()
        if year and not _YEAR_RE.search(year) and not _YEAR_WORDS_RE.fullmatch(year):
            found.append(
                (
                    "bib-bad-year",
                    Message(
                        f"entry '{work.key}' has {year_field} = {{{year}}}, which is not a "
                        f"four-digit year; the reference and citations show '{work.year}' "
                        "as its date. Write the year in full (such as 2001), or 'n.d.' "
                        "for a work without a date",
                        year_field,
                    ),
                )
            )
        doi = _doi(work)
        if doi and not _DOI_RE.match(doi):
            found.append(
                (
                    "bib-bad-doi",
                    Message(
                        f"entry '{work.key}' has a DOI that does not start with '10.': "
                        f"'{doi}'; it is not linked",
                        "doi",
                    ),
                )
            )
        url = _url(work)
        if url and not _DOI_RE.match(doi) and not _is_web(url):
            found.append(
                (
                    "bib-unsafe-url",
                    Message(
                        f"entry '{work.key}' has the URL '{url}', which is not an http "
                        "or https address; it is left out of the reference. Give the "
                        "work's address starting with https://, or remove the url field",
                        "url",
                    ),
                )
            )
        unknown: dict[str, str] = {}  # macro → the first field it is in
        for macro in work.unknown_macros:
            unknown.setdefault(macro, "title")
        for name in _PRINTED_FIELDS:
            for macro in parse_latex(entry.field(name))[1]:
                unknown.setdefault(macro, name)
        for role, people in entry.persons.items():
            for person in people:
                for part in person.first + person.middle + person.prelast + person.last:
                    for macro in parse_latex(part)[1]:
                        unknown.setdefault(macro, role)
        for macro, name in unknown.items():
            found.append(
                (
                    "bib-unknown-macro",
                    Message(
                        f"entry '{work.key}' uses the LaTeX macro '{macro}', which "
                        "livingreview does not know; it is left out of the text",
                        name,
                    ),
                )
            )
        return found

    # -- pieces -----------------------------------------------------------
    def _field_html(self, work: Work, *names: str) -> str:
        for name in names:
            value = work.entry.field(name)
            if value:
                return runs_to_html(parse_latex(value)[0])
        return ""

    def _journal_html(self, work: Work) -> str:
        """The journal's name in title case (APA 9.25: ``Nature Medicine``
        from PubMed's ``Nature medicine``), unless the entry says it is in
        another language than English, whose capitals APA keeps as written."""
        runs = parse_latex(work.entry.field("journal") or work.entry.field("journaltitle"))[0]
        return runs_to_html(title_case(runs) if _in_english(work.entry) else runs)

    def _authors_html(self, work: Work) -> str:
        names = [escape(name.inverted()) for name in work.names]
        if not names:
            return ""
        if work.et_al:
            # "and others": APA has no rule; list who is known, then et al.
            text = ", ".join(names) + ", et al."
        elif len(names) == 1:
            text = names[0]
        elif len(names) == 2:
            text = f"{names[0]}, &amp; {names[1]}"
        elif len(names) <= MAX_LISTED_AUTHORS:
            text = ", ".join(names[:-1]) + ", &amp; " + names[-1]
        else:
            # APA 9.8: the first 19, an ellipsis, then the last author.
            text = ", ".join(names[: MAX_LISTED_AUTHORS - 1]) + ", . . . " + names[-1]
        if work.editors_as_authors:
            text += " (Eds.)" if len(work.names) > 1 else " (Ed.)"
        return _ensure_period(text)

    def _title_html(self, work: Work, italic: bool) -> str:
        runs = sentence_case(work.title)
        return runs_to_html(runs, italic=italic)

    def _editors_in(self, work: Work) -> str:
        """``A. Stone & B. Field (Eds.), ``: before the title of the book a
        chapter is in (APA 10.3)."""
        names, label = self._editors(work)
        return f"{names} ({label}), " if names else ""

    def _editors(self, work: Work) -> tuple[str, str]:
        """The editors of a work that has authors, as HTML (``A. Stone &
        B. Field``), and ``Ed.`` or ``Eds.``; ``("", "")`` for none."""
        editors = [
            make_name(person)
            for person in work.entry.persons.get("editor", [])
            if not is_others(person)
        ]
        if not editors or work.editors_as_authors:
            return "", ""
        names = [escape(name.direct()) for name in editors]
        if len(names) == 1:
            text = names[0]
        elif len(names) == 2:
            text = f"{names[0]} &amp; {names[1]}"
        else:
            text = ", ".join(names[:-1]) + ", &amp; " + names[-1]
        return text, "Eds." if len(names) > 1 else "Ed."

    def _edition(self, work: Work) -> str:
        """``2nd ed.`` from ``2``, ``2nd``, ``2.`` or ``second``; anything
        else as written (``20. printing``, ``Revised edition``)."""
        edition = latex_to_text(work.entry.field("edition")).strip()
        if not edition:
            return ""
        match = re.fullmatch(r"(\d+)(?:st|nd|rd|th|\.)?", edition)
        number = int(match.group(1)) if match else _WORD_ORDINALS.get(edition.lower(), 0)
        if number == 1:
            return ""
        return f"{_ordinal(number)} ed." if number else escape(edition)

    def _publication_bits(self, work: Work) -> str:
        """``2nd ed., Vol. 2, pp. 10–20``: what APA puts in parentheses after
        the title of a book (or of the book a chapter is in)."""
        bits = [self._edition(work)]
        volume = latex_to_text(work.entry.field("volume"))
        if volume:
            bits.append(f"Vol. {escape(volume)}")
        pages = self._pages(work)
        if pages:
            label = "pp." if re.search(r"[–,]", pages) else "p."
            bits.append(f"{label} {escape(pages)}")
        return ", ".join(bit for bit in bits if bit)

    def _pages(self, work: Work) -> str:
        pages = latex_to_text(work.entry.field("pages")).strip()
        return full_page_ranges(re.sub(r"\s*(?:-+|–|—)\s*", "–", pages))

    def _publisher(self, work: Work, *names: str) -> str:
        publisher = self._field_html(work, *names)
        authors = {escape(name.family) for name in work.names}
        if publisher and publisher in authors:
            return ""  # APA 9.29: a publisher that is the author is omitted
        return publisher

    def _link(self, work: Work) -> str:
        """The DOI as a link, else the URL if it is http or https.

        Pure: :meth:`check` reports a DOI or URL that cannot be linked.
        """
        doi = _doi(work)
        if _DOI_RE.match(doi):
            address = "https://doi.org/" + quote(doi, safe="/:;()[]._-~+<>#")
            href = "https://doi.org/" + quote(doi, safe="/:;()._-~+")
            return f'<a href="{escape(href)}">{escape(address)}</a>'
        url = _url(work)
        if not url:
            return ""
        if not _is_web(url):
            return ""  # a javascript: or data: address is no place to send a reader
        urldate = work.entry.field("urldate")
        link = f'<a href="{escape(url)}">{escape(url)}</a>'
        if urldate and work.type == "webpage":
            return f"Retrieved {escape(_date(urldate))}, from {link}"
        return link

    # -- entries ----------------------------------------------------------
    def reference_template(self, work: Work) -> str:
        """:meth:`reference` with a slot for the year's letter (2000a), which
        depends on the other works of the site: see :func:`fill_reference`.
        Everything else in a reference depends on the entry alone, so the
        template can be kept between builds."""
        suffix = work.suffix
        work.suffix = _SUFFIX_SLOT
        try:
            return self.reference(work)
        finally:
            work.suffix = suffix

    def reference(self, work: Work) -> str:
        """The HTML of one reference-list entry (without its wrapper)."""
        authors = self._authors_html(work)
        date = f"({escape(self._date_text(work))})."
        title = self._title_html(work, work.type in _ITALIC_TITLE_TYPES)
        title += self._details(work)
        if not authors:
            # APA 9.12: with no author, the title moves to the author position.
            head = f"{_ensure_period(title)} {date}"
        elif title:
            head = f"{authors} {date} {_ensure_period(title)}"
        else:
            head = f"{authors} {date}"
        parts = [head]
        source = self._source(work)
        if source:
            parts.append(_ensure_period(source))
        link = self._link(work)
        if link:
            parts.append(link)
        if work.original_year:
            # APA 9.41: last, after the DOI or URL, with no full stop.
            parts.append(f"(Original work published {escape(work.original_year)})")
        return " ".join(parts)

    def _date_text(self, work: Work) -> str:
        """The year, and for what APA dates more exactly (a web page, a
        magazine or newspaper article: 10.1, 10.16) the month, as given."""
        subtype = work.entry.field("entrysubtype").lower()
        dated = work.type == "webpage" or (
            work.type == "article" and subtype in ("magazine", "newspaper")
        )
        month = normalise_month(work.entry.field("month")) if dated else None
        year = _year_with_suffix(work.year, work.suffix)
        if month and work.year_sort[0] == 1 and work.year_sort[1]:
            return f"{year}, {month}"
        return year

    def _details(self, work: Work) -> str:
        """What APA puts in parentheses or brackets right after a title."""
        entry = work.entry
        unbound = work.type in ("incollection", "inproceedings") and not entry.field("booktitle")
        if work.type == "book" or unbound:
            # APA 10.2: "(K. V. Kukil, Ed.; 2nd ed., Vol. 2)". A chapter
            # without the title of its book (check says so) keeps the book's
            # editors, edition, volume and pages here, as Pandoc prints them.
            editors, label = self._editors(work)
            bits = [f"{editors}, {label}" if editors else "", self._publication_bits(work)]
            inside = "; ".join(bit for bit in bits if bit)
            return f" ({inside})" if inside else ""
        if work.type == "report":
            number = escape(latex_to_text(entry.field("number")))
            kind = escape(latex_to_text(entry.field("type")))
            if number and kind:
                return f" ({kind} {number})"
            if number:
                return f" (Report No. {number})"
            return ""
        if work.type == "thesis":
            kind = latex_to_text(entry.field("type"))
            if not kind:
                kind = (
                    "Master’s thesis"
                    if entry.type == "mastersthesis"
                    else ("Doctoral dissertation")
                )
            school = self._field_html(work, "school", "institution")
            return f" [{escape(kind)}{', ' + school if school else ''}]"
        if work.type == "unpublished":
            return " [Unpublished manuscript]"
        if work.type == "preprint":
            return f" (arXiv:{escape(arxiv_id(entry))})"
        return ""

    def _source(self, work: Work) -> str:
        """Where the work appeared: journal, book, publisher, site."""
        entry = work.entry
        if work.type == "article":
            journal = self._journal_html(work)
            volume = escape(latex_to_text(entry.field("volume")))
            number = escape(latex_to_text(entry.field("number") or entry.field("issue")))
            pages = escape(self._pages(work))
            article_number = escape(latex_to_text(entry.field("eid")))
            text = f"<em>{journal}</em>" if journal else ""
            if volume:
                text += f", <em>{volume}</em>"
                if number:
                    text += f"({number})"
            elif number:
                text += f", ({number})"
            if pages:
                text += f", {pages}"
            elif article_number:
                text += f", Article {article_number}"
            return text.lstrip(", ")
        if work.type in ("incollection", "inproceedings"):
            booktitle_value = entry.field("booktitle")
            booktitle = runs_to_html(sentence_case(parse_latex(booktitle_value)[0]), italic=True)
            bits = self._publication_bits(work)
            text = ""
            if booktitle_value:
                text = f"In {self._editors_in(work)}{booktitle}"
                if bits:
                    text += f" ({bits})"
            publisher = self._publisher(work, "publisher", "organization")
            if publisher:
                text = f"{_ensure_period(text)} {publisher}" if text else publisher
            return text
        if work.type in ("book", "report"):
            return self._publisher(work, "publisher", "institution", "organization", "school")
        if work.type == "thesis":
            return ""
        if work.type == "preprint":
            return "arXiv"
        return self._publisher(work, "howpublished", "organization", "publisher", "institution")


def _in_english(entry: BibEntry) -> bool:
    """Whether the entry is in English, as far as it says (``langid`` or
    ``language``; none: English)."""
    language = latex_to_text(entry.field("langid") or entry.field("language")).strip().lower()
    return not language or _ENGLISH_RE.match(language) is not None


def _missing_fields(work: Work) -> list[Problem]:
    """The fields APA needs that *work*'s entry lacks, each with what the
    reference shows instead."""
    entry = work.entry
    found: list[Problem] = []
    for required in _REQUIRED[work.type]:
        if not any(entry.field(name) for name in required.split("|")):
            name = required.split("|")[0]
            found.append(
                (
                    "bib-missing-field",
                    f"entry '{work.key}' (@{entry.type}) lacks the field "
                    f"'{name}', which APA needs; the reference is printed without it",
                )
            )
    if not entry.persons.get("author") and not entry.persons.get("editor"):
        found.append(
            (
                "bib-missing-field",
                f"entry '{work.key}' (@{entry.type}) has neither 'author' nor 'editor', "
                "which APA needs; the title is printed in the author's place, in the "
                "reference and in citations. Add the authors, or an organisation as "
                "author in double braces: author = {{World Health Organization}}",
            )
        )
    if not entry.field("year") and not entry.field("date") and work.type not in _UNDATED_TYPES:
        found.append(
            (
                "bib-missing-field",
                f"entry '{work.key}' (@{entry.type}) lacks the field 'year', which APA "
                "needs; the reference and citations show 'n.d.' (no date) instead. Add "
                "the year, or write year = {n.d.} for a work without a date",
            )
        )
    return found


def fill_reference(template: str, work: Work) -> str:
    """The reference of :meth:`ApaStyle.reference_template`, with *work*'s label."""
    slot = escape(_year_with_suffix(work.year, _SUFFIX_SLOT))
    return template.replace(slot, escape(_year_with_suffix(work.year, work.suffix)))


def _doi(work: Work) -> str:
    """The entry's DOI without ``https://doi.org/`` or ``doi:``; ``""`` if none."""
    doi = normalise_doi(latex_to_text(work.entry.field("doi")))
    return "" if doi.lower() == "null" else doi


def _url(work: Work) -> str:
    """The first address of the ``url`` field (exporters put several)."""
    url = first_url(work.entry.field("url"))
    if url:
        return url
    if work.type == "preprint":
        return f"https://arxiv.org/abs/{arxiv_id(work.entry)}"
    return ""


def _is_web(url: str) -> bool:
    return url.split(":", 1)[0].lower() in ("http", "https") and ":" in url


def _date(value: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", latex_to_text(value).strip())
    if not match:
        return latex_to_text(value).strip()
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return latex_to_text(value).strip()
    return f"{MONTHS[month - 1]} {day}, {year}"
