"""Loaded ``.bib`` entries as CSL JSON, the input of every CSL processor.

Our own conversion rather than Pandoc's BibTeX reader: it starts from what
:mod:`~livingreview.bibliography.loader` read and repaired (months in every
form, ``Year = {{2013}}``, author lists separated by ``;``, group authors
without braces, ``and et al.``), so a CSL style shows the same facts as the
APA engine. It follows ``pandoc FILE.bib -t csljson`` (Pandoc's BibLaTeX
reader) everywhere else; ``tests/test_csljson.py`` compares the two field by
field and lists each deliberate difference with its reason.

Text fields become CSL JSON rich text, the HTML subset Pandoc's citeproc
reads: ``\\emph{}`` and ``\\textit{}`` ``<i>``, ``\\textbf{}`` ``<b>``,
``\\textsuperscript{}`` and ``$^2$`` ``<sup>``, ``\\textsubscript{}`` and
``$_2$`` ``<sub>``, and words the ``.bib`` protects with braces
``<span class="nocase">`` (a style's case changes leave them alone). ``<``,
``>`` and ``&`` are written as themselves: Pandoc's citeproc reads no HTML
entities (``&amp;`` would print as ``&amp;``). LaTeX becomes Unicode as
:mod:`~livingreview.bibliography.latex` reads it, with ``'`` as ``’``. Titles of
English works are put in sentence case as Pandoc's reader does (CSL styles
expect them so: APA prints titles as given, Chicago title-cases them).

==========================  ==========================================
CSL JSON                    from the ``.bib``
==========================  ==========================================
``id``                      the key as written
``type``                    the entry type, see ``TYPES`` below
``author``                  ``author``
``editor``                  ``editor`` (``director`` with
                            ``editortype = {director}``)
``translator``              ``translator``
``container-author``        ``bookauthor``
names                       ``family``, ``given``, ``non-dropping-particle``
                            (the lower-case von part, which APA keeps with
                            the family name), ``suffix`` (Jr.); a group
                            author in double braces ``{"literal": …}``;
                            ``and others`` ``{"literal": "others"}``
``title``                   ``title``, ``: subtitle``, ``. titleaddon``
``title-short``             ``shorttitle``, else the title up to its colon
``container-title``         ``booktitle`` (chapters, papers), else
                            ``journaltitle`` or ``journal``
``container-title-short``   ``shortjournal``
``collection-title``        ``series``
``collection-number``       ``number`` of a book or of a part of one
``event-title``             ``eventtitle``
``event-place``             ``venue``
``event-date``              ``eventdate``
``original-title``          ``origtitle``
``issued``                  ``date``, else ``year``/``month``/``day``;
                            ranges, seasons, ``~`` (circa); no date for
                            ``n.d.``; ``year = {in press}`` is ``status``
``accessed``                ``urldate``
``original-date``           ``origdate``, else ``origyear``
``status``                  ``pubstate``, or the year ``in press`` /
                            ``forthcoming``
``volume``                  ``volume`` (``.part``)
``number-of-volumes``       ``volumes``
``issue``                   ``number`` and ``issue`` of an article
``number``                  ``number`` of any other type (a report's);
                            an article's ``eid``; an arXiv preprint's id
``page``                    ``pages``, ranges with ``-`` (citeproc
                            formats them)
``number-of-pages``         ``pagetotal``, else ``numpages``
``chapter-number``          ``chapter``
``edition``, ``version``    ``edition``, ``version``
``publisher``               ``school``, ``institution``,
                            ``organization``, ``howpublished``,
                            ``publisher``, joined with ``;``; ``arXiv``
                            for an arXiv preprint
``publisher-place``         ``address``, else ``location``
``original-publisher``      ``origpublisher``
``genre``                   ``type`` (``phdthesis`` "Doctoral
                            dissertation", ``mathesis`` "Master’s
                            thesis", as the APA engine says them)
``DOI``                     ``doi``, without ``https://doi.org/`` or
                            ``doi:``; none for ``doi = {null}``
``URL``                     the first address of ``url``, else the
                            arXiv, JSTOR or PubMed address of ``eprint``
``ISBN``, ``ISSN``          ``isbn``, ``issn``
``PMID``, ``PMCID``         ``pmid``, ``pmcid``
``note``                    ``note``, ``. addendum``
``language``                ``langid``, ``hyphenation`` or ``language``,
                            as a language tag (``english`` ``en-US``)
==========================  ==========================================

Left out: ``abstract``, ``annote`` and ``keywords`` (no style in use prints
them; an abstract would make the processor's input many times larger).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from livingreview.bibliography.identifiers import arxiv_id, first_url
from livingreview.bibliography.latex import Run, latex_to_text, parse_latex
from livingreview.bibliography.loader import normalise_doi
from livingreview.bibliography.model import BibEntry, NameParts
from livingreview.bibliography.months import MONTHS
from livingreview.bibliography.names import is_others, read_names, starts_lower

TYPES = {
    "article": "article-journal",
    "periodical": "article-journal",
    "suppperiodical": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "manual": "book",
    "commentary": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "unpublished": "manuscript",
    "misc": "document",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "treaty",
    "letter": "personal_communication",
    "letters": "personal_communication",
    "movie": "motion_picture",
    "video": "motion_picture",
    "performance": "speech",
    "review": "review",
    "newsarticle": "article-newspaper",
}
# Entries that are part of a book: their booktitle is the container's title,
# and their number the series'.
_CHAPTERLIKE = frozenset({"inbook", "incollection", "inproceedings", "conference", "inreference"})
_CHAPTERLIKE |= {"bookinbook"}
_BOOKLIKE = (
    frozenset(
        {"book", "collection", "proceedings", "reference", "mvbook", "mvcollection"}
        | {"mvproceedings", "mvreference", "suppbook", "suppcollection"}
    )
    | _CHAPTERLIKE
)
_PERIODICAL = frozenset({"article", "periodical", "suppperiodical", "review"})
# BibLaTeX's keys for a thesis's or report's kind, in the APA engine's words.
_GENRES = {
    "phdthesis": "Doctoral dissertation",
    "mathesis": "Master’s thesis",
    "mastersthesis": "Master’s thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
}
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
}
# babel's language names, as language tags (what Pandoc's reader makes of them).
_LANGUAGES = {
    "english": "en-US",
    "american": "en-US",
    "usenglish": "en-US",
    "british": "en-GB",
    "ukenglish": "en-GB",
    "canadian": "en-CA",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "german": "de-DE",
    "ngerman": "de-DE",
    "austrian": "de-AT",
    "naustrian": "de-AT",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH",
    "french": "fr-FR",
    "francais": "fr-FR",
    "spanish": "es-ES",
    "italian": "it-IT",
    "dutch": "nl-NL",
    "portuguese": "pt-PT",
    "portuges": "pt-PT",
    "brazil": "pt-BR",
    "brazilian": "pt-BR",
    "swedish": "sv-SE",
    "danish": "da-DK",
    "norsk": "nb-NO",
    "norwegian": "nb-NO",
    "nynorsk": "nn-NO",
    "finnish": "fi-FI",
    "polish": "pl-PL",
    "russian": "ru-RU",
    "ukrainian": "uk-UA",
    "czech": "cs-CZ",
    "slovak": "sk-SK",
    "slovene": "sl-SI",
    "croatian": "hr-HR",
    "serbian": "sr-RS",
    "hungarian": "hu-HU",
    "magyar": "hu-HU",
    "romanian": "ro-RO",
    "bulgarian": "bg-BG",
    "greek": "el-GR",
    "turkish": "tr-TR",
    "catalan": "ca-AD",
    "basque": "eu",
    "galician": "gl-ES",
    "icelandic": "is-IS",
    "estonian": "et-EE",
    "latvian": "lv-LV",
    "lithuanian": "lt-LT",
    "hebrew": "he-IL",
    "arabic": "ar",
    "persian": "fa-IR",
    "hindi": "hi-IN",
    "japanese": "ja-JP",
    "chinese": "zh-CN",
    "korean": "ko-KR",
    "vietnamese": "vi-VN",
    "thai": "th-TH",
    "indonesian": "id-ID",
    "latin": "la",
    "afrikaans": "af-ZA",
    "welsh": "cy-GB",
    "irish": "ga-IE",
}
_SEASONS = {"spring": "1", "summer": "2", "fall": "3", "autumn": "3", "winter": "4"}
_MONTH_NUMBERS = {name: index for index, name in enumerate(MONTHS, start=1)}
_YEAR_RE = re.compile(r"(?<!\d)[12]\d{3}(?!\d)")
_STATUS_RE = re.compile(r"in\s*press|forthcoming", re.IGNORECASE)
# An EDTF date as BibLaTeX writes one: 2001, 2001-05, 2001-05-03, 2001~, 2001?
_EDTF_RE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?([~?%]*)")
# What makes a value LaTeX rather than text as it is.
_LATEX_RE = re.compile(r"[\\{}$~`'-]")
# Words, with the apostrophes inside them: ``O’Brien’s`` is one.
_CHUNK_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\s+|.", re.DOTALL)
_WORD_BREAKS = frozenset("-/\u2013\u2014")
# ``J.G.`` → ``J. G.``, as Pandoc reads initials run together.
_INITIALS_RE = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=([^\W\d_])(?![^\W\d_]))")

# States of the sentence-case transformation (citeproc's names).
_START, _START_SENTENCE, _AFTER_WORD_END, _AFTER_WORD_CHAR = range(4)
_AFTER_SENTENCE_END, _BEFORE_LAST_WORD = range(4, 6)


def csl_items(entries: Iterable[BibEntry]) -> list[dict[str, object]]:
    """The CSL JSON items of *entries*, in their order."""
    return [csl_item(entry) for entry in entries]


def csl_item(entry: BibEntry) -> dict[str, object]:
    """One entry as a CSL JSON item (a JSON object, keys as CSL names them)."""
    item: dict[str, object] = {"id": entry.key, "type": csl_type(entry)}
    english = _is_english(entry)
    _add_names(item, entry)
    _add_titles(item, entry, english)
    _add_dates(item, entry)
    _add_numbers(item, entry)
    _add_publisher(item, entry)
    _add_identifiers(item, entry)
    note = _joined(".", [_rich(entry.field("note")), _rich(entry.field("addendum"))])
    _put(item, "note", note)
    _put(item, "genre", _genre(entry))
    _put(item, "language", _language(entry))
    return item


def csl_type(entry: BibEntry) -> str:
    """The CSL type of *entry*: ``TYPES``, ``entrysubtype`` (magazine,
    newspaper), and ``article`` (a preprint) for an arXiv-only article."""
    kind = entry.type
    subtype = entry.field("entrysubtype").lower()
    if kind in _PERIODICAL and kind != "review" and subtype in ("magazine", "newspaper"):
        return f"article-{subtype}"
    if kind in ("article", "misc") and arxiv_id(entry) and not _journal(entry):
        return "article"  # APA 10.8 and Zotero: an arXiv preprint
    if kind == "unpublished" and (entry.field("eventtitle") or entry.field("eventdate")):
        return "speech"
    return TYPES.get(kind, "document")


# -- text ------------------------------------------------------------------


def _put(item: dict[str, object], name: str, value: object) -> None:
    if value:
        item[name] = value


def _rich(value: str, sentence: bool = False) -> str:
    """A LaTeX field as CSL JSON rich text; in sentence case if *sentence*."""
    return _rich_cached(value, sentence) if value else ""


@lru_cache(maxsize=32768)
def _rich_cached(value: str, sentence: bool) -> str:
    return _runs_to_csl(list(_runs(value, sentence))).strip()


@lru_cache(maxsize=32768)
def _runs(value: str, sentence: bool) -> tuple[Run, ...]:
    if _LATEX_RE.search(value):
        runs = [_apostrophes(run) for run in parse_latex(value)[0]]
    else:
        runs = [Run(value)]  # no LaTeX in it: most journals, publishers, numbers
    return tuple(_sentence_case(runs) if sentence else runs)


def _short_title(value: str, sentence: bool) -> str:
    """The title up to its first colon (outside braces and styles), as
    Pandoc's ``title-short``; ``""`` if it has none."""
    runs = list(_runs(value, sentence))
    for index, run in enumerate(runs):
        if not run.protected and not run.styles and ":" in run.text:
            head = Run(run.text.split(":", 1)[0], run.protected, run.styles)
            return _runs_to_csl([*runs[:index], head]).strip()
    return ""


