"""Generate a synthetic living-review site for benchmarking.

    python benchmarks/generate.py OUTDIR --pages N --works M [--seed S]
        [--no-citations] [--variant livingreview|plain|bibtex]

writes ``OUTDIR/mkdocs.yml``, ``OUTDIR/references.bib`` and
``OUTDIR/docs/*.md``. The output depends only on the arguments: everything
random comes from ``random.Random`` instances seeded from ``--seed``, and
nothing iterates over a set or reads the clock, so the same arguments give
byte-identical files.

``--variant`` changes nothing but ``mkdocs.yml``:

* ``livingreview`` (default): the search and livingreview plugins, with the
  site-wide bibliography on ``references.md``;
* ``plain``: the search plugin only; citations stay literal text. The
  baseline: what Material for MkDocs costs on its own;
* ``bibtex``: the search and mkdocs-bibtex plugins (its default, pybtex-based
  "simple" mode, which needs no pandoc).

All three keep the same ``markdown_extensions`` (footnotes included, which
mkdocs-bibtex needs), so the plugins are the only difference.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

VARIANTS = ("livingreview", "plain", "bibtex")

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Family names: (BibTeX spelling, ASCII used in keys). The first ones are
# drawn far more often (Zipf weights), so shared surnames, 2000a/2000b labels
# and "et al." collisions happen as they do in a real field.
SURNAMES: list[tuple[str, str]] = [
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ('M{\\"u}ller', "muller"),
    ("Garc{\\'i}a", "garcia"),
    ("Wang", "wang"),
    ("Li", "li"),
    ("Brown", "brown"),
    ("van der Berg", "vanderberg"),
    ("Nguyen", "nguyen"),
    ("Kim", "kim"),
    ("Williams", "williams"),
    ("Gonz{\\'a}lez", "gonzalez"),
    ("Jones", "jones"),
    ("Chen", "chen"),
    ('Schr{\\"o}der', "schroder"),
    ("de la Cruz", "delacruz"),
    ("Taylor", "taylor"),
    ("Davies", "davies"),
    ("Rossi", "rossi"),
    ("Kowalski", "kowalski"),
    ("Andersson", "andersson"),
    ("{\\O}stergaard", "ostergaard"),
    ("Dvo{\\v{r}}{\\'a}k", "dvorak"),
    ("Evans", "evans"),
    ("Thomas", "thomas"),
    ("Martin", "martin"),
    ("Bernard", "bernard"),
    ("Dubois", "dubois"),
    ("Lef{\\`e}vre", "lefevre"),
    ("Moreau", "moreau"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Meyer", "meyer"),
    ("Wagner", "wagner"),
    ("Becker", "becker"),
    ("Hoffmann", "hoffmann"),
    ("von Neumann", "vonneumann"),
    ("van Dijk", "vandijk"),
    ("de Vries", "devries"),
    ("Jansen", "jansen"),
    ("Bakker", "bakker"),
    ("Visser", "visser"),
    ("Silva", "silva"),
    ("Santos", "santos"),
    ("Pereira", "pereira"),
    ("Ferreira", "ferreira"),
    ("Rodr{\\'i}guez", "rodriguez"),
    ("Mart{\\'i}nez", "martinez"),
    ("L{\\'o}pez", "lopez"),
    ("S{\\'a}nchez", "sanchez"),
    ("P{\\'e}rez", "perez"),
    ("Ca{\\~n}ete", "canete"),
    ("O'Brien", "obrien"),
    ("MacDonald", "macdonald"),
    ("Murphy", "murphy"),
    ("Kelly", "kelly"),
    ("Walsh", "walsh"),
    ("Nakamura", "nakamura"),
    ("Tanaka", "tanaka"),
    ("Suzuki", "suzuki"),
    ("Sato", "sato"),
    ("Park", "park"),
    ("Lee", "lee"),
    ("Choi", "choi"),
    ("Zhang", "zhang"),
    ("Liu", "liu"),
    ("Yang", "yang"),
    ("Huang", "huang"),
    ("Zhao", "zhao"),
    ("Singh", "singh"),
    ("Kumar", "kumar"),
    ("Sharma", "sharma"),
    ("Patel", "patel"),
    ("Gupta", "gupta"),
    ("Okafor", "okafor"),
    ("Mensah", "mensah"),
    ("Abubakar", "abubakar"),
    ("Haddad", "haddad"),
    ("Yilmaz", "yilmaz"),
    ("{\\c{C}}elik", "celik"),
    ("Ivanov", "ivanov"),
    ("Petrova", "petrova"),
    ("Nowak", "nowak"),
    ("Horvath", "horvath"),
    ("Nagy", "nagy"),
    ("Papadopoulos", "papadopoulos"),
    ("Lindqvist", "lindqvist"),
    ("Haugen", "haugen"),
    ("Virtanen", "virtanen"),
    ("Korhonen", "korhonen"),
    ("Wilson", "wilson"),
    ("Clarke", "clarke"),
    ("Hughes", "hughes"),
    ("Green", "green"),
    ("Hall", "hall"),
    ("Wood", "wood"),
    ("Moore", "moore"),
    ("Anderson-Lee", "andersonlee"),
    ("St. John", "stjohn"),
    ("Du Bois", "dubois"),
]

GIVEN_NAMES = [
    "Anna",
    "John",
    "Maria",
    "Wei",
    "James",
    "Fran{\\c{c}}ois",
    "Jos{\\'e}",
    'Bj{\\"o}rn',
    "Jean-Paul",
    "Mary Ann",
    "Sarah",
    "David",
    "Ana",
    "Li",
    "Hiroshi",
    "Min-jun",
    "Olga",
    "Piotr",
    "Chiara",
    "Luca",
    "Ingrid",
    "Lars",
    "Amara",
    "Kwame",
    "Fatima",
    "Ahmet",
    "Priya",
    "Ravi",
    "Emma",
    "Thomas",
    "Sofia",
    "Mateo",
    "S{\\o}ren",
    "Ren{\\'e}e",
    'Zo{\\"e}',
    "Ji{\\v{r}}{\\'i}",
    "Michael",
    "Elizabeth",
    "Robert",
    "Catherine",
]
MIDDLE_INITIALS = ["A.", "B.", "C.", "D.", "E.", "J.", "K.", "L.", "M.", "P.", "R.", "S.", "T."]

CORPORATE_AUTHORS: list[tuple[str, str]] = [
    ("World Health Organization", "who"),
    ("Organisation for Economic Co-operation and Development", "oecd"),
    ("United Nations Development Programme", "undp"),
    ("European Commission", "ec"),
    ("World Bank", "worldbank"),
    ("National Academies of Sciences, Engineering, and Medicine", "nasem"),
    ("Bill {\\&} Melinda Gates Foundation", "gates"),
    ("Intergovernmental Panel on Climate Change", "ipcc"),
]

JOURNALS = [
    "Journal of Public Administration Research and Theory",
    "Public Administration Review",
    "Nonprofit and Voluntary Sector Quarterly",
    "Academy of Management Journal",
    "Academy of Management Review",
    "Administrative Science Quarterly",
    "Organization Studies",
    "Journal of Management Studies",
    "Strategic Management Journal",
    "Research Policy",
    "World Development",
    "Global Environmental Change",
    "Journal of Business Ethics",
    "Business {\\&} Society",
    "Policy Sciences",
    "Governance",
    "Public Management Review",
    "International Public Management Journal",
    "Journal of Policy Analysis and Management",
    "Evaluation",
    "American Journal of Public Health",
    "Social Science {\\&} Medicine",
    "The Lancet Global Health",
    "Journal of Development Studies",
    "Voluntas",
    "Regulation {\\&} Governance",
    "Environment and Planning {C}: Politics and Space",
    'Zeitschrift f{\\"u}r Soziologie',
    "Revue fran{\\c{c}}aise de science politique",
    "Journal of Economic Perspectives",
]
DOI_PREFIXES = ["1093", "1111", "1177", "1016", "1007", "1080", "1017", "2307", "1086", "1002"]

PUBLISHERS: list[tuple[str, str]] = [
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Routledge", "London"),
    ("Jossey-Bass", "San Francisco"),
    ("Sage", "Thousand Oaks, CA"),
    ("Palgrave Macmillan", "Basingstoke"),
    ("Edward Elgar", "Cheltenham"),
    ("Springer", "Cham"),
    ("Georgetown University Press", "Washington, DC"),
    ("Brookings Institution Press", "Washington, DC"),
    ("MIT Press", "Cambridge, MA"),
    ("Princeton University Press", "Princeton, NJ"),
    ("University of Chicago Press", "Chicago"),
    ("Wiley-Blackwell", "Chichester"),
    ("Suhrkamp", "Frankfurt am Main"),
    ("Presses de Sciences Po", "Paris"),
]


def _split(text: str) -> list[str]:
    return text.split()


# Title words. Minor words stay lower case in title case unless first.
TITLE_WORDS = _split(
    "collaboration governance partnership partnerships network networks "
    "accountability legitimacy trust power conflict innovation capacity "
    "performance outcomes evaluation evidence learning leadership coordination "
    "alliances coalitions institutions markets states communities citizens "
    "stakeholders sectors boundaries dynamics mechanisms design implementation "
    "value creation public private nonprofit civic social collective strategic "
    "cross-sector intersectoral multi-stakeholder hybrid emerging contested "
    "sustainable local global regional urban rural health climate education "
    "poverty development infrastructure policy reform regulation finance risk "
    "resilience transitions knowledge practice theory framework review analysis "
    "approach perspective comparison study model lessons challenges limits "
    "promise paradox tensions logics identities"
)
MINOR_WORDS = ["of", "and", "in", "for", "the", "on", "with", "to", "a", "between", "across"]
PROTECTED_WORDS = [
    "{COVID-19}",
    "{OECD}",
    "{Europe}",
    "{African}",
    "{Bayesian}",
    "{GDP}",
    "{SDG}",
    "{UK}",
    "{US}",
    "{Latin America}",
    "{Ostrom}",
    "{NGO}",
]

PROSE_WORDS = _split(
    "the of and to in a that is for as on with by this be are from or which "
    "partnership partnerships collaboration governance network networks actors "
    "organizations sector sectors public private nonprofit civil society state "
    "market community communities stakeholders partners trust power legitimacy "
    "accountability performance outcomes evidence analysis study studies case "
    "cases model models framework frameworks approach approaches theory "
    "mechanism mechanisms process processes design implementation evaluation "
    "resources capacity coordination learning leadership conflict interests "
    "goals values norms rules institutions arrangements contracts incentives "
    "shared joint collective mutual formal informal local global regional "
    "national municipal long-term short-term complex wicked persistent emerging "
    "established effective successful fragile durable costly suggests shows "
    "indicates argues finds reports notes proposes describes explains examines "
    "compares measures tests documents highlights questions often rarely "
    "typically sometimes frequently consistently particularly however moreover "
    "therefore although because while whereas unless between across within "
    "among through over under during after before health education climate "
    "poverty infrastructure water housing energy transport food security "
    "innovation research policy practice reform funding finance risk resilience "
    "equity inclusion participation voice"
)

HEADING_WORDS = _split(
    "Background Definitions Scope Methods Evidence Findings Mechanisms "
    "Governance Accountability Trust Power Resources Outcomes Measurement "
    "Implications Limitations Debates Cases Context Design Lessons Practice "
    "Theory Synthesis Gaps Agenda Tensions Drivers Barriers Models"
)

CODE_BLOCKS = [
    (
        "python",
        [
            "import pandas as pd",
            "",
            'studies = pd.read_csv("included_studies.csv")',
            'by_sector = studies.groupby("sector")["effect"].describe()',
            "print(by_sector.round(2))",
        ],
    ),
    (
        "r",
        [
            "library(metafor)",
            'res <- rma(yi, vi, data = studies, method = "REML")',
            "summary(res)",
            "forest(res, slab = studies$label)",
        ],
    ),
    (
        "yaml",
        [
            "screening:",
            "  databases: [Scopus, Web of Science]",
            "  years: 1990-2024",
            "  reviewers: 2",
        ],
    ),
]

LOCATOR_TEMPLATES = [
    "[@{k}, p. {a}]",
    "[@{k}, pp. {a}-{b}]",
    "[see @{k}, pp. {a}-{b}]",
    "[see @{k}, p. {a}]",
    "[e.g., @{k}, chap. {c}]",
    "[@{k}, p. {a}; see also @{k2}]",
]
NARRATIVE_TEMPLATES = [
    "@{k} argues that {rest}",
    "As @{k} shows, {rest}",
    "@{k} [p. {a}] finds that {rest}",
    "In a related study, @{k} reports that {rest}",
]


# --------------------------------------------------------------------------
# The bibliography
# --------------------------------------------------------------------------


def _zipf_weights(count: int, exponent: float = 0.9) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


SURNAME_WEIGHTS = _zipf_weights(len(SURNAMES))


def _person(rng: random.Random) -> tuple[str, str]:
    """One author as BibTeX text, and the ASCII family name for keys."""
    family, ascii_family = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.35:
        given += " " + rng.choice(MIDDLE_INITIALS)
    style = rng.random()
    if style < 0.8:
        text = f"{family}, {given}"
    elif style < 0.95 and " " not in family:
        text = f"{given} {family}"  # "First Last" form
    else:
        text = f"{family}, {given}"
    if rng.random() < 0.02:
        text = f"{family}, Jr., {given}"
    return text, ascii_family


def _author_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.30:
        return 1
    if roll < 0.60:
        return 2
    if roll < 0.78:
        return 3
    if roll < 0.88:
        return 4
    if roll < 0.95:
        return rng.randint(5, 7)
    if roll < 0.99:
        return rng.randint(8, 20)
    return rng.randint(21, 25)


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    people: list[tuple[str, str]] = []
    seen: list[str] = []
    while len(people) < count:
        person = _person(rng)
        if person[0] in seen:
            continue
        seen.append(person[0])
        people.append(person)
    return people


def _title_case(words: list[str]) -> str:
    out = []
    for index, word in enumerate(words):
        if word.startswith("{") or (index > 0 and word in MINOR_WORDS):
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def _title(rng: random.Random) -> str:
    def phrase(length: int) -> list[str]:
        words: list[str] = []
        for index in range(length):
            if index > 0 and index < length - 1 and rng.random() < 0.25:
                words.append(rng.choice(MINOR_WORDS))
            elif rng.random() < 0.07:
                words.append(rng.choice(PROTECTED_WORDS))
            else:
                words.append(rng.choice(TITLE_WORDS))
        return words

    main = _title_case(phrase(rng.randint(3, 8)))
    if rng.random() < 0.4:
        main += ": " + _title_case(phrase(rng.randint(3, 7)))
    return main


def _pages(rng: random.Random) -> str:
    start = rng.randint(1, 900)
    return f"{start}--{start + rng.randint(8, 40)}"


def _field_lines(fields: list[tuple[str, str]]) -> list[str]:
    width = max(len(name) for name, _ in fields)
    lines = []
    for index, (name, value) in enumerate(fields):
        comma = "," if index < len(fields) - 1 else ""
        lines.append(f"  {name.ljust(width)} = {{{value}}}{comma}")
    return lines


class Work:
    """One generated entry: its key and the BibTeX text."""

    def __init__(self, key: str, text: str) -> None:
        self.key = key
        self.text = text


def generate_bibliography(works: int, seed: int) -> list[Work]:
    """*works* BibTeX entries with unique keys, deterministic for *seed*."""
    rng = random.Random(f"bib:{seed}")
    entries: list[Work] = []
    # (authors, ascii first family, year) of earlier entries, for collisions.
    history: list[tuple[list[tuple[str, str]], str, int]] = []
    key_stems: dict[str, int] = {}
    for index in range(works):
        corporate = None
        roll = rng.random()
        if history and roll < 0.06:
            # Same authors, same year: 2000a / 2000b.
            authors, _, year = history[rng.randrange(len(history))]
            authors = list(authors)
        elif history and roll < 0.10:
            # Same first author and year, different co-authors: with three or
            # more names, "et al." would make these look alike.
            authors, _, year = history[rng.randrange(len(history))]
            others = _people(rng, rng.randint(2, 4))
            authors = [authors[0], *[p for p in others if p[0] != authors[0][0]]]
        elif roll < 0.13:
            corporate = rng.choice(CORPORATE_AUTHORS)
            authors = [(f"{{{corporate[0]}}}", corporate[1])]
            year = rng.randint(1995, 2024)
        else:
            authors = _people(rng, _author_count(rng))
            year = rng.randint(1990, 2024)
        history.append((authors, authors[0][1], year))

        kind_roll = rng.random()
        kind = "article" if kind_roll < 0.6 else "book" if kind_roll < 0.8 else "incollection"
        edited = kind == "book" and corporate is None and rng.random() < 0.25

        # Key: smith2004a-17 style, unique through the index; a few with ":"
        # and "." inside, as reference managers write them.
        stem = f"{authors[0][1]}{year}"
        seen = key_stems.get(stem, 0)
        key_stems[stem] = seen + 1
        letter = "" if seen == 0 else chr(ord("a") + (seen - 1) % 26)
        odd = rng.random()
        if corporate is not None and odd < 0.5:
            key = f"{corporate[1]}:{year}{letter}-{index}"
        elif odd < 0.03:
            key = f"{authors[0][1]}.{rng.choice('abcdefghjkmprst')}{year}{letter}-{index}"
        elif odd < 0.05:
            key = f"{kind[:4]}:{authors[0][1]}.{year}{letter}-{index}"
        else:
            key = f"{stem}{letter}-{index}"

        names = " and ".join(text for text, _ in authors)
        fields: list[tuple[str, str]] = []
        if edited:
            fields.append(("editor", names))
        else:
            fields.append(("author", names))
        fields.append(("title", _title(rng)))
        if kind == "article":
            fields.append(("journal", rng.choice(JOURNALS)))
            fields.append(("volume", str(rng.randint(1, 80))))
            if rng.random() < 0.85:
                fields.append(("number", str(rng.randint(1, 12))))
            fields.append(("pages", _pages(rng)))
            fields.append(("year", str(year)))
            if rng.random() < 0.85:
                prefix = rng.choice(DOI_PREFIXES)
                fields.append(("doi", f"10.{prefix}/{key_stems_doi(rng, year)}"))
        elif kind == "book":
            publisher, address = rng.choice(PUBLISHERS)
            fields.append(("publisher", publisher))
            if rng.random() < 0.6:
                fields.append(("address", address))
            if rng.random() < 0.15:
                fields.append(("edition", str(rng.randint(2, 5))))
            fields.append(("year", str(year)))
        else:
            editors = _people(rng, rng.randint(1, 3))
            publisher, address = rng.choice(PUBLISHERS)
            fields.append(("booktitle", _title(rng)))
            fields.append(("editor", " and ".join(text for text, _ in editors)))
            fields.append(("pages", _pages(rng)))
            fields.append(("publisher", publisher))
            if rng.random() < 0.5:
                fields.append(("address", address))
            fields.append(("year", str(year)))
            if rng.random() < 0.3:
                prefix = rng.choice(DOI_PREFIXES)
                fields.append(("doi", f"10.{prefix}/{key_stems_doi(rng, year)}"))
        text = "\n".join([f"@{kind}{{{key},", *_field_lines(fields), "}"])
        entries.append(Work(key, text))
    return entries


def key_stems_doi(rng: random.Random, year: int) -> str:
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 5)))
    return f"{letters}.{year}.{rng.randint(1, 99999):05d}"


def bibliography_text(entries: list[Work], seed: int) -> str:
    header = [
        "% Synthetic bibliography for the livingreview benchmark.",
        f"% {len(entries)} entries, seed {seed}. Generated by benchmarks/generate.py;",
        "% do not edit by hand.",
        "",
    ]
    return "\n".join(header) + "\n\n".join(entry.text for entry in entries) + "\n"


# --------------------------------------------------------------------------
# The pages
# --------------------------------------------------------------------------


class KeyDeck:
    """Draws cited keys so that every work gets cited once the site has
    enough citations (a reshuffled deck), with a popular few cited often."""

    def __init__(self, keys: list[str], rng: random.Random) -> None:
        self.keys = keys
        self.rng = rng
        self.deck: list[str] = []
        popular_count = max(1, len(keys) // 20)
        self.popular = rng.sample(keys, popular_count)

    def draw(self) -> str:
        if self.rng.random() < 0.25:
            return self.rng.choice(self.popular)
        if not self.deck:
            self.deck = list(self.keys)
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def draw_distinct(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            key = self.draw()
            if key not in chosen:
                chosen.append(key)
        return chosen


def _words(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(PROSE_WORDS) for _ in range(count)]


def _sentence_body(rng: random.Random) -> str:
    """Words of a sentence without its capital and final period."""
    words = _words(rng, rng.randint(8, 22))
    if rng.random() < 0.08:
        position = rng.randrange(1, len(words))
        words[position] = f"*{words[position]}*"
    if rng.random() < 0.05:
        position = rng.randrange(1, len(words))
        words[position] = f"**{words[position]}**"
    if rng.random() < 0.2:
        position = rng.randrange(3, len(words))
        words[position - 1] += ","
    return " ".join(words)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _citation(kind: str, deck: KeyDeck, rng: random.Random) -> str:
    if kind == "single":
        return f"[@{deck.draw()}]"
    if kind == "multi":
        keys = deck.draw_distinct(rng.choice([2, 2, 2, 3, 3, 4]))
        return "[" + "; ".join(f"@{key}" for key in keys) + "]"
    # locator
    template = rng.choice(LOCATOR_TEMPLATES)
    first, second = deck.draw_distinct(2)
    start = rng.randint(1, 400)
    return template.format(
        k=first, k2=second, a=start, b=start + rng.randint(1, 12), c=rng.randint(1, 14)
    )


class Slot:
    """A sentence in the page plan, to be filled with prose (and a citation)."""

    def __init__(self) -> None:
        self.citation: str | None = None  # "single", "multi", "locator", "narrative"


def _plan_page(rng: random.Random) -> list[tuple[str, object]]:
    """The block structure of one page: headings, paragraphs, lists, code."""
    blocks: list[tuple[str, object]] = []
    words = 0
    section = 0
    paragraphs_in_section = 99
    list_done = numbered_done = code_done = False
    while words < 1350:
        if paragraphs_in_section >= rng.randint(2, 4):
            section += 1
            heading = " ".join(rng.sample(HEADING_WORDS, rng.randint(1, 3)))
            level = "##" if section == 1 or rng.random() < 0.7 else "###"
            blocks.append(("heading", f"{level} {heading}"))
            paragraphs_in_section = 0
        if not list_done and section >= 2:
            items = [Slot() for _ in range(rng.randint(3, 5))]
            blocks.append(("list", items))
            list_done = True
            words += 14 * len(items)
            continue
        if not numbered_done and section >= 4:
            items = [Slot() for _ in range(rng.randint(3, 4))]
            blocks.append(("numbered", items))
            numbered_done = True
            words += 14 * len(items)
            continue
        if not code_done and section >= 3:
            blocks.append(("code", rng.choice(CODE_BLOCKS)))
            code_done = True
        sentences = [Slot() for _ in range(rng.randint(4, 7))]
        blocks.append(("paragraph", sentences))
        words += 15 * len(sentences)
        paragraphs_in_section += 1
    return blocks


def _render_sentence(slot: Slot, deck: KeyDeck | None, rng: random.Random) -> str:
    body = _sentence_body(rng)
    if slot.citation is None or deck is None:
        return _capitalise(body) + "."
    if slot.citation == "narrative":
        template = rng.choice(NARRATIVE_TEMPLATES)
        return _capitalise(template.format(k=deck.draw(), a=rng.randint(1, 300), rest=body)) + "."
    return f"{_capitalise(body)} {_citation(slot.citation, deck, rng)}."


def generate_page(number: int, deck: KeyDeck | None, rng: random.Random) -> tuple[str, int]:
    """One chapter's Markdown, and how many citations it holds."""
    blocks = _plan_page(rng)
    slots: list[Slot] = []
    for kind, content in blocks:
        if kind in ("paragraph", "list", "numbered"):
            assert isinstance(content, list)
            slots.extend(content)
    # ~40 citations: half single, a quarter multi-key, a quarter with a
    # locator, plus a few narrative ones.
    kinds = ["single"] * 20 + ["multi"] * 10 + ["locator"] * 10 + ["narrative"] * 3
    for slot, kind in zip(rng.sample(slots, min(len(kinds), len(slots))), kinds, strict=False):
        slot.citation = kind

    title = _title_case(rng.sample(TITLE_WORDS, rng.randint(2, 5)))
    lines = [
        "---",
        f'title: "Chapter {number}: {title}"',
        "---",
        "",
        f"# Chapter {number}: {title}",
        "",
    ]
    for kind, content in blocks:
        if kind == "heading":
            lines += [str(content), ""]
        elif kind == "paragraph":
            assert isinstance(content, list)
            lines += [" ".join(_render_sentence(slot, deck, rng) for slot in content), ""]
        elif kind in ("list", "numbered"):
            assert isinstance(content, list)
            for index, slot in enumerate(content, start=1):
                marker = "-" if kind == "list" else f"{index}."
                lines.append(f"{marker} {_render_sentence(slot, deck, rng)}")
            lines.append("")
        elif kind == "code":
            assert isinstance(content, tuple)
            language, code = content
            lines += [f"```{language}", *code, "```", ""]
    cited = sum(1 for slot in slots if slot.citation is not None) if deck is not None else 0
    return "\n".join(lines).rstrip("\n") + "\n", cited


