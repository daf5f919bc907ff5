"""``livingreview new``: a new chapter with the front matter the review expects.

The nav of ``mkdocs.yml`` (or ``zensical.toml``) is edited as text, one line
inserted after the last chapter (or after the chapter given with ``--after``),
so that the file's comments, order and YAML tags stay as they were. A TOML nav
is edited only where it lists its chapters one per line, and the edited file
is read back to make sure that nothing but the new chapter changed; else the
chapter is created and the editor told to add it to the nav.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livingreview.markdown.pages import PLACEHOLDER_SUMMARY, PLACEHOLDER_TEXT
from livingreview.site.standalone import nav_pages, toml_loads

CHAPTER_RE = re.compile(r"^(?P<number>\d{2,})-(?P<slug>.+)\.md$")
# A nav line naming a chapter: "  - chapters/03-x.md" or "  - Title: chapters/03-x.md",
# maybe with a comment after it.
_NAV_CHAPTER_RE = re.compile(
    r"^(?P<indent>\s*)-\s+(?:(?P<title>[^:\n]+):\s+)?"
    r"(?P<path>chapters/\d{2,}-[^\s#]+\.md)(?:\s+#.*)?\s*$"
)
_NAV_START_RE = re.compile(r"^nav:\s*$")
# The same in zensical.toml: '  "chapters/03-x.md",' or '  { "Title" = "chapters/03-x.md" },'.
_TOML_CHAPTER_RE = re.compile(
    r"^(?P<indent>\s*)(?P<value>(?:\{\s*(?:\"[^\"\n]*\"|'[^'\n]*'|[\w-]+)\s*=\s*)?"
    r"(?P<quote>[\"'])(?P<path>chapters/\d{2,}-[^\"'\s]+\.md)(?P=quote)(?:\s*\})?)"
    r"(?P<comma>\s*,)?(?P<rest>\s*(?:#.*)?)$"
)
_TOML_NAV_START_RE = re.compile(r"^nav\s*=")

# The placeholders are the ones check and the build report when left in place.
TEMPLATE = f"""\
---
title: {{title}}
summary: {PLACEHOLDER_SUMMARY}
tags:
  - {{tag}}
---

# {{heading}}