def _apostrophes(run: Run) -> Run:
    """LaTeX's ``'`` is a closing quotation mark or an apostrophe: ``’``."""
    if "'" not in run.text or "code" in run.styles:
        return run
    return Run(run.text.replace("'", "’"), run.protected, run.styles)


_TAGS = (("sup", "sup"), ("sub", "sub"), ("strong", "b"), ("em", "i"))


def _runs_to_csl(runs: list[Run]) -> str:
    parts: list[str] = []
    for run in runs:
        text = run.text
        for style, tag in _TAGS:
            if style in run.styles:
                text = f"<{tag}>{text}</{tag}>"
        if run.protected and any(char.lower() != char.upper() for char in run.text):
            text = f'<span class="nocase">{text}</span>'
        parts.append(text)
    return "".join(parts)


def _plain(value: str) -> str:
    return latex_to_text(value).strip() if value else ""


def _raw(value: str) -> str:
    """A field that is no text (a date), without its braces."""
    return value.replace("{", "").replace("}", "").strip()


def _joined(separator: str, pieces: list[str]) -> str:
    """Pandoc's ``concatWith``: pieces joined by *separator* and a space,
    or by a space alone after a piece ending in punctuation."""
    text = ""
    for piece in pieces:
        if not piece:
            continue
        if not text:
            text = piece
        elif re.sub(r"<[^>]*>", "", text)[-1:] in "!?.,:;":
            text += " " + piece
        else:
            text += f"{separator} {piece}"
    return text


