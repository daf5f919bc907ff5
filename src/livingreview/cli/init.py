"""``livingreview init``: a new review that builds and passes its own CI at once.

The files come from ``livingreview/templates/init/``, filled in with the
review's title, its author and the pip requirement its CI installs. Nothing is
written unless every file can be: a file that is there already stops it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from livingreview import __version__
from livingreview.cli.scaffold import ScaffoldError, yaml_string

# Template (under templates/init/) → the file it becomes in the new review.
# Templates have no leading dots, so that packaging keeps them.
FILES = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("references.bib", "references.bib"),
    ("requirements.txt", "requirements.txt"),
    ("docs/index.md", "docs/index.md"),
    ("docs/chapters/01-introduction.md", "docs/chapters/01-introduction.md"),
    ("docs/references.md", "docs/references.md"),
    ("docs/evidence-map.md", "docs/evidence-map.md"),
    ("CITATION.cff", "CITATION.cff"),
    ("CHANGELOG.md", "CHANGELOG.md"),
    ("CONTRIBUTING.md", "CONTRIBUTING.md"),
    ("gitignore", ".gitignore"),
    ("github/workflows/ci.yml", ".github/workflows/ci.yml"),
    ("github/workflows/pages.yml", ".github/workflows/pages.yml"),
)
DEFAULT_AUTHOR = "The review's contributors"
DEFAULT_REQUIREMENT = f"livingreview=={__version__}"
_PLACEHOLDER_RE = re.compile(r"@@([a-z_]+)@@")


@dataclass
class Initialized:
    root: Path
    written: list[str]  # paths relative to root, as POSIX


def fill(template: str, values: dict[str, str]) -> str:
    """*template* with each ``@@name@@`` replaced, in one pass."""
    return _PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], template)


def _one_line(value: str, what: str, example: str) -> str:
    value = value.strip()
    if not value:
        raise ScaffoldError(f"give the review {what}, such as: {example}")
    if "\n" in value or "\r" in value:
        raise ScaffoldError(f"{what} must be one line")
    return value


def _in_the_way(root: Path) -> Path | None:
    """The first path that stops init from writing its files, if any."""
    if root.exists() and not root.is_dir():
        return root
    for target in sorted(target for _, target in FILES):
        path = root / target
        if path.exists() or path.is_symlink():
            return path
        for parent in path.relative_to(root).parents:
            folder = root / parent
            if folder != root and folder.exists() and not folder.is_dir():
                return folder
    return None


def init_review(
    root: Path, title: str, author: str | None = None, requirement: str | None = None
) -> Initialized:
    """Write a new review into *root* (made if missing); never overwrite."""
    title = _one_line(title, "a title", 'livingreview init my-review --title "Urban heat"')
    author = _one_line(author or DEFAULT_AUTHOR, "an author", '--author "Ada Lovelace"')
    requirement = _one_line(
        requirement or DEFAULT_REQUIREMENT, "a requirement", f"--requirement {DEFAULT_REQUIREMENT}"
    )
    blocked = _in_the_way(root)
    if blocked is not None:
        raise ScaffoldError(
            f"{blocked} already exists and init never overwrites a file, so nothing "
            "was written; start the review in an empty or new folder"
        )
    values = {
        "title": title,
        "title_yaml": yaml_string(title),
        "author": author,
        "author_yaml": yaml_string(author),
        "requirement": requirement,
    }
    templates = files("livingreview") / "templates" / "init"
    written = []
    for source, target in FILES:
        text = (templates / source).read_text(encoding="utf-8")
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as output:
            output.write(fill(text, values))
        written.append(target)
    return Initialized(root, sorted(written))