{PLACEHOLDER_TEXT} Cite works from `references.bib` with Pandoc's syntax:
`[@key]`, `[@key, p. 12]`, `[see @a; @b]`, or `@key` in the running text.
Add a work to `references.bib` only once its metadata is verified.
"""


class ScaffoldError(Exception):
    """The chapter cannot be created; the message says why."""


@dataclass
class Scaffolded:
    page: Path
    nav_updated: bool
    placed: str = ""  # "after chapters/03-x.md" when not simply after the last
    add_yourself: str = ""  # why the nav is the editor's to change (zensical.toml)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}")
    return slug


def yaml_string(text: str) -> str:
    """*text* as a YAML scalar, quoted when YAML would misread it."""
    if re.fullmatch(r"[A-Za-z][\w ,.'()–—-]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_chapter(
    config_file: Path, docs_dir: Path, title: str, after: int | None = None
) -> Scaffolded:
    """Create ``docs/chapters/NN-slug.md`` and add it to the nav.

    Without *after* it goes after the last chapter of the nav and gets the
    number after the highest in use. With *after* = N it goes right after
    chapter N in the nav (0: before the first) and gets N + 1 if no chapter
    has that number yet, else the number after the highest in use: existing
    files are never renumbered, and the nav, not the number, sets the order.
    """
    title = title.strip()
    if not title:
        raise ScaffoldError('give the chapter a title, such as: livingreview new "Methods"')
    if after is not None and after < 0:
        raise ScaffoldError(
            f"--after {after}: give the number of a chapter, or 0 to put the new one first"
        )
    chapters = docs_dir / "chapters"
    slug = slugify(title)
    numbers = [0]
    for existing in sorted(chapters.glob("*.md")) if chapters.is_dir() else []:
        match = CHAPTER_RE.match(existing.name)
        if not match:
            continue
        numbers.append(int(match.group("number")))
        if match.group("slug") == slug:
            raise ScaffoldError(
                f"a chapter with this title already exists: {existing}; "
                "choose another title or edit that chapter"
            )
    number = max(numbers) + 1
    if after is not None and after + 1 not in numbers:
        number = after + 1
    page = chapters / f"{number:02d}-{slug}.md"
    if page.exists():  # pragma: no cover - guarded above; kept against races
        raise ScaffoldError(f"{page} already exists; nothing was changed")
    uri = page.relative_to(docs_dir).as_posix()
    config_text = config_file.read_text(encoding="utf-8")
    if config_file.suffix == ".toml":
        edited = _add_to_toml_nav(config_text, uri, after, config_file.name)
    else:
        edited = _add_to_nav(config_text, uri, after, config_file.name)
    placed = edited if isinstance(edited, _Placed) else None
    add_yourself = edited if isinstance(edited, str) else ""
    chapters.mkdir(parents=True, exist_ok=True)
    page.write_text(
        TEMPLATE.format(title=yaml_string(title), heading=title, tag="governance"),
        encoding="utf-8",
    )
    if placed is None:
        return Scaffolded(page, nav_updated=False, add_yourself=add_yourself)
    config_file.write_text(placed.text, encoding="utf-8")
    return Scaffolded(page, nav_updated=True, placed=placed.where)


@dataclass
class _Placed:
    text: str  # the new mkdocs.yml
    where: str  # "after chapters/03-x.md", "before …", or "" after the last chapter


def _chapter_number(line: str, pattern: re.Pattern[str] = _NAV_CHAPTER_RE) -> int | None:
    match = pattern.match(line.rstrip("\n"))
    if match is None:
        return None
    name = match.group("path").removeprefix("chapters/")
    chapter = CHAPTER_RE.match(name)
    return int(chapter.group("number")) if chapter else None


def _add_to_nav(
    text: str, uri: str, after: int | None, config_name: str, toml: bool = False
) -> _Placed | str | None:
    """*text* (a mkdocs.yml, or with *toml* a zensical.toml) with *uri* in its
    nav; ``None`` if it has no nav; for a TOML nav without a chapter on a line
    of its own, why it cannot be edited.

    The nav line goes after the last chapter, or after chapter *after* (0:
    before the first chapter)."""
    start_re, chapter_re = (
        (_TOML_NAV_START_RE, _TOML_CHAPTER_RE)
        if toml
        else (
            _NAV_START_RE,
            _NAV_CHAPTER_RE,
        )
    )
    lines = text.splitlines(keepends=True)
    nav_start = None
    chapter_lines: list[int] = []
    for index, line in enumerate(lines):
        if start_re.match(line):
            nav_start = index
        elif nav_start is not None and chapter_re.match(line.rstrip("\n")):
            chapter_lines.append(index)
    if nav_start is None:
        if after is not None:
            raise ScaffoldError(
                f"--after needs a nav in {config_name}: without one "
                f"{'Zensical' if toml else 'MkDocs'} orders the chapters by file name; "
                "nothing was changed"
            )
        return None  # the host makes the nav from the files: nothing to add
    if toml and not chapter_lines:
        return "its nav lists no chapter on a line of its own"
    where = ""  # said only when the place is not simply after the last chapter
    if after is not None and (after > 0 or chapter_lines):
        if after == 0:
            anchor, position, where = chapter_lines[0], chapter_lines[0], "before"
        else:
            numbers = [_chapter_number(lines[i], chapter_re) for i in chapter_lines]
            matching = [i for i, n in zip(chapter_lines, numbers, strict=True) if n == after]
            if not matching:
                known = [n for n in numbers if n is not None]
                hint = (
                    f"give --after the number of a chapter listed there, such as {known[-1]:02d}"
                    if known
                    else "it lists no chapter yet; leave out --after"
                )
                raise ScaffoldError(
                    f"--after {after}: there is no chapter {after:02d} in the nav of "
                    f"{config_name}; {hint}; nothing was changed"
                )
            anchor, where = matching[-1], "after"
            position = anchor + 1
    elif chapter_lines:
        anchor = chapter_lines[-1]
        position = anchor + 1
    else:
        anchor = None
        position = nav_start + 1
        while position < len(lines) and (
            lines[position].startswith((" ", "\t", "-")) or not lines[position].strip()
        ):
            position += 1
        indent = "  "
        for line in lines[nav_start + 1 : position]:
            if line.strip():
                indent = line[: len(line) - len(line.lstrip())]
                break
    if anchor is not None:  # the new line is indented as the chapter next to it
        match = chapter_re.match(lines[anchor].rstrip("\n"))
        assert match is not None
        indent = match.group("indent")
        where = f"{where} {match.group('path')}" if where else ""
        if toml and position > anchor and not match.group("comma"):
            # The new entry follows the last of an array: a comma between them.
            lines[anchor] = (
                f"{indent}{match.group('value')},{match.group('rest')}"
                + lines[anchor][len(lines[anchor].rstrip("\n")) :]
            )
    new_line = f'{indent}"{uri}",\n' if toml else f"{indent}- {uri}\n"
    if position > 0 and not lines[position - 1].endswith("\n"):
        lines[position - 1] += "\n"
    lines.insert(position, new_line)
    return _Placed("".join(lines), where)


def _without_nav(data: Any) -> tuple[Any, list[str]]:
    """A parsed zensical.toml without its nav, and the nav's pages."""
    project = data.get("project", data) if isinstance(data, dict) else {}
    rest = {key: value for key, value in data.items() if key != "project"}
    rest["project"] = {key: value for key, value in project.items() if key != "nav"}
    return rest, list(nav_pages(project.get("nav")))


def _add_to_toml_nav(
    text: str, uri: str, after: int | None, config_name: str
) -> _Placed | str | None:
    """:func:`_add_to_nav` for a zensical.toml, read back: anything else
    changed (or the file no longer TOML) and it is left as it is, with why."""
    placed = _add_to_nav(text, uri, after, config_name, toml=True)
    if not isinstance(placed, _Placed):
        return placed
    try:
        before, before_nav = _without_nav(toml_loads(text))
        edited, edited_nav = _without_nav(toml_loads(placed.text))
    except ValueError:  # TOML's error; the host reports a file it cannot read
        return "it is not valid TOML"
    found = uri in edited_nav
    if found:
        edited_nav.remove(uri)
    if not found or edited != before or edited_nav != before_nav:
        return "livingreview cannot tell where its nav lists the chapters"
    return placed