# -- sentence case -----------------------------------------------------------


def _is_capitalised(word: str) -> bool:
    letters = word.replace("'", "").replace("’", "")
    return letters[:1].isupper() and all(char.islower() for char in letters[1:])


def _sentence_word(state: int, word: str) -> str:
    """citeproc's sentence case of one word, in the state before it."""
    starting = state in (_START, _START_SENTENCE)
    if _is_capitalised(word) and not starting:
        return word.lower()
    letters = word.replace("'", "").replace("’", "")
    if starting and (_is_capitalised(word) or all(char.islower() for char in letters)):
        lowered = word.lower()
        return lowered[:1].upper() + lowered[1:]
    return word


def _next_state(state: int, text: str) -> int:
    last = text[-1:]
    if not last:
        return state
    if last in ".?!:":
        return _AFTER_SENTENCE_END
    if last.isalnum():
        return _AFTER_WORD_CHAR
    if last.isspace() and state == _AFTER_SENTENCE_END:
        return _START_SENTENCE
    if last.isspace() or last in _WORD_BREAKS:
        return _AFTER_WORD_END
    return state  # ``(``, ``[``, quotation marks: read through


def _sentence_case(runs: list[Run]) -> list[Run]:
    """Pandoc's reading of an English BibTeX title (its ``unTitlecase``,
    citeproc's sentence case): the first word and the first of each sentence
    capitalised, other capitalised words in lower case; words in braces,
    acronyms, words with inner capitals and sub- and superscripts as
    written. As in citeproc, the title's last word is not a sentence's first."""
    # Where the last word starts: citeproc looks at the last top-level piece.
    last_word = -1
    if runs and not runs[-1].protected and not runs[-1].styles:
        tail = runs[-1].text
        start = max(tail.rfind(" "), tail.rfind("\u00a0")) + 1
        word = tail[start:]
        unbroken = word and not any(char in _WORD_BREAKS for char in word)
        if unbroken and (start > 0 or len(runs) > 1):
            last_word = start
    state = _START
    result: list[Run] = []
    for index, run in enumerate(runs):
        if run.protected or "sup" in run.styles or "sub" in run.styles:
            result.append(run)
            state = _next_state(state, run.text)
            continue
        out: list[str] = []
        position = 0
        for match in _CHUNK_RE.finditer(run.text):
            chunk = match.group()
            at_last = index == len(runs) - 1 and position == last_word
            if at_last and state in (_AFTER_WORD_END, _START_SENTENCE, _START):
                state = _BEFORE_LAST_WORD
            before = state
            state = _next_state(state, chunk)
            out.append(_sentence_word(before, chunk) if chunk[0].isalnum() else chunk)
            position += len(chunk)
        result.append(Run("".join(out), run.protected, run.styles))
    return result