def mkdocs_yml(pages: int, works: int, seed: int, variant: str) -> str:
    if variant == "livingreview":
        plugins = [
            "plugins:",
            "  - search",
            "  - livingreview:",
            "      bibliography: references.bib",
            "      bibliography_page: references.md",
        ]
    elif variant == "plain":
        plugins = ["plugins:", "  - search"]
    elif variant == "bibtex":
        plugins = ["plugins:", "  - search", "  - bibtex:", "      bib_file: references.bib"]
    else:
        raise ValueError(f"unknown variant {variant!r}")
    return "\n".join(
        [
            f"site_name: Synthetic review ({pages} pages, {works} works, seed {seed})",
            f"# variant: {variant}. Generated by benchmarks/generate.py.",
            "theme:",
            "  name: material",
            "  font: false",
            *plugins,
            "markdown_extensions:",
            "  - admonition",
            "  - attr_list",
            "  - footnotes",
            "  - tables",
            "  - toc:",
            "      permalink: true",
            "",
        ]
    )


def generate(
    outdir: Path,
    pages: int,
    works: int,
    seed: int = 1,
    citations: bool = True,
    variant: str = "livingreview",
) -> dict[str, int]:
    """Write the site; return a few counts (for run.py and the summary)."""
    if pages < 1 or works < 4:
        raise ValueError("need at least 1 page and 4 works")
    entries = generate_bibliography(works, seed)
    keys = [entry.key for entry in entries]
    docs = outdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for stale in docs.glob("*.md"):
        stale.unlink()

    def write(path: Path, text: str) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    write(outdir / "mkdocs.yml", mkdocs_yml(pages, works, seed, variant))
    write(outdir / "references.bib", bibliography_text(entries, seed))

    rng = random.Random(f"pages:{seed}")
    deck = KeyDeck(keys, random.Random(f"keys:{seed}")) if citations else None
    width = max(4, len(str(pages)))
    cited: dict[str, None] = {}
    citation_count = 0
    word_count = 0
    key_re = re.compile(r"@([\w:.#$%&\-+?<>~/]*\w)")
    for number in range(1, pages + 1):
        text, page_citations = generate_page(number, deck, rng)
        write(docs / f"chapter-{number:0{width}d}.md", text)
        for key in key_re.findall(text):
            cited[key] = None
        citation_count += page_citations
        word_count += len(text.split())
    write(
        docs / "index.md",
        "# Synthetic review\n\n"
        f"A generated site of {pages} chapters citing {works} works, for "
        "benchmarking builds. Its prose is word salad.\n",
    )
    write(
        docs / "references.md",
        "# References\n\nEvery work cited anywhere in the review, in APA order.\n",
    )
    known = set(keys)
    unknown = [key for key in cited if key not in known]
    if unknown:  # a generator bug: every cited key must be in the .bib
        raise AssertionError(f"cited keys missing from the .bib: {unknown[:5]}")
    return {
        "pages": pages,
        "works": works,
        "cited_works": len(cited),
        "citations": citation_count,
        "words": word_count,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pages", type=int, required=True, help="chapters to write")
    parser.add_argument("--works", type=int, required=True, help="entries in references.bib")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-citations", action="store_true", help="write the same kind of prose, uncited"
    )
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        default="livingreview",
        help="which plugins mkdocs.yml enables (the pages and .bib are the same)",
    )
    args = parser.parse_args(argv)
    counts = generate(
        args.outdir,
        args.pages,
        args.works,
        seed=args.seed,
        citations=not args.no_citations,
        variant=args.variant,
    )
    print(
        f"{args.outdir}: {counts['pages']} pages (~{counts['words'] // max(1, counts['pages'])} "
        f"words each), {counts['citations']} citations of {counts['cited_works']} of "
        f"{counts['works']} works; variant {args.variant}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
