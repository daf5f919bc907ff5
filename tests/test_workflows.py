"""The CI workflows and hooks are valid and run what .ci/run and the tests run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _steps(workflow: str) -> list[str]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    return [
        step.get("run", "")
        for job in data["jobs"].values()
        for step in job["steps"]
        if "run" in step
    ]


def test_ci_workflow_runs_ci_run_and_ci_run_runs_the_readmes_tests() -> None:
    runs = "\n".join(_steps("ci.yml"))
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/run" in runs.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = readme.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()[1]
    for command in ("ruff check .", "ruff format --check .", "mypy src", test_command):
        assert command in ci_run, command
    assert "livingreview check --format github --strict" in runs
    assert "mkdocs build --strict" in runs
    assert " -q" not in runs  # -q would hide the warnings --strict counts


def test_pages_workflow_checks_before_publishing() -> None:
    runs = "\n".join(_steps("pages.yml"))
    assert runs.index("livingreview check --strict") < runs.index("mkdocs build --strict")


def _checkouts(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        step
        for job in data["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]


def test_pages_workflow_publishes_each_release_with_mike() -> None:
    runs = "\n".join(_steps("pages.yml"))
    assert 'mike deploy --push --update-aliases "$new_release" latest' in runs
    assert "mike set-default --push latest" in runs
    assert runs.index("mkdocs build --strict") < runs.index("mike deploy")
    assert 'pip install -e ".[mkdocs,publish]"' in runs
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'publish = ["mike>=2"]' in pyproject
    # Material's version selector, only where the workflow publishes with mike.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'provider: !ENV [VERSION_PROVIDER, ""]' in config
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    publish = next(s for s in data["jobs"]["publish"]["steps"] if "mike deploy" in s.get("run", ""))
    assert publish["env"] == {"VERSION_PROVIDER": "mike"}


def test_every_checkout_fetches_the_whole_history() -> None:
    """What's new, the page dates and the releases come from git."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    workflows += sorted(
        (ROOT / "src" / "livingreview" / "templates" / "init" / "github" / "workflows").glob(
            "*.yml"
        )
    )
    assert len(workflows) == 6  # the review's two, and each host's two for a new review
    for workflow in workflows:
        checkouts = _checkouts(workflow)
        assert checkouts, workflow
        for step in checkouts:
            assert step.get("with", {}).get("fetch-depth") == 0, workflow


def test_pre_commit_hooks_are_valid() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "livingreview-check"
    assert hooks[0]["entry"] == "livingreview check"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]
    assert "livingreview-check" in ids


def test_a_ci_job_runs_the_bibliography_tests_under_the_newest_pybtex() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    runs = [step["run"] for step in data["jobs"]["newest-pybtex"]["steps"] if "run" in step]
    install, tests = runs
    assert 'python -m pip install --upgrade --no-cache-dir "$bound"' in install
    found = subprocess.run(
        ["bash", "-c", install.splitlines()[1] + '\nprintf %s "$bound"'],
        cwd=ROOT,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert found == "pybtex>=0.24,<0.27"
    assert f'    "{found}",  # the loader subclasses its internals' in pyproject
    files = tests.split()[3:]
    assert "tests/test_cache.py" in files  # the cache key's pybtex version, among them
    assert all((ROOT / name).is_file() for name in files), files