# -- names -------------------------------------------------------------------


def _add_names(item: dict[str, object], entry: BibEntry) -> None:
    roles = {"author": "author", "translator": "translator", "bookauthor": "container-author"}
    editors = "director" if entry.field("editortype").lower() == "director" else "editor"
    roles["editor"] = editors
    for role, variable in roles.items():
        people = entry.persons.get(role)
        if people is None and entry.field(role):
            # The loader reads author and editor; the other roles here, with
            # its repairs (its warnings are about the fields it checks).
            people = read_names(entry.field(role), role, entry.key, lambda code, message: None)
        if people:
            item[variable] = [_name(person) for person in people]
    if editors != "director" and entry.field("director"):
        people = read_names(entry.field("director"), "director", entry.key, lambda c, m: None)
        if people:
            item["director"] = [_name(person) for person in people]


def _spaced(match: re.Match[str]) -> str:
    upper = match.group(1).isupper() and match.group(2).isupper()
    return f"{match.group(1)}. " if upper else match.group(0)


@lru_cache(maxsize=16384)
def _name(person: NameParts) -> dict[str, str]:
    if is_others(person):
        return {"literal": "others"}
    given = person.first + person.middle
    group = len(person.last) == 1 and person.last[0].startswith("{")
    if group and not given and not person.prelast:
        return {"literal": _plain(person.last[0])}  # a group author
    name: dict[str, str] = {}
    family = _plain(" ".join(person.last)).replace("'", "’")
    if family:
        name["family"] = family
    if given:
        name["given"] = _INITIALS_RE.sub(_spaced, _plain(" ".join(given))).replace("'", "’")
    if person.prelast and all(starts_lower(word) for word in person.prelast):
        name["non-dropping-particle"] = _plain(" ".join(person.prelast)).replace("'", "’")
    elif person.prelast:
        # ``Ramón y Cajal``: BibTeX's von part, but a family name in full.
        name["family"] = _plain(" ".join(person.prelast + person.last)).replace("'", "’")
    if person.lineage:
        name["suffix"] = _plain(" ".join(person.lineage))
    return name


