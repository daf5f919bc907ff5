"""Benchmark livingreview builds against plain Material and mkdocs-bibtex.

    python benchmarks/run.py [--sizes 50x500,300x3000] [--runs 5]
        [--skip-bibtex] [--csl STYLE,...] [--curve] [--python PATH] [--keep]

For each size (PAGESxWORKS) it generates one synthetic site per variant
(benchmarks/generate.py: same pages and .bib, only mkdocs.yml differs) and
builds each variant ``--runs`` times, interleaved (plain, livingreview,
bibtex, plain, livingreview, bibtex, ...) so that drift of the machine hits
every variant alike. Every build is a fresh ``python -m mkdocs build -q -d
DIR`` subprocess, interpreter start-up and imports included, which is what
``mkdocs build`` costs a user.

livingreview is measured twice when it leaves an on-disk cache of the parsed
.bib (``<site>/.cache/livingreview``, plugin option ``cache``): "cold", with
that directory removed (untimed) before every build, and "warm cache", in a
second copy of the site whose cache stays. A livingreview without such a
cache gets one row, "livingreview". (Its in-memory cache only helps
``mkdocs serve`` rebuilds, which this does not measure.)

Before the timed builds each variant is built once untimed and *without*
``-q`` (``-q`` silences warnings): that warms the OS file cache and the
.pyc caches, and its stderr is scanned for warnings, which are reported.

``--csl chicago-author-date,ieee`` adds, for each CSL style named, a cold
and a warm-cache livingreview build of the same site with ``csl: STYLE``
(rendered by Pandoc: see ``livingreview[csl]``), beside the native APA rows.

``--curve`` builds plain and livingreview at 250, 500, 1000 and 2000 pages
(works = 10 x pages) to show whether the time per page stays flat. Alone it
runs only the curve; give ``--sizes`` as well to run both.

mkdocs-bibtex is installed by this script into a throwaway virtualenv in the
temporary directory (never into the environment that runs livingreview),
with mkdocs, Material, Markdown, pymdown-extensions, Pygments and pybtex
pinned to the versions the livingreview environment has, so that the plugin
is the only difference. If that install fails the script says why and goes
on without it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CURVE_PAGES = (250, 500, 1000, 2000)
BIBTEX_SPECS = ("mkdocs-bibtex==4.4.0", "mkdocs-bibtex>=4,<5")
# Distributions pinned in the mkdocs-bibtex venv to the livingreview venv's versions.
CACHE_DIR = Path(".cache/livingreview")  # livingreview's default cache_dir
PINNED = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments", "pybtex")


# --------------------------------------------------------------------------
# Measuring one process
# --------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    rss_mib: float | None
    returncode: int


def measure(command: list[str], cwd: Path, stderr_path: Path, keep_stdout: bool = False) -> Sample:
    """Run *command*; its wall time and its own peak resident set size.

    Its stderr (and, with *keep_stdout*, its stdout) goes to *stderr_path*.

    Peak memory comes from ``os.wait4(pid)``, which reaps exactly this child
    and returns *its* rusage: ``ru_maxrss`` is the high-water mark of that
    process (and of any children it waited for), unaffected by earlier builds.
    ``resource.getrusage(RUSAGE_CHILDREN)`` would not do: it reports the
    maximum over all children ever reaped, so one big build would mask every
    later, smaller one. Nor is a wrapper or GNU ``time`` needed: the command
    measured is exactly the ``python -m mkdocs build`` a user runs. Wall time
    is ``perf_counter`` around spawn and reap, so interpreter start-up and
    imports count. ``ru_maxrss`` is in KiB on Linux and bytes on macOS.
    """
    with open(stderr_path, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=stderr if keep_stdout else subprocess.DEVNULL,
            stderr=stderr,
        )
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024
            rss: float | None = usage.ru_maxrss * scale / 2**20
        else:  # pragma: no cover (Windows): time only
            process.wait()
            seconds = time.perf_counter() - start
            rss = None
    return Sample(seconds, rss, process.returncode)


def tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("    " + line for line in text[-lines:])


# --------------------------------------------------------------------------
# Environments
# --------------------------------------------------------------------------


def versions(python: str, names: tuple[str, ...]) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, sys\n"
        "for n in sys.argv[1:]:\n"
        "    try: print(n, m.version(n))\n"
        "    except m.PackageNotFoundError: pass\n"
    )
    result = subprocess.run(
        [python, "-c", code, *names], capture_output=True, text=True, check=False
    )
    found = {}
    for line in result.stdout.splitlines():
        name, _, version = line.partition(" ")
        found[name] = version
    return found


def install_bibtex(workdir: Path, lr_python: str) -> tuple[str | None, str]:
    """A venv with mkdocs-bibtex; (its python or None, a line to print)."""
    venv = workdir / "bibtex-venv"
    created = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if created.returncode != 0 or not python.exists():
        return None, f"mkdocs-bibtex: skipped, could not create a venv:\n{created.stderr.strip()}"
    pins = [f"{name}=={version}" for name, version in versions(lr_python, PINNED).items()]
    errors = []
    for spec in BIBTEX_SPECS:
        for extra in (pins, ["mkdocs-material"]):  # pinned first, then unpinned
            result = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    spec,
                    *extra,
                ],
                capture_output=True,
                text=True,
                check=False,
                timeout=900,
            )
            if result.returncode == 0:
                got = versions(str(python), ("mkdocs-bibtex", *PINNED))
                note = ", ".join(f"{name} {version}" for name, version in got.items())
                if extra is not pins:
                    note += " (could not pin to the livingreview venv's versions)"
                return str(python), f"mkdocs-bibtex venv: {note}"
            lines = [line for line in result.stderr.splitlines() if "ignored" not in line]
            errors.append(f"pip install {spec} {' '.join(extra)}:\n" + "\n".join(lines[-6:]))
    return None, "mkdocs-bibtex: skipped, install failed:\n" + "\n".join(errors)


def find_check(python: str) -> list[str] | None:
    """The ``livingreview check`` command, if this livingreview has one."""
    script = Path(python).parent / ("livingreview.exe" if os.name == "nt" else "livingreview")
    command = str(script) if script.exists() else shutil.which("livingreview")
    if command is None:
        return None
    try:
        result = subprocess.run(
            [command, "check", "--help"], capture_output=True, text=True, timeout=120, check=False
        )
    except OSError:
        return None
    # Exit 0 alone is not proof: an argparse parser without subcommands
    # handles "--help" before it complains about the stray "check".
    if result.returncode != 0 or not re.search(r"usage:.*\bcheck\b", result.stdout):
        return None
    return [command, "check"]


def source_fingerprint() -> str:
    """A hash of the project's src/, to notice edits made during a run."""
    digest = hashlib.sha256()
    for path in sorted((HERE.parent / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(HERE.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_average() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(HERE.parent), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes in src/" if dirty else "")


# --------------------------------------------------------------------------
# Benchmarks
# --------------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    python: str | None  # None: not a build (check)
    command: list[str]
    site: Path
    cold: bool = False  # remove the site's .cache/ before each run (untimed)
    samples: list[Sample] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: str | None = None

    def median_seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def median_rss(self) -> float | None:
        values = [s.rss_mib for s in self.samples if s.rss_mib is not None]
        return statistics.median(values) if values else None


def build_command(python: str, out: Path, quiet: bool = True) -> list[str]:
    return [python, "-m", "mkdocs", "build", *(["-q"] if quiet else []), "-d", str(out)]


def has_disk_cache(site: Path) -> bool:
    """Whether a build left livingreview's on-disk cache in *site*."""
    return (site / CACHE_DIR).is_dir() and any((site / CACHE_DIR).iterdir())


class Runner:
    """Runs builds in a scratch directory, numbering their outputs."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.counter = 0

    def warm_up(self, variants: list[Variant]) -> None:
        """One untimed build of each, without -q so that warnings are kept."""
        for variant in variants:
            self.one(variant, quiet=False)

    def rounds(self, variants: list[Variant], runs: int) -> None:
        """*runs* interleaved rounds: a, b, c, a, b, c, ..."""
        for _ in range(runs):
            for variant in variants:
                if variant.failed is None:
                    sample = self.one(variant, quiet=True)
                    if variant.failed is None:  # a failed build's time means nothing
                        variant.samples.append(sample)

    def one(self, variant: Variant, quiet: bool) -> Sample:
        self.counter += 1
        out = self.workdir / f"out-{self.counter}"
        err = self.workdir / f"output-{self.counter}.txt"
        if variant.cold:
            # livingreview keeps a parsed .bib in <site>/.cache/livingreview
            # (option cache, default true): remove it so the build is cold.
            shutil.rmtree(variant.site / ".cache", ignore_errors=True)
        is_build = variant.python is not None
        command = build_command(variant.python, out, quiet) if is_build else variant.command
        sample = measure(command, variant.site, err, keep_stdout=not is_build)
        shutil.rmtree(out, ignore_errors=True)
        text = err.read_text(encoding="utf-8", errors="replace")
        if is_build:
            if sample.returncode != 0:
                variant.failed = f"exit {sample.returncode}:\n{tail(err)}"
            if not quiet:
                variant.warnings = [
                    line for line in text.splitlines() if line.startswith(("WARNING", "ERROR"))
                ]
        else:  # livingreview check: whatever it printed, and how it exited
            variant.warnings = [line for line in text.splitlines() if line.strip()]
            if sample.returncode != 0:
                variant.warnings.insert(0, f"(exit {sample.returncode})")
        err.unlink()
        return sample


def fmt_ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "–"
    return f"{value / base:.2f}×"


def fmt_mib(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def run_sizes(args: argparse.Namespace, workdir: Path, bibtex_python: str | None) -> None:
    check = find_check(args.python)
    if check is None:
        print("check: not available")
    else:
        print(f"check: `{' '.join(check)}`, timed in the livingreview site")
    rows: list[str] = []
    details: list[str] = []
    for size in args.sizes:
        pages, works = size
        label = f"{pages} pages × {works} works"
        sites: dict[str, Path] = {}
        started = time.perf_counter()
        for name in ("plain", "livingreview", "livingreview-warm", "bibtex"):
            if name == "bibtex" and bibtex_python is None:
                continue
            sites[name] = workdir / f"site-{pages}x{works}-{name}"
            variant = name.removesuffix("-warm")
            counts = generate.generate(sites[name], pages, works, seed=args.seed, variant=variant)
        print(
            f"\n{label}: generated in {time.perf_counter() - started:.1f} s; "
            f"~{counts['words'] // pages} words a page, {counts['citations']} citations "
            f"of {counts['cited_works']} works",
            flush=True,
        )
        plain = Variant("plain", args.python, [], sites["plain"])
        cold = Variant("livingreview (cold)", args.python, [], sites["livingreview"], cold=True)
        warm = Variant("livingreview (warm cache)", args.python, [], sites["livingreview-warm"])
        variants = [plain, cold, warm]
        for style in args.csl:
            for kind in ("cold", "warm"):
                site = workdir / f"site-{pages}x{works}-csl-{style}-{kind}"
                generate.generate(site, pages, works, seed=args.seed, variant="livingreview")
                config = site / "mkdocs.yml"
                config.write_text(
                    config.read_text(encoding="utf-8").replace(
                        "      bibliography_page: references.md\n",
                        f"      bibliography_page: references.md\n      csl: {style}\n",
                    ),
                    encoding="utf-8",
                )
                name = f"livingreview csl: {style} ({'cold' if kind == 'cold' else 'warm cache'})"
                variants.append(Variant(name, args.python, [], site, cold=kind == "cold"))
        if bibtex_python is not None:
            variants.append(Variant("mkdocs-bibtex", bibtex_python, [], sites["bibtex"]))
        if check is not None:
            variants.append(
                Variant("livingreview check (cold)", None, check, sites["livingreview"], cold=True)
            )
            # As an editor runs it after a build, or CI with .cache/ kept.
            variants.append(
                Variant("livingreview check (warm cache)", None, check, sites["livingreview-warm"])
            )
        runner = Runner(workdir)
        if args.no_warmup:
            runner.one(warm, quiet=True)  # the warm variant needs its cache
        else:
            runner.warm_up(variants)
        if not has_disk_cache(warm.site):
            variants.remove(warm)
            cold.name = "livingreview"
            details.append(f"{label}: no on-disk cache after a build, so no warm variant")
        runner.rounds(variants, args.runs)

        base = variants[0]
        base_s = base.median_seconds() if base.samples else None
        base_rss = base.median_rss() if base.samples else None
        for variant in variants:
            if not variant.samples:
                rows.append(f"| {label} | {variant.name} | failed | – | – | – |")
                details.append(f"{label}, {variant.name}: FAILED {variant.failed}")
                continue
            seconds, rss = variant.median_seconds(), variant.median_rss()
            rows.append(
                f"| {label} | {variant.name} | {seconds:.2f} | {fmt_ratio(seconds, base_s)} | "
                f"{fmt_mib(rss)} | {fmt_ratio(rss, base_rss)} |"
            )
            runs = ", ".join(f"{s.seconds:.2f}" for s in variant.samples)
            details.append(f"{label}, {variant.name}: runs {runs} s")
            if variant.failed:
                details.append(f"{label}, {variant.name}: a run FAILED {variant.failed}")
            if variant.python is None:
                details.append(
                    f"{label}, {variant.name}: printed\n"
                    + "\n".join("    " + line for line in variant.warnings[:5])
                )
            elif variant.warnings:
                details.append(
                    f"{label}, {variant.name}: {len(variant.warnings)} warning lines, e.g.\n"
                    + "\n".join("    " + line for line in variant.warnings[:3])
                )
            else:
                details.append(f"{label}, {variant.name}: no warnings")
    print()
    print("| site | variant | median s | × plain | peak RSS MiB | × plain |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(row)
    print()
    for line in details:
        print(line)


def run_curve(args: argparse.Namespace, workdir: Path) -> None:
    rows = []
    print(
        f"\ncurve: plain and livingreview (cold: no on-disk cache), {args.curve_runs} run(s) "
        "each, works = 10 × pages",
        flush=True,
    )
    for pages in args.curve_pages:
        works = 10 * pages
        sites = {}
        for name in ("plain", "livingreview"):
            sites[name] = workdir / f"curve-{pages}-{name}"
            generate.generate(sites[name], pages, works, seed=args.seed, variant=name)
        plain = Variant("plain", args.python, [], sites["plain"])
        living = Variant("livingreview", args.python, [], sites["livingreview"], cold=True)
        Runner(workdir).rounds([plain, living], args.curve_runs)
        if not plain.samples or not living.samples or plain.failed or living.failed:
            rows.append(f"| {pages} | {works} | failed | | | | | | |")
            print(f"  {pages} pages: FAILED {plain.failed or living.failed}", flush=True)
            continue
        p, lr = plain.median_seconds(), living.median_seconds()
        rows.append(
            f"| {pages} | {works} | {p:.2f} | {lr:.2f} | {1000 * p / pages:.1f} | "
            f"{1000 * lr / pages:.1f} | {1000 * (lr - p) / pages:.1f} | {lr / p:.2f}× | "
            f"{fmt_mib(living.median_rss())} |"
        )
        print(f"  {pages} pages: plain {p:.2f} s, livingreview {lr:.2f} s", flush=True)
        for site in sites.values():
            shutil.rmtree(site, ignore_errors=True)
    print()
    print(
        "| pages | works | plain s | livingreview s | plain ms/page | livingreview ms/page | "
        "added ms/page | × plain | livingreview peak RSS MiB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(row)


def _git(site: Path, *args: str, day: int = 0) -> None:
    """git in *site*, with a fixed author and date (day *day* of 2026)."""
    date = f"@{1767268800 + day * 86400} +0000"  # 2026-01-01 12:00 UTC, plus days
    environment = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=site,
        env=environment,
        check=True,
        capture_output=True,
    )


def make_history(site: Path, releases: int) -> None:
    """Give the generated *site* a git history of *releases* releases that
    ends with its pages as generated.

    The first commit has half the chapters; each release adds an equal
    share of the rest and revises three chapters already there (a citation
    dropped, another added: the What's new entries have works newly and no
    longer cited), with its entry in CHANGELOG.md and CITATION.cff, as
    ``livingreview release`` writes them. The last release restores the
    revised chapters' generated text. Dates are fixed, so the history is the
    same on every run.
    """
    docs = site / "docs"
    chapters = sorted(docs.glob("chapter-*.md"))
    final = {path: path.read_text(encoding="utf-8") for path in chapters}
    half = len(chapters) // 2
    later = chapters[half:]
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      bibliography_page: references.md\n",
            "      bibliography_page: references.md\n      whats_new_page: whats-new.md\n",
        ),
        encoding="utf-8",
    )
    (docs / "whats-new.md").write_text("# What's new\n", encoding="utf-8")
    (site / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    for path in later:
        path.unlink()
    entries: list[str] = []
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "The first chapters", day=0)
    for number in range(1, releases + 1):
        share = later[(number - 1) * len(later) // releases : number * len(later) // releases]
        for path in share:
            path.write_text(final[path], encoding="utf-8")
        present = [path for path in chapters if path.exists()]
        for path in present[number % 7 :: max(1, len(present) // 3)][:3]:
            text = path.read_text(encoding="utf-8")
            cited = re.findall(r"\[@([^\];, ]+)\]", text)
            if len(cited) > 1:
                text = text.replace(f"[@{cited[0]}]", f"[@{cited[1]}]", 1)
            path.write_text(text, encoding="utf-8")
        if number == releases:  # the last release: every chapter as generated
            for path in chapters:
                path.write_text(final[path], encoding="utf-8")
        version = f"1.{number}"
        day = 7 * number
        date = time.strftime("%Y-%m-%d", time.gmtime(1767268800 + day * 86400))
        entries.insert(0, f"## [{version}] - {date}\n\nRelease {number}: {len(share)} chapters.\n")
        (site / "CHANGELOG.md").write_text(
            "# Changelog\n\n## [Unreleased]\n\n" + "\n".join(entries), encoding="utf-8"
        )
        (site / "CITATION.cff").write_text(
            f'cff-version: 1.2.0\ntitle: "Synthetic review"\nauthors:\n  - name: Bench\n'
            f'version: "{version}"\ndate-released: {date}\n',
            encoding="utf-8",
        )
        _git(site, "add", "-A")
        _git(site, "commit", "-q", "-m", f"Release {version}", day=day)
    for path in chapters:  # the last release left every chapter as generated
        assert path.read_text(encoding="utf-8") == final[path], path


def run_history(args: argparse.Namespace, workdir: Path) -> None:
    """The 300-page site with and without a history of 50 releases."""
    pages, works = args.history_size
    label = f"{pages} pages × {works} works"
    started = time.perf_counter()
    sites = {name: workdir / f"history-{name}" for name in ("plain", "history", "history-warm")}
    generate.generate(sites["plain"], pages, works, seed=args.seed, variant="plain")
    generate.generate(sites["history"], pages, works, seed=args.seed, variant="livingreview")
    make_history(sites["history"], args.releases)
    shutil.copytree(sites["history"], sites["history-warm"])
    # The same files without .git: livingreview says there is no history.
    sites["nogit"] = workdir / "history-nogit"
    shutil.copytree(sites["history"], sites["nogit"], ignore=shutil.ignore_patterns(".git"))
    sites["nogit-warm"] = workdir / "history-nogit-warm"
    shutil.copytree(sites["nogit"], sites["nogit-warm"])
    print(
        f"\nhistory: {label} with {args.releases} releases, made in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    variants = [
        Variant("plain", args.python, [], sites["plain"]),
        Variant("livingreview, no git (cold)", args.python, [], sites["nogit"], cold=True),
        Variant("livingreview, no git (warm cache)", args.python, [], sites["nogit-warm"]),
        Variant(
            f"livingreview, {args.releases} releases (cold)",
            args.python,
            [],
            sites["history"],
            cold=True,
        ),
        Variant(
            f"livingreview, {args.releases} releases (warm cache)",
            args.python,
            [],
            sites["history-warm"],
        ),
    ]
    runner = Runner(workdir)
    runner.warm_up(variants)
    runner.rounds(variants, args.runs)
    base = variants[1]
    base_s = base.median_seconds() if base.samples else None
    plain_s = variants[0].median_seconds() if variants[0].samples else None
    print()
    print("| site | variant | median s | × plain | × livingreview (same cache) | peak RSS MiB |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for index, variant in enumerate(variants):
        if not variant.samples:
            print(f"| {label} | {variant.name} | failed | – | – | – |")
            print(f"    {variant.failed}")
            continue
        seconds = variant.median_seconds()
        same = variants[1 + (index - 1) % 2] if index else None  # cold with cold
        same_s = same.median_seconds() if same is not None and same.samples else base_s
        print(
            f"| {label} | {variant.name} | {seconds:.2f} | {fmt_ratio(seconds, plain_s)} | "
            f"{fmt_ratio(seconds, same_s) if index else '–'} | {fmt_mib(variant.median_rss())} |"
        )
    for variant in variants:
        runs = ", ".join(f"{s.seconds:.2f}" for s in variant.samples)
        print(f"{variant.name}: runs {runs} s; {len(variant.warnings)} warning lines")
        for line in variant.warnings[:3]:
            print(f"    {line}")


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*x\s*(\d+)\s*", part)
        if not match:
            raise argparse.ArgumentTypeError(f"size {part!r} is not PAGESxWORKS, e.g. 50x500")
        sizes.append((int(match.group(1)), int(match.group(2))))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="comma-separated PAGESxWORKS (default 50x500,300x3000)",
    )
    parser.add_argument(
        "--csl",
        type=lambda text: [style for style in text.split(",") if style],
        default=[],
        help="CSL styles to build the livingreview site with too (comma-separated ids)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed builds per variant and size")
    parser.add_argument("--skip-bibtex", action="store_true", help="leave mkdocs-bibtex out")
    parser.add_argument(
        "--curve",
        action="store_true",
        help="livingreview vs plain at 250-2000 pages (alone: only this)",
    )
    parser.add_argument(
        "--curve-pages",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(CURVE_PAGES),
        help="pages for --curve (default 250,500,1000,2000)",
    )
    parser.add_argument("--curve-runs", type=int, default=1, help="builds per point of --curve")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the python that has livingreview (default: this one)",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="livingreview with and without a git history of --releases releases "
        "(alone: only this)",
    )
    parser.add_argument(
        "--history-size",
        type=lambda text: parse_sizes(text)[0],
        default=(300, 3000),
        help="PAGESxWORKS for --history (default 300x3000)",
    )
    parser.add_argument("--releases", type=int, default=50, help="releases for --history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first build")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.sizes is None and not args.curve and not args.history:
        args.sizes = parse_sizes("50x500,300x3000")

    workdir = Path(tempfile.mkdtemp(prefix="livingreview-bench-"))
    fingerprint = source_fingerprint()
    try:
        lr_versions = versions(args.python, ("livingreview", *PINNED))
        print(f"python: {args.python}")
        print("livingreview venv: " + ", ".join(f"{n} {v}" for n, v in lr_versions.items()))
        print(f"project: {git_state()}; {os.cpu_count()} CPUs; workdir {workdir}")
        print(f"load average at start: {load_average()}")
        if args.sizes:
            bibtex_python = None
            if args.skip_bibtex:
                print("mkdocs-bibtex: skipped (--skip-bibtex)")
            else:
                print("mkdocs-bibtex: installing into a throwaway venv ...", flush=True)
                bibtex_python, note = install_bibtex(workdir, args.python)
                print(note)
            run_sizes(args, workdir, bibtex_python)
        if args.curve:
            run_curve(args, workdir)
        if args.history:
            run_history(args, workdir)
        print(f"\nload average at end: {load_average()} (other work on the machine skews times)")
        if source_fingerprint() != fingerprint:
            print(
                "\nWARNING: src/ changed while the benchmark ran; the livingreview "
                "numbers mix versions of the code. Run it again on a quiet tree."
            )
    finally:
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
