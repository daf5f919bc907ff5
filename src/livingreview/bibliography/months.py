"""``month`` fields in every form a ``.bib`` file has them."""

from __future__ import annotations

import re

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEASONS = {name.lower(): name for name in ("Spring", "Summer", "Fall", "Autumn", "Winter")}


def _month_word(word: str) -> str | None:
    word = word.lower().rstrip(".")
    if word.isdecimal():
        number = int(word)
        return MONTHS[number - 1] if len(word) <= 2 and 1 <= number <= 12 else None
    if word in _SEASONS:
        return _SEASONS[word]
    if len(word) >= 3:
        for name in MONTHS:
            if name.lower().startswith(word):
                return name
    return None


def _day(word: str) -> str | None:
    return str(int(word)) if word.isdecimal() and 1 <= int(word) <= 31 else None


def normalise_month(value: str) -> str | None:
    """A ``month`` field in any form, as English words; ``None`` if it is none.

    ``jun``, ``{apr}``, ``"3"``, ``{{JAN-MAR}}``, ``June 15``: ``June``,
    ``April``, ``March``, ``January–March``, ``June 15``. Seasons are kept
    (APA prints them); ``1033`` or ``13`` are not months.
    """
    text = re.sub(r"[{}]", "", value).replace("~", " ").strip()
    parts = re.split(r"\s*(?:--?|–|—|/)\s*", text)
    if not text or len(parts) > 2:
        return None
    shown: list[str] = []
    for part in parts:
        words = part.replace(",", " ").split()
        if len(words) == 1:
            month = _month_word(words[0])
            if month is None and shown and " " in shown[0] and _day(words[0]):
                month = _day(words[0])  # ``June 15-17``
        elif len(words) == 2 and not words[0].isdecimal():
            name, day = _month_word(words[0]), _day(words[1])
            month = f"{name} {day}" if name and day else None
        elif len(words) == 2:
            name, day = _month_word(words[1]), _day(words[0])
            month = f"{name} {day}" if name and day and not words[1].isdecimal() else None
        else:
            month = None
        if month is None:
            return None
        shown.append(month)
    return "–".join(shown)