# -- titles ------------------------------------------------------------------


def _journal(entry: BibEntry) -> str:
    return entry.field("journaltitle") or entry.field("journal")


def _add_titles(item: dict[str, object], entry: BibEntry, english: bool) -> None:
    def title(name: str) -> str:
        return _rich(entry.field(name), english)

    chapterlike = entry.type in _CHAPTERLIKE
    subtitle, addon = title("subtitle"), title("titleaddon")
    main = title("title")
    _put(item, "title", _joined(".", [_joined(":", [main, subtitle]), addon]))
    short = title("shorttitle")
    if not short and main:
        short = _short_title(entry.field("title"), english) or (main if subtitle or addon else "")
    _put(item, "title-short", short)
    if chapterlike and entry.field("booktitle"):
        container = _joined(
            ".",
            [_joined(":", [title("booktitle"), title("booksubtitle")]), title("booktitleaddon")],
        )
    else:
        container = _joined(":", [_rich(_journal(entry)), _rich(entry.field("journalsubtitle"))])
    _put(item, "container-title", container)
    _put(item, "container-title-short", _rich(entry.field("shortjournal")))
    series = title("series")
    _put(item, "collection-title", series)
    # CSL 1.0.2's name, and 1.0.1's, which older styles (IEEE) read.
    _put(item, "event-title", title("eventtitle"))
    _put(item, "event", title("eventtitle"))
    _put(item, "original-title", title("origtitle"))
    _put(item, "event-place", _rich(entry.field("venue")))


