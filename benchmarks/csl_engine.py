"""Time one CSL batch through each Pandoc: 300 items, 1,300 citations.

    python benchmarks/csl_engine.py [--pandoc PATH ...] [--styles apa,ieee]
        [--items 300] [--citations 1300] [--runs 1]

The items are made up (seeded), with family names shared by works of
different authors so that author-date styles disambiguate by given name,
as a real review's do. Each run is one ``render()`` (one Pandoc process);
the figures are wall time and the CPU time of the Pandoc process. Without
``--pandoc`` it measures the Pandoc on PATH and the one that pypandoc-binary
ships, where they exist. Then it compares the outputs of the
Pandocs for each style and prints how many citations and entries differ.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from livingreview.styles.csl.engine import CslCitation, CslCite, Rendered, render  # noqa: E402
from livingreview.styles.csl.pandoc import Pandoc, bundled_path, probe  # noqa: E402
from livingreview.styles.csl.styles import resolve_style  # noqa: E402

FAMILIES = [
    "Smith", "Jones", "Garcia", "Müller", "Rossi", "Kim", "Nguyen", "Silva", "Kowalski",
    "Dubois", "Van der Berg", "Okafor", "Tanaka", "Ivanova", "Haddad", "Larsen", "O'Brien",
    "Novak", "Costa", "Singh",
]  # fmt: skip
GIVEN = ["Anna", "Ben", "Carla", "David", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jon"]
TYPES = ["article-journal", "book", "chapter", "paper-conference", "report"]
LABELS = ["", "page", "chapter", "section", "paragraph", "figure"]


def person(rng: random.Random) -> dict[str, str]:
    return {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}


def items(count: int, rng: random.Random) -> list[dict[str, object]]:
    works: list[dict[str, object]] = []
    for number in range(count):
        kind = rng.choice(TYPES)
        work: dict[str, object] = {
            "id": f"w{number:04d}",
            "type": kind,
            "author": [person(rng) for _ in range(rng.choice([1, 1, 2, 3, 4, 7]))],
            "title": f"Fixture work number {number} on living reviews",
            "issued": {"date-parts": [[rng.randint(1995, 2024)]]},
        }
        if kind == "article-journal":
            work.update(
                {
                    "container-title": "Journal of Fixtures",
                    "volume": str(rng.randint(1, 40)),
                    "page": f"{(start := rng.randint(1, 400))}-{start + rng.randint(5, 30)}",
                    "DOI": f"10.5555/fixture.{number}",
                }
            )
        elif kind in ("book", "report"):
            work["publisher"] = "Fixture Press"
        else:
            work["container-title"] = "Proceedings of the Fixture Conference"
        works.append(work)
    return works


def citations(count: int, keys: list[str], rng: random.Random) -> list[CslCitation]:
    batch: list[CslCitation] = []
    for number in range(count):
        cites = []
        for key in rng.sample(keys, rng.choice([1, 1, 1, 2, 3])):
            label = rng.choice(LABELS)
            cites.append(
                CslCite(
                    key,
                    mode=rng.choice(["normal"] * 8 + ["author-in-text", "suppress-author"]),
                    locator=str(rng.randint(1, 300)) if label or rng.random() < 0.2 else "",
                    locator_label=label,
                )
            )
        batch.append(CslCitation(f"c{number}", tuple(cites)))
    return batch


def measure(pandoc: Pandoc, style: str, works: list[dict[str, object]],
            batch: list[CslCitation]) -> tuple[float, float, Rendered]:  # fmt: skip
    info = resolve_style(style, ROOT)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    rendered = render(pandoc, info, "", works, batch)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pandoc", action="append", default=[])
    parser.add_argument("--styles", default="apa,chicago-author-date,ieee")
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--citations", type=int, default=1300)
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args()
    paths = arguments.pandoc or [p for p in (shutil.which("pandoc"), bundled_path()) if p]
    pandocs = [found for found in map(probe, paths) if found is not None]
    rng = random.Random(18)
    works = items(arguments.items, rng)
    batch = citations(arguments.citations, [str(w["id"]) for w in works], rng)
    print(f"{len(works)} items, {len(batch)} citations")
    print(f"{'style':<22}{'pandoc':<10}{'wall s':>8}{'cpu s':>8}")
    for style in arguments.styles.split(","):
        outputs: list[Rendered] = []
        for pandoc in pandocs:
            for _ in range(arguments.runs):
                wall, cpu, rendered = measure(pandoc, style, works, batch)
                print(f"{style:<22}{pandoc.version_text:<10}{wall:>8.2f}{cpu:>8.2f}")
            outputs.append(rendered)
        if len(outputs) == 2:
            first, second = outputs
            cited = sum(first.citations[k] != second.citations.get(k) for k in first.citations)
            listed = sum(first.entries[k] != second.entries.get(k) for k in first.entries)
            print(
                f"{style}: {cited} of {len(first.citations)} citations and {listed} of "
                f"{len(first.entries)} entries differ; same order: {first.order == second.order}"
            )
            differing = [k for k in first.citations if first.citations[k] != second.citations[k]]
            for key in differing[:3]:
                print(f"  {key}: {first.citations[key]}")
                print(f"  {' ' * len(key)}  {second.citations[key]}")


if __name__ == "__main__":
    main()
