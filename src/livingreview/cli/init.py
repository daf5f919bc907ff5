"""``livingreview init``: a new review that builds and passes its own CI at once.

The files come from ``livingreview/templates/init/``, filled in with the
review's title, its author and the pip requirement its CI installs. Nothing is
written unless every file can be: a file that is there already stops it.

The host (``--host``) decides the configuration file and what the workflows
build with: MkDocs (``mkdocs.yml``, the plugin) or Zensical (``zensical.toml``,
the extension, with copies of livingreview's stylesheet and script under
``docs/``, which no plugin adds there).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from livingreview import __version__
from livingreview.cli.scaffold import ScaffoldError, yaml_string

# Template (under templates/init/) → the file it becomes in the new review.
# Templates have no leading dots, so that packaging keeps them.
FILES = (
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
)
HOSTS = ("mkdocs", "zensical")
# Each host's own files: templates, and files copied from the package as they are.
HOST_FILES = {
    "mkdocs": (
        ("mkdocs.yml", "mkdocs.yml"),
        ("github/workflows/ci.yml", ".github/workflows/ci.yml"),
        ("github/workflows/pages.yml", ".github/workflows/pages.yml"),
    ),
    "zensical": (
        ("zensical.toml", "zensical.toml"),
        ("github/workflows/ci-zensical.yml", ".github/workflows/ci.yml"),
        ("github/workflows/pages-zensical.yml", ".github/workflows/pages.yml"),
    ),
}
HOST_ASSETS = {
    "mkdocs": (),
    "zensical": (
        ("livingreview.css", "docs/assets/livingreview/livingreview.css"),
        ("livingreview.js", "docs/assets/livingreview/livingreview.js"),
    ),
}
# What each host's review runs: its configuration, preview and build commands.
HOST_COMMANDS = {
    "mkdocs": ("mkdocs.yml", "mkdocs serve", "mkdocs build --strict"),
    "zensical": ("zensical.toml", "zensical serve", "zensical build --clean"),
}
# Zensical changes quickly before 1.0: the version livingreview is tested with.
ZENSICAL_REQUIREMENT = "zensical==0.0.73"
DEFAULT_AUTHOR = "The review's contributors"
DEFAULT_REQUIREMENTS = {
    "mkdocs": f"livingreview[mkdocs]=={__version__}",
    "zensical": f"livingreview=={__version__}",
}
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


def targets(host: str) -> list[str]:
    """Every file that init writes for *host*, relative to the review."""
    return sorted(target for _, target in (*FILES, *HOST_FILES[host], *HOST_ASSETS[host]))


def _in_the_way(root: Path, host: str) -> Path | None:
    """The first path that stops init from writing its files, if any."""
    if root.exists() and not root.is_dir():
        return root
    for target in targets(host):
        path = root / target
        if path.exists() or path.is_symlink():
            return path
        for parent in path.relative_to(root).parents:
            folder = root / parent
            if folder != root and folder.exists() and not folder.is_dir():
                return folder
    return None


def init_review(
    root: Path,
    title: str,
    author: str | None = None,
    requirement: str | None = None,
    host: str = "mkdocs",
) -> Initialized:
    """Write a new review into *root* (made if missing) for *host* (one of
    :data:`HOSTS`); never overwrite."""
    title = _one_line(title, "a title", 'livingreview init my-review --title "Urban heat"')
    author = _one_line(author or DEFAULT_AUTHOR, "an author", '--author "Ada Lovelace"')
    requirement = _one_line(
        requirement or DEFAULT_REQUIREMENTS[host],
        "a requirement",
        f"--requirement {DEFAULT_REQUIREMENTS[host]}",
    )
    blocked = _in_the_way(root, host)
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
        # A TOML basic string is JSON's, escapes and all.
        "title_toml": json.dumps(title, ensure_ascii=False),
        "author_toml": json.dumps(author, ensure_ascii=False),
        "requirement": requirement,
        "requirements": requirement + (f"\n{ZENSICAL_REQUIREMENT}" if host == "zensical" else ""),
    }
    values["config"], values["serve"], values["build"] = HOST_COMMANDS[host]
    package = files("livingreview")
    templates = package / "templates" / "init"
    written = []
    copies = [(package / "assets" / name, target, False) for name, target in HOST_ASSETS[host]]
    for source, target, filled in [
        *((templates / source, target, True) for source, target in FILES + HOST_FILES[host]),
        *copies,
    ]:
        text = source.read_text(encoding="utf-8")
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as output:
            output.write(fill(text, values) if filled else text)
        written.append(target)
    return Initialized(root, sorted(written))