# -- dates -------------------------------------------------------------------


def _add_dates(item: dict[str, object], entry: BibEntry) -> None:
    issued, status = _issued(entry)
    _put(item, "issued", issued)
    _put(item, "status", _rich(entry.field("pubstate")) or status)
    _put(item, "accessed", _edtf(_raw(entry.field("urldate"))))
    original = _edtf(_raw(entry.field("origdate")))
    if not original:
        original = _year_date(_plain(entry.field("origyear")), "", "")[0]
    _put(item, "original-date", original)
    _put(item, "event-date", _edtf(_raw(entry.field("eventdate"))))


def _issued(entry: BibEntry) -> tuple[dict[str, object] | None, str]:
    """``issued`` and the ``status`` a year such as ``in press`` stands for.

    ``date`` is read first, as BibLaTeX does, unless ``year`` gives another
    year: the APA engine reads ``year`` first, and both styles show one."""
    year = _plain(entry.field("year"))
    date = _edtf(_raw(entry.field("date")))
    if date and "date-parts" in date:
        first = date["date-parts"][0]  # type: ignore[index]
        found = _YEAR_RE.search(year)
        if not found or (first and int(found.group()) == first[0]):
            return date, ""
    month, day = _plain(entry.field("month")), _plain(entry.field("day"))
    if year:
        return _year_date(year, month, day)
    if date:
        return date, ""
    return None, ""


def _year_date(year: str, month: str, day: str) -> tuple[dict[str, object] | None, str]:
    """A BibTeX ``year`` (with ``month``, as the loader normalised it, and
    ``day``) as a CSL date, as the APA engine reads it: the first four-digit
    year; ``in press`` and ``forthcoming`` a status; ``n.d.`` no date."""
    status = _STATUS_RE.fullmatch(year.strip())
    if status:
        return None, "forthcoming" if "forth" in year.lower() else "in press"
    found = _YEAR_RE.search(year)
    if not found:
        if not year or re.fullmatch(r"n\.?\s*d\.?", year, re.IGNORECASE):
            return None, ""
        return {"literal": year}, ""
    number = int(found.group())
    date: dict[str, object] = {}
    parts: list[list[int]] = [[number]]
    pieces = month.split("–") if month else []
    if pieces and pieces[0].lower() in _SEASONS:
        date["season"] = _SEASONS[pieces[0].lower()]
    elif pieces:
        parts = []
        for piece in pieces:
            words = piece.split()
            part = [number]
            if words and words[0] in _MONTH_NUMBERS:
                part.append(_MONTH_NUMBERS[words[0]])
                if len(words) > 1 and words[1].isdigit():
                    part.append(int(words[1]))
                elif len(pieces) == 1 and day.isdigit() and 1 <= int(day) <= 31:
                    part.append(int(day))
            elif words and words[0].isdigit() and parts:
                part = [*parts[-1][:2], int(words[0])]  # ``June 15–17``
            parts.append(part)
    date["date-parts"] = parts
    return date, ""


def _edtf(text: str) -> dict[str, object] | None:
    """A BibLaTeX date (EDTF: ``2001-05-03``, ``2001/2003``, ``2001-05/``,
    ``2001~``) as a CSL date; any other text as a literal one."""
    if not text:
        return None
    date: dict[str, object] = {}
    parts: list[list[int]] = []
    pieces = text.split("/")
    if len(pieces) > 2:
        return {"literal": text}
    for index, piece in enumerate(pieces):
        piece = piece.strip()
        if index and piece in ("", ".."):
            parts.append([0])  # an open range, as Pandoc writes it
            continue
        match = _EDTF_RE.fullmatch(piece)
        if match is None:
            return {"literal": text}
        year, month, day, flags = match.groups()
        part = [int(year)]
        if month:
            if not (1 <= int(month) <= 12 or 21 <= int(month) <= 24):
                return {"literal": text}
            part.append(int(month))
            if day:
                part.append(int(day))
        if "~" in flags or "%" in flags:
            date["circa"] = True
        parts.append(part)
    date["date-parts"] = parts
    return date


