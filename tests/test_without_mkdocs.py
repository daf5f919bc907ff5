"""The engine works without MkDocs: a Zensical review installs ``livingreview``
alone, and MkDocs and Material come with the ``livingreview[mkdocs]`` extra.

Each test runs Python in a subprocess where importing ``mkdocs`` or
``material`` fails, as it would where they are not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "samples"
# Put before any other finder: mkdocs, material and their modules cannot be imported.
BLOCK = """
import sys

class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "material"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NotInstalled())
"""


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK + code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_engine_imports_and_checks_without_mkdocs(tmp_path: Path) -> None:
    root = tmp_path / "review"
    shutil.copytree(SAMPLE / "zensical", root)
    chapter = root / "docs" / "chapters" / "01-foundations.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("[@gray1989]", "[@gray1898]"), encoding="utf-8")
    result = _python(
        "import livingreview.cli, livingreview.site.extension, livingreview.site.standalone\n"
        "import markdown\n"
        "html = markdown.markdown('[@putnam2000]', extensions=['livingreview'],\n"
        "    extension_configs={'livingreview': {'bibliography': 'references.bib'}})\n"
        "print(html.replace(chr(10), ' '))\n"
        "code = livingreview.cli.main(['check'])\n"
        "assert 'mkdocs' not in sys.modules and 'material' not in sys.modules\n"
        "sys.exit(code)\n",
        root,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[1:] == [
        "docs/chapters/01-foundations.md:9:67: error unknown-key: unknown citation key "
        "'gray1898' (did you mean 'gray1989'?)",
        "references.bib:4: warning unused-work: entry 'gray1989' is not cited on any page",
        "3 pages, 2 citations, 1 works cited, 1 works unused",
    ]
    assert 'href="#ref-putnam2000"' in result.stdout.splitlines()[0]


def test_what_needs_mkdocs_says_so(tmp_path: Path) -> None:
    root = tmp_path / "review"
    shutil.copytree(SAMPLE / "review", root)
    result = _python(
        "import livingreview.cli\n"
        "codes = [livingreview.cli.main(['check']), livingreview.cli.main(['pdf'])]\n"
        "sys.exit(10 * codes[0] + codes[1])\n",
        root,
    )
    assert (result.returncode, result.stdout) == (21, "")
    assert result.stderr == (
        "livingreview: reading mkdocs.yml needs MkDocs; install livingreview[mkdocs]\n"
        "livingreview: the pdf command needs MkDocs; install livingreview[mkdocs]\n"
    )
