"""Names in a ``.bib`` file as exports and hands write them, read as BibTeX
would have had them written: author lists separated by commas, ``;`` or
``&``, ``Tulving E``, organisations without braces, placeholders left by an
export; and field names with spaces in them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import Person

from livingreview.bibliography.latex import latex_to_text
from livingreview.bibliography.model import Command, NameParts
from livingreview.diagnostics import Diagnostic, Severity

# Reports a warning about the entry being read: (code, message).
Warn = Callable[[str, str], None]
# ``\$author.lastName``: a placeholder of an export template, not a name.
_PLACEHOLDER_RE = re.compile(r"\\\$[A-Za-z]|\$\{?[A-Za-z_]\w*\.[A-Za-z_]")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "jnr", "jnr.", "snr", "snr.", "ii", "iii", "iv"})
# Words that make a "name" an organisation's: ``World Health Organization``.
_GROUP_WORDS = frozenset(
    {
        "academy",
        "administration",
        "agency",
        "alliance",
        "american",
        "association",
        "authority",
        "british",
        "bureau",
        "center",
        "centre",
        "coalition",
        "collaboration",
        "collaborative",
        "commission",
        "committee",
        "company",
        "consortium",
        "corporation",
        "council",
        "department",
        "european",
        "federal",
        "federation",
        "forum",
        "foundation",
        "gmbh",
        "government",
        "group",
        "health",
        "inc",
        "inc.",
        "initiative",
        "institut",
        "institute",
        "instituto",
        "international",
        "investigators",
        "laboratories",
        "laboratory",
        "library",
        "llc",
        "ltd",
        "ltd.",
        "ministry",
        "museum",
        "national",
        "nations",
        "network",
        "office",
        "organisation",
        "organization",
        "panel",
        "partnership",
        "programme",
        "project",
        "registry",
        "research",
        "secretariat",
        "services",
        "society",
        "statistics",
        "study",
        "survey",
        "team",
        "trial",
        "trialists",
        "union",
        "universidad",
        "university",
        "université",
        "universität",
        "working",
        "world",
    }
)
# Particles of family names, which BibTeX reads as such only before the
# family name: ``Vliet, Marijn van`` is ``van Vliet``.
_PARTICLES = frozenset(
    {
        "af",
        "al",
        "auf",
        "av",
        "bin",
        "da",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "ibn",
        "la",
        "le",
        "st.",
        "te",
        "ten",
        "ter",
        "van",
        "vander",
        "von",
        "zu",
        "zum",
        "zur",
    }
)
# What some exports write after a person's name, as though it were one: the
# person's role (``Tossavainen, Hanna, reporter``), not a name or initial;
# only in lower case (``Poe, Ed`` is a name).
_ROLES = frozenset(
    {
        "columnist",
        "compiler",
        "correspondent",
        "director",
        "ed",
        "ed.",
        "editor",
        "eds",
        "eds.",
        "host",
        "illustrator",
        "interviewer",
        "narrator",
        "photographer",
        "producer",
        "reporter",
        "translator",
        "writer",
    }
)
# Lower-case words inside an organisation's name, never inside a person's.
_GROUP_CONNECTORS = frozenset({"of", "for", "on", "the", "and", "in", "at", "to", "&", "\\&"})


def _is_initials(token: str) -> bool:
    """``E``, ``EA``, ``E.``, ``E.A.``, ``J.-P.``: given-name initials."""
    if re.fullmatch(r"[IVX]{2,}", token):
        return False  # II, III, IV: a generation, not initials
    if re.fullmatch(r"[^\W\d_]{1,2}|[^\W\d_](?:-[^\W\d_])+", token):
        return token.isupper()  # ``E``, ``EA``, ``X-N``
    return re.fullmatch(r"(?:[^\W\d_]\.-?){1,3}", token) is not None and token.isupper()


def _words(name: str) -> list[str]:
    return [word for word in split_tex_string(name.replace(",", " ")) if word]


def _is_suffix(text: str) -> bool:
    return text.strip().lower() in _SUFFIXES


def _split_commas(piece: str) -> tuple[list[str], bool]:
    """Names run together with commas (``Balota, D. A., Tallal, P.``), and
    whether there were several."""
    segments = [segment for segment in split_tex_string(piece, ",") if segment]
    if len(segments) == 2:
        full = [_words(segment) for segment in segments]
        if all(
            len(words) >= 2 and _is_initials(words[0]) and not _is_initials(words[-1])
            for words in full
        ) or all(_flip_initials(segment) for segment in segments):
            return segments, True  # ``J. Smith, K. Doe`` or ``Smith J, Doe K``
    if len(segments) <= 2 or (len(segments) == 3 and _is_suffix(segments[1])):
        return [", ".join(segments)], False  # ``Last, First``, ``Last, Jr., First``
    if len(segments) == 3 and _is_suffix(segments[2]):
        return [f"{segments[0]}, {segments[2]}, {segments[1]}"], False  # ``Last, First, Jr``
    if all(
        len(_words(segment)) >= 2 and not all(_is_initials(w) for w in _words(segment))
        for segment in segments
    ):
        return segments, True  # ``John Smith, Jane Doe``
    return [", ".join(segments[index : index + 2]) for index in range(0, len(segments), 2)], True


def _person_like(side: str, separator: str) -> bool:
    """Whether *side* of a ``;`` or ``&`` reads as one or more names."""
    words = _words(side)
    if separator == ";":
        return "," in side or len(words) >= 2  # not ``Vicky; Coon``
    return (
        "," in side
        or any(_is_initials(word) for word in words)
        or (
            2 <= len(words) <= 3
            and all(word[:1].isupper() for word in words)
            and not any(word.lower() in _GROUP_WORDS for word in words)
        )
    )


@lru_cache(maxsize=16384)  # pure, and the same author recurs across entries
def _split_piece(piece: str) -> tuple[tuple[str, ...], str]:
    """One name of pybtex's ``and`` split, split further where it holds
    several (``;``, ``&``, commas), and the separator that had to be used."""
    for separator, pattern in ((";", r"\s*;\s*"), ("&", r"\s+\\?&\s+")):
        sides = [side for side in split_tex_string(piece, pattern) if side]
        if len(sides) > 1 and all(_person_like(side, separator) for side in sides):
            names = [name for side in sides for name in _split_commas(side)[0]]
            return tuple(names), separator
    names, split = _split_commas(piece)
    return tuple(names), "commas" if split else ""


def _flip_initials(name: str) -> str | None:
    """``Tulving E`` → ``Tulving, E``: initials after the family name (PubMed
    style) without the comma that says so; ``None`` for any other name."""
    if "," in name or name.startswith("{"):
        return None
    tokens = split_tex_string(name)
    count = 0
    while count < len(tokens) and _is_initials(tokens[-1 - count]):
        count += 1
    rest = tokens[: len(tokens) - count]
    if not count or not rest or _is_initials(rest[0]):
        return None
    return f"{' '.join(rest)}, {' '.join(tokens[len(rest) :])}"


def _looks_like_group(name: str) -> bool:
    """An organisation written without braces: ``World Health Organization``."""
    tokens = [token.strip(",") for token in split_tex_string(name)]
    if len(tokens) < 2 or any(
        _is_initials(token) and (len(token) == 1 or "." in token) for token in tokens
    ):
        return False  # one word prints as written; ``M World`` is a person
    if tokens[0] == "The":
        return True  # ``The Global Fund``
    top = re.sub(r"\{[^{}]*\}", " ", name)  # words in braces are the editor's
    segments = [segment.strip() for segment in top.split(",")]
    if len(segments) == 2 and len(segments[0].split()) == 1:
        return False  # ``Bank, Anna``: a person whose surname is also a word
    for word in top.replace(",", " ").split():
        if word in _GROUP_CONNECTORS or (word[:1].isupper() and word.lower() in _GROUP_WORDS):
            return True
    return False


@lru_cache(maxsize=16384)
def _read_name(name: str) -> tuple[str | None, NameParts | None]:
    """One name: its reordered form if it had to be (``Tulving E``), and its
    parts, or ``None`` for an organisation written without braces. Pure, and
    asked again for every entry of the same author: remembered."""
    flipped = _flip_initials(name)
    if flipped is None and _looks_like_group(name):
        return None, None
    written = flipped or name
    parts = NameParts.from_person(Person(written))
    return flipped, _particles(parts, "," in written)


def starts_lower(token: str) -> bool:
    """Whether a name's word starts with a lower-case letter, once its LaTeX
    is read (``\\v{S}\\'arka`` starts with "Š", which pybtex cannot see)."""
    letters = [char for char in latex_to_text(token) if char.isalpha()]
    return bool(letters) and letters[0].islower()


def _particles(parts: NameParts, comma: bool) -> NameParts:
    """*parts* with the particles where APA wants them: the words pybtex took
    for particles but which start with a capital once their accents are read
    (``\\v{S}\\'{a}rka \\v{C}\\'{\\i}\\v{z}kov\\'{a}``) go back to the given or
    family name; particles written after the given names (``Vliet, Marijn
    van``) go before the family name, as in ``van Vliet, Marijn``."""
    given = list(parts.first + parts.middle)
    prelast = list(parts.prelast)
    last = list(parts.last)
    while prelast and not comma and not starts_lower(prelast[0]):
        given.append(prelast.pop(0))
    while prelast and not starts_lower(prelast[-1]):
        last.insert(0, prelast.pop())
    count = 0
    while count < len(given) - 1 and given[-1 - count].lower() in _PARTICLES:
        count += 1
    if count and not prelast:
        prelast, given = given[len(given) - count :], given[: len(given) - count]
    if (given, prelast, last) == (
        list(parts.first + parts.middle),
        list(parts.prelast),
        list(parts.last),
    ):
        return parts
    return NameParts(tuple(given[:1]), tuple(given[1:]), tuple(prelast), tuple(last), parts.lineage)


def is_others(person: NameParts) -> bool:
    """``and others`` (BibTeX's way), or ``and et al.`` as exporters write it."""
    parts = person.first + person.middle + person.prelast + person.last
    text = " ".join(parts).strip().lower().replace("{", "").replace("}", "")
    return text in ("others", "et al.", "et al", "et. al.", "al.")


def _strip_role(piece: str) -> tuple[str, str]:
    """One name of an ``and`` list without the role written after it
    (``Tossavainen, Hanna, reporter``), and that role (``""``: none)."""
    head, comma, tail = piece.rpartition(",")
    if comma and head.strip() and tail.strip() in _ROLES:  # ``Poe, Ed``: a name
        return head.strip(), tail.strip()
    return piece, ""


def read_names(value: str, role: str, key: str, warn: Warn) -> list[NameParts]:
    """The names of an ``author`` or ``editor`` field, repaired where an
    export or a hand wrote them in a way BibTeX misreads."""
    pieces: list[tuple[str, str]] = []  # (name, separator before it)
    irregular: tuple[str, tuple[str, ...], str] | None = None
    for piece in split_name_list(value):
        name, person_role = _strip_role(piece)
        if person_role:
            warn(
                "bib-bad-name",
                f"entry '{key}': the {role} '{piece}' ends in '{person_role}', which is "
                f"the person's role, not a name; it was read as '{name}'. Write only "
                f"the name in the {role} field",
            )
        names, separator = _split_piece(name)
        if separator and irregular is None:
            irregular = (piece, names, separator)
        joiner = {"commas": ", ", ";": "; ", "&": " & "}.get(separator, " and ")
        pieces.extend((name, " and " if index == 0 else joiner) for index, name in enumerate(names))
    if irregular is not None:
        piece, names, separator = irregular
        how = "commas" if separator == "commas" else f"'{separator}'"
        shown = "', '".join(names[:-1]) + f"' and '{names[-1]}"
        warn(
            "bib-bad-name",
            f"entry '{key}': the {role} list had to be split on {how}: '{piece}' was "
            f"read as '{shown}'; write ' and ' between names",
        )

    read: list[tuple[str, str, NameParts | None]] = []  # (as written, separator, name)
    for name, separator in pieces:
        if _PLACEHOLDER_RE.search(name):
            warn(
                "bib-bad-name",
                f"entry '{key}': the {role} '{name}' is a placeholder left by the "
                "program that exported the entry, not a name; it is left out",
            )
            continue
        flipped, parts = _read_name(name)
        if flipped is not None:
            warn(
                "bib-name-order",
                f"entry '{key}': the {role} '{name}' has the initials after the family "
                f"name without a comma; it was read as '{flipped}'. Write it so, with "
                "the comma",
            )
        read.append((name, separator, parts))

    result: list[NameParts] = []
    index = 0
    while index < len(read):
        written, _, parts = read[index]
        if parts is not None:
            result.append(parts)
            index += 1
            continue
        end = index + 1
        while end < len(read) and read[end][2] is None:
            written += read[end][1] + read[end][0]
            end += 1
        warn(
            "bib-group-author",
            f"entry '{key}': the {role} '{written}' looks like an organisation, which "
            "BibTeX would read as persons; it is read as one group author. Write it in "
            f"double braces: {{{{{written}}}}}",
        )
        result.append(NameParts(last=("{" + written + "}",)))
        index = end
    return result


def spaced_names(
    found: list[tuple[Command | None, str, str, tuple[int, int]]], path: str
) -> list[Diagnostic]:
    """One warning per field name with spaces, however many entries have it."""
    by_name: dict[str, list[tuple[Command | None, str, str, tuple[int, int]]]] = {}
    for item in found:
        by_name.setdefault(item[2].lower(), []).append(item)
    diagnostics = []
    for items in by_name.values():
        command, written, joined, place = items[0]
        where = f"entry '{command.key}'" if command is not None and command.key else "an entry"
        others = len({id(item[0]) for item in items}) - 1
        if others:
            where += f" (and {others} more {'entry' if others == 1 else 'entries'})"
        spaces = "no-break spaces" if "\u00a0" in written else "spaces"
        shown = " ".join(written.split())
        diagnostics.append(
            Diagnostic(
                path,
                *place,
                Severity.WARNING,
                "bib-bad-field-name",
                f"the field name '{shown}' in {where} has {spaces} in it, which BibTeX "
                f"does not allow; it was read as '{joined.lower()}' so that the fields "
                "after it are kept. Write it without spaces",
            )
        )
    return diagnostics
