"""``livingreview new``: a new chapter with the front matter the review expects.

The nav of ``mkdocs.yml`` is edited as text, one line inserted after the last
chapter, so that the file's comments, order and YAML tags stay as they were.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CHAPTER_RE = re.compile(r"^(?P<number>\d{2,})-(?P<slug>.+)\.md$")
# A nav line naming a chapter: "  - chapters/03-x.md" or "  - Title: chapters/03-x.md".
_NAV_CHAPTER_RE = re.compile(
    r"^(?P<indent>\s*)-\s+(?:(?P<title>[^:\n]+):\s+)?(?P<path>chapters/\d{2,}-[^\s#]+\.md)\s*$"
)
_NAV_START_RE = re.compile(r"^nav:\s*$")

TEMPLATE = """\
---
title: {title}
summary: One sentence saying what this chapter covers.
tags:
  - {tag}
---

# {heading}

Write the chapter here. Cite works from `references.bib` with Pandoc's syntax:
`[@key]`, `[@key, p. 12]`, `[see @a; @b]`, or `@key` in the running text.
Add a work to `references.bib` only once its metadata is verified.
"""


class ScaffoldError(Exception):
    """The chapter cannot be created; the message says why."""


@dataclass
class Scaffolded:
    page: Path
    nav_updated: bool


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}")
    return slug


def _yaml_string(text: str) -> str:
    """*text* as a YAML scalar, quoted when YAML would misread it."""
    if re.fullmatch(r"[A-Za-z][\w ,.'()–—-]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_chapter(config_file: Path, docs_dir: Path, title: str) -> Scaffolded:
    """Create ``docs/chapters/NN-slug.md`` and add it to the nav."""
    title = title.strip()
    if not title:
        raise ScaffoldError('give the chapter a title, such as: livingreview new "Methods"')
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
    page = chapters / f"{max(numbers) + 1:02d}-{slug}.md"
    if page.exists():  # pragma: no cover - guarded above; kept against races
        raise ScaffoldError(f"{page} already exists; nothing was changed")
    chapters.mkdir(parents=True, exist_ok=True)
    page.write_text(
        TEMPLATE.format(title=_yaml_string(title), heading=title, tag="governance"),
        encoding="utf-8",
    )
    nav_updated = _add_to_nav(config_file, page.relative_to(docs_dir).as_posix())
    return Scaffolded(page, nav_updated)


def _add_to_nav(config_file: Path, uri: str) -> bool:
    """Insert *uri* after the last chapter of the nav. False if there is no nav."""
    text = config_file.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    last_chapter = None
    nav_start = None
    for index, line in enumerate(lines):
        if _NAV_START_RE.match(line):
            nav_start = index
        elif nav_start is not None and _NAV_CHAPTER_RE.match(line.rstrip("\n")):
            last_chapter = index
    if nav_start is None:
        return False  # MkDocs builds the nav from the files: nothing to add
    if last_chapter is not None:
        match = _NAV_CHAPTER_RE.match(lines[last_chapter].rstrip("\n"))
        assert match is not None
        new_line = f"{match.group('indent')}- {uri}\n"
        position = last_chapter + 1
    else:
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
        new_line = f"{indent}- {uri}\n"
    if position > 0 and not lines[position - 1].endswith("\n"):
        lines[position - 1] += "\n"
    lines.insert(position, new_line)
    config_file.write_text("".join(lines), encoding="utf-8")
    return True