# -- numbers, publisher, identifiers ----------------------------------------------


def _add_numbers(item: dict[str, object], entry: BibEntry) -> None:
    volume, part = _rich(entry.field("volume")), _rich(entry.field("part"))
    _put(item, "volume", f"{volume}.{part}" if volume and part else volume or part)
    _put(item, "number-of-volumes", _rich(entry.field("volumes")))
    pages = _rich(entry.field("pages")).replace("–", "-")
    _put(item, "page", pages)
    _put(item, "number-of-pages", _rich(entry.field("pagetotal") or entry.field("numpages")))
    _put(item, "chapter-number", _rich(entry.field("chapter")))
    _put(item, "edition", _rich(entry.field("edition")))
    _put(item, "version", _rich(entry.field("version")))
    number = _rich(entry.field("number"))
    if entry.type in _BOOKLIKE:
        _put(item, "collection-number", number)
    elif entry.type in _PERIODICAL:
        _put(item, "issue", _joined(",", [number, _rich(entry.field("issue"))]))
        _put(item, "number", _rich(entry.field("eid")))
    else:
        _put(item, "number", number)
    if item["type"] == "article" and "number" not in item:
        item["number"] = f"arXiv:{arxiv_id(entry)}"


def _literal_list(value: str) -> str:
    """A BibLaTeX list (``New York and London``), its items joined by ``;``."""
    return "; ".join(part for part in re.split(r"\s+and\s+", _rich(value)) if part)


def _add_publisher(item: dict[str, object], entry: BibEntry) -> None:
    names: list[str] = []
    for name in ("school", "institution", "organization", "howpublished", "publisher"):
        value = entry.field(name)
        if value:
            text = _rich(value) if name == "howpublished" else _literal_list(value)
            if text not in names:
                names.append(text)
    if item["type"] == "article" and not names:
        names.append("arXiv")
    _put(item, "publisher", "; ".join(names))
    address = entry.field("address")
    if not address and entry.type != "patent":
        address = entry.field("location")
    _put(item, "publisher-place", _literal_list(address))
    _put(item, "original-publisher", _rich(entry.field("origpublisher")))
    _put(item, "original-publisher-place", _literal_list(entry.field("origlocation")))


def _add_identifiers(item: dict[str, object], entry: BibEntry) -> None:
    doi = normalise_doi(_plain(entry.field("doi")))
    if doi.lower() != "null":
        _put(item, "DOI", doi)
    url = first_url(entry.field("url"))
    if not url:
        prefix = (entry.field("archiveprefix") or entry.field("eprinttype")).lower()
        eprint = _plain(entry.field("eprint"))
        if eprint and prefix in _EPRINT_URLS:
            url = _EPRINT_URLS[prefix] + eprint
    _put(item, "URL", url)
    for name, variable in (("isbn", "ISBN"), ("issn", "ISSN"), ("pmid", "PMID")):
        _put(item, variable, _plain(entry.field(name)))
    _put(item, "PMCID", _plain(entry.field("pmcid")))


# -- kind, language ------------------------------------------------------------


def _genre(entry: BibEntry) -> str:
    kind = _plain(entry.field("type"))
    if kind:
        return _GENRES.get(kind.lower(), _rich(entry.field("type")))
    return _GENRES.get(entry.type, "") if entry.type.endswith("thesis") else ""


def _language(entry: BibEntry) -> str:
    written = _plain(entry.field("langid") or entry.field("hyphenation") or entry.field("language"))
    if not written:
        return ""
    lowered = written.lower()
    if lowered == "english":
        options = _plain(entry.field("langidopts")).lower().replace(" ", "")
        variant = {"variant=british": "british", "variant=uk": "british"}.get(options)
        variant = variant or {"variant=australian": "australian"}.get(options)
        variant = variant or {"variant=newzealand": "newzealand"}.get(options)
        lowered = variant or lowered
    return _LANGUAGES.get(lowered, written)


def _is_english(entry: BibEntry) -> bool:
    """Whether the entry is in English, as far as it says (none: English)."""
    language = _language(entry).lower()
    return not language or language == "en" or language.startswith("en-")
