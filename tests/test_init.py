"""A newcomer starts a review with ``livingreview init`` and it works at once."""

from __future__ import annotations

import fnmatch
import html
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from livingreview import __version__
from livingreview.cli.init import FILES, HOST_FILES, targets
from livingreview.cli.main import main
from livingreview.site.standalone import toml_loads
from tests.conftest import Site

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "src" / "livingreview" / "templates" / "init"
TITLE = "Wicked problems: a living review"
WRITTEN = [
    ".github/workflows/ci.yml",
    ".github/workflows/pages.yml",
    ".gitignore",
    "CHANGELOG.md",
    "CITATION.cff",
    "CONTRIBUTING.md",
    "docs/chapters/01-introduction.md",
    "docs/evidence-map.md",
    "docs/index.md",
    "docs/references.md",
    "mkdocs.yml",
    "references.bib",
    "requirements.txt",
]
# The same review for Zensical: its configuration, and livingreview's
# stylesheet and script, which no plugin adds under Zensical.
ZENSICAL_WRITTEN = sorted(
    [path for path in WRITTEN if path != "mkdocs.yml"]
    + [
        "docs/assets/livingreview/livingreview.css",
        "docs/assets/livingreview/livingreview.js",
        "zensical.toml",
    ]
)
RITTEL = (
    "@article{rittel1973,\n"
    "  author  = {Rittel, Horst W. J. and Webber, Melvin M.},\n"
    "  title   = {Dilemmas in a General Theory of Planning},\n"
    "  journal = {Policy Sciences},\n"
    "  volume  = {4},\n"
    "  number  = {2},\n"
    "  pages   = {155--169},\n"
    "  year    = {1973},\n"
    "  doi     = {10.1007/BF01405730}\n"
    "}\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """*command* as a workflow's ``run:`` runs it, with this Python's tools first."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def steps(review: Path, workflow: str) -> list[dict[str, str]]:
    data = yaml.safe_load((review / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_a_newcomer_starts_a_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = tmp_path / "my-review"
    code, out, err = run(capsys, "init", str(review), "--title", TITLE)
    assert (code, err) == (0, "")
    assert out == (
        f"created a new review in {review.as_posix()}:\n"
        + "".join(f"  {path}\n" for path in WRITTEN)
        + "next, check it and preview it:\n"
        f"  cd {shlex.quote(review.as_posix())} && livingreview check --strict\n"
        "  mkdocs serve\n"
    )
    assert listing(review) == WRITTEN
    for path in WRITTEN:
        assert "@@" not in (review / path).read_text(encoding="utf-8"), path
    assert (review / "references.bib").read_text(encoding="utf-8") == RITTEL
    assert (
        (review / "requirements.txt")
        .read_text(encoding="utf-8")
        .endswith(f"\nlivingreview[mkdocs]=={__version__}\n")
    )

    config = yaml.safe_load((review / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == TITLE
    assert config["site_url"] == "https://example.org/your-review/"
    assert config["theme"]["name"] == "material"
    assert config["watch"] == ["references.bib"]
    assert config["plugins"][1] == {
        "livingreview": {
            "bibliography": "references.bib",
            "bibliography_page": "references.md",
            "evidence_map_page": "evidence-map.md",
        }
    }
    citation = yaml.safe_load((review / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["title"] == TITLE
    assert citation["authors"] == [{"name": "The review's contributors"}]
    assert "\n## [Unreleased]\n" in (review / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (review / ".gitignore").read_text(encoding="utf-8").splitlines()[1:3] == [
        "site/",
        ".cache/",
    ]
    guide = (review / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "**Set `site_url`**" in guide and "`https://example.org/your-review/`" in guide

    # The review's own checks pass as they are; check notes the placeholder.
    code, out, _ = run(capsys, "check", "--strict", "-f", str(review / "mkdocs.yml"))
    assert code == 0
    assert out.splitlines()[0].startswith("mkdocs.yml:")
    assert " note site-url-placeholder: " in out.splitlines()[0]
    built = shell("mkdocs build --strict", review)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    chapter = (review / "site/chapters/01-introduction/index.html").read_text(encoding="utf-8")
    assert ">Rittel &amp; Webber, 1973</a>)" in chapter
    bibliography = (review / "site/references/index.html").read_text(encoding="utf-8")
    assert 'id="ref-rittel1973"' in bibliography
    evidence = (review / "site/evidence-map/index.html").read_text(encoding="utf-8")
    assert "rittel1973" in evidence


def test_a_newcomer_starts_a_review_for_zensical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (Path(sys.executable).parent / "zensical").exists():
        pytest.skip("zensical is not installed (pip install -e '.[hosts]')")
    review = tmp_path / "my-review"
    code, out, err = run(
        capsys, "init", str(review), "--title", 'Heat "islands"', "--host", "zensical"
    )
    assert (code, err) == (0, "")
    assert out == (
        f"created a new review in {review.as_posix()}:\n"
        + "".join(f"  {path}\n" for path in ZENSICAL_WRITTEN)
        + "next, check it and preview it:\n"
        f"  cd {shlex.quote(review.as_posix())} && livingreview check --strict\n"
        "  zensical serve\n"
    )
    assert listing(review) == ZENSICAL_WRITTEN
    assert (
        (review / "requirements.txt")
        .read_text(encoding="utf-8")
        .endswith(f"\nlivingreview=={__version__}\nzensical==0.0.73\n")
    )
    project = toml_loads((review / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert project["site_name"] == 'Heat "islands"'
    assert project["watch"] == ["references.bib"]
    assert project["extra_css"] == ["assets/livingreview/livingreview.css"]
    assert project["extra_javascript"] == ["assets/livingreview/livingreview.js"]
    assert project["markdown_extensions"]["livingreview"] == {
        "bibliography": "references.bib",
        "config_file": "zensical.toml",
        "bibliography_page": "references.md",
        "evidence_map_page": "evidence-map.md",
        "strict": True,
    }
    guide = (review / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "mkdocs" not in guide
    assert "zensical build --clean         # what CI runs" in guide

    # What the workflows run: check, then a build that the extension's strict fails.
    runs = [s["run"] for s in steps(review, "ci.yml") if "run" in s]
    assert runs == [
        "python -m pip install -r requirements.txt",
        "livingreview check --strict --format github",
        "zensical build --clean",
    ]
    assert [s["run"] for s in steps(review, "pages.yml") if "run" in s][-1] == (
        "zensical build --clean"
    )
    for command in runs[1:]:
        result = shell(command, review)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "::error" not in result.stdout
    chapter = (review / "site/chapters/01-introduction/index.html").read_text(encoding="utf-8")
    assert ">Rittel &amp; Webber, 1973</a>)" in chapter
    assert 'href="../../assets/livingreview/livingreview.css"' in chapter
    bibliography = (review / "site/references/index.html").read_text(encoding="utf-8")
    assert 'id="ref-rittel1973"' in bibliography
    assert "Dilemmas in a general theory of planning" in bibliography

    # The build fails on a problem, as strict = true asks.
    page = review / "docs/chapters/01-introduction.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("gives [@rittel1973]", "gives [@ritel1973]"),
        encoding="utf-8",
    )
    failed = shell("zensical build --clean", review)
    assert failed.returncode != 0
    assert (
        "livingreview: 1 problem (the extension's strict option is on); the first: "
        "docs/chapters/01-introduction.md:14:40: unknown citation key 'ritel1973' "
        "(did you mean 'rittel1973'?)"
    ) in failed.stdout + failed.stderr


def test_the_review_passes_its_own_workflows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = tmp_path / "review"
    assert run(capsys, "init", str(review), "--title", TITLE)[0] == 0
    ci = steps(review, "ci.yml")
    pages = steps(review, "pages.yml")
    runs = {workflow: [s["run"] for s in found if "run" in s] for workflow, found in
            (("ci.yml", ci), ("pages.yml", pages))}  # fmt: skip
    assert runs == {
        "ci.yml": [
            "python -m pip install -r requirements.txt",
            "livingreview check --strict --format github",
            "mkdocs build --strict",
        ],
        "pages.yml": [
            "python -m pip install -r requirements.txt",
            "livingreview check --strict",
            "mkdocs build --strict --site-dir site",
        ],
    }
    assert "actions/deploy-pages@v4" in [s.get("uses") for s in pages]
    for command in runs["ci.yml"] + runs["pages.yml"]:
        if "pip install" in command:
            continue  # the package index is not the test's to reach
        result = shell(command, review)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "WARNING" not in result.stderr
        assert "::error" not in result.stdout
    assert (review / "site/index.html").is_file()


def test_init_here_with_an_author_and_a_requirement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # an existing repository is fine: init writes none of it
    (tmp_path / "README.md").write_text("# Mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(
        capsys,
        "init",
        "--title",
        'Heat "islands"',
        "--author",
        "Ada Lovelace",
        "--requirement",
        "livingreview @ git+https://example.org/fork.git@v1",
    )
    assert code == 0
    assert out.startswith("created a new review in .:\n  .github/workflows/ci.yml\n")
    assert out.endswith(
        "next, check it and preview it:\n  livingreview check --strict\n  mkdocs serve\n"
    )
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Mine\n"
    assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == (
        'Heat "islands"'
    )
    citation = yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))
    assert (citation["title"], citation["authors"]) == (
        'Heat "islands"',
        [{"name": "Ada Lovelace"}],
    )
    assert (
        (tmp_path / "requirements.txt")
        .read_text(encoding="utf-8")
        .endswith("\nlivingreview @ git+https://example.org/fork.git@v1\n")
    )
    assert '# Heat "islands"\n' in (tmp_path / "docs/index.md").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = tmp_path / "review"
    (review / "docs").mkdir(parents=True)
    (review / "docs/index.md").write_text("mine\n", encoding="utf-8")
    (review / "CHANGELOG.md").write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, "init", str(review), "--title", TITLE)
    assert (code, out) == (2, "")
    assert err == (
        f"livingreview: {review / 'CHANGELOG.md'} already exists and init never overwrites "
        "a file, so nothing was written; start the review in an empty or new folder\n"
    )
    assert listing(review) == ["CHANGELOG.md", "docs/index.md"]
    assert (review / "docs/index.md").read_text(encoding="utf-8") == "mine\n"

    # An empty folder is fine; a second init into it is refused.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "init", str(empty), "--title", TITLE)[0] == 0
    before = {path: (empty / path).read_bytes() for path in listing(empty)}
    code, _, err = run(capsys, "init", str(empty), "--title", "Another")
    assert code == 2
    assert err.startswith(f"livingreview: {empty / '.github/workflows/ci.yml'} already exists and")
    assert {path: (empty / path).read_bytes() for path in listing(empty)} == before

    # A file where a folder must go, or DIR itself a file.
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".github").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "init", str(blocked), "--title", TITLE)
    assert code == 2
    assert err.startswith(f"livingreview: {blocked / '.github'} already exists and")
    assert listing(blocked) == [".github"]
    code, _, err = run(capsys, "init", str(blocked / ".github"), "--title", TITLE)
    assert code == 2
    assert err.startswith(f"livingreview: {blocked / '.github'} already exists and")


def test_init_needs_a_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "init", str(tmp_path), "--title", "  ")
    assert (code, out) == (2, "")
    assert err == (
        "livingreview: give the review a title, such as: "
        'livingreview init my-review --title "Urban heat"\n'
    )
    code, _, err = run(capsys, "init", str(tmp_path), "--title", "Two\nlines")
    assert (code, err) == (2, "livingreview: a title must be one line\n")
    assert listing(tmp_path) == []


def test_an_editor_adds_a_chapter_to_a_new_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "init", str(tmp_path), "--title", TITLE)[0] == 0
    config = str(tmp_path / "mkdocs.yml")
    code, out, _ = run(capsys, "new", "Methods", "-f", config)
    assert (code, out) == (
        0,
        "created docs/chapters/02-methods.md; added it to the nav of mkdocs.yml\n",
    )
    assert (
        "      - chapters/01-introduction.md\n      - chapters/02-methods.md\n  - References"
        in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    )
    # What `new` wrote is a placeholder, and check says so until it is replaced.
    code, out, _ = run(capsys, "check", "--strict", "-f", config)
    assert code == 1
    assert [line.split(": ", 2)[:2] for line in out.splitlines()[:2]] == [
        ["docs/chapters/02-methods.md:3:1", "error placeholder-text"],
        ["docs/chapters/02-methods.md:10:1", "error placeholder-text"],
    ]
    chapter = tmp_path / "docs/chapters/02-methods.md"
    chapter.write_text(
        "---\ntitle: Methods\nsummary: How the works were found.\ntags:\n  - method\n---\n\n"
        "# Methods\n\nThe search began from problems no one sector owns [@rittel1973].\n",
        encoding="utf-8",
    )
    assert run(capsys, "check", "--strict", "-f", config)[0] == 0
    built = shell("mkdocs build --strict", tmp_path)
    assert built.returncode == 0, built.stderr


def test_the_new_reviews_citation_table_matches_its_site(
    make_site: Callable[..., Site],
) -> None:
    guide = (TEMPLATES / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|$", guide, re.MULTILINE)
    assert len(rows) == 4
    site = make_site(
        {"index.md": "\n\n".join(markdown for markdown, _ in rows) + "\n"},
        bib=(TEMPLATES / "references.bib").read_text(encoding="utf-8"),
    )
    assert site.warnings == []
    paragraphs = re.findall(r"<p>(.*?)</p>", site.html().split('<h2 class="references')[0])
    assert [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs] == [
        shown for _, shown in rows
    ]


def test_every_template_is_written_and_packaged() -> None:
    templates = sorted(
        p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file()
    )
    every = FILES + HOST_FILES["mkdocs"] + HOST_FILES["zensical"]
    assert sorted(source for source, _ in every) == templates
    assert targets("mkdocs") == sorted(WRITTEN)
    assert targets("zensical") == sorted(ZENSICAL_WRITTEN)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(
        r"\[tool\.setuptools\.package-data\]\nlivingreview = \[(.*?)\]", pyproject, re.S
    )
    assert block is not None
    patterns = re.findall(r'"([^"]+)"', block.group(1))
    for template in templates:
        path = f"templates/init/{template}"
        # setuptools' globs do not cross a "/" with "*": compare part by part.
        assert any(
            len(pattern.split("/")) == len(path.split("/")) and fnmatch.fnmatch(path, pattern)
            for pattern in patterns
        ), template
