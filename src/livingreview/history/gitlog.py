"""Ask git about the review's history.

``git`` runs as a subprocess rather than through dulwich or GitPython: that
adds no dependency, and git is there wherever there is a history to read (a
checkout without git has no ``.git`` worth reading either). Every query is
one process; file contents at many commits come through one ``git cat-file
--batch``. Paths are given and returned relative to the review's folder (the
one holding ``mkdocs.yml``), which may be a sub-folder of the repository.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class NoHistoryError(Exception):
    """There is no git history to read; the message says why, for readers."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # the committer date, ISO 8601 with its offset


class Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), *args],
                input=stdin,
                capture_output=True,
                check=False,
            )
        except OSError:
            raise NoHistoryError("git is not installed") from None
        if done.returncode != 0:
            error = done.stderr.decode("utf-8", "replace")
            if "not a git repository" in error:
                raise NoHistoryError("the review is not in a git repository")
            raise NoHistoryError(f"git {args[0]} failed: {error.strip().splitlines()[-1:]}")
        return done.stdout

    def head(self) -> str:
        """HEAD's commit id; :class:`NoHistoryError` for a shallow clone or none."""
        try:
            lines = self.run("rev-parse", "--is-shallow-repository", "--verify", "HEAD")
        except NoHistoryError as problem:
            if "failed" in str(problem):
                raise NoHistoryError("the repository has no commit yet") from None
            raise
        shallow, head = lines.decode().split()
        if shallow == "true":
            raise NoHistoryError(
                "the repository is a shallow clone; fetch the whole history "
                "(git fetch --unshallow, or fetch-depth: 0 in CI)"
            )
        return head

    def tags(self) -> dict[str, str]:
        """Each tag's name and the commit it points to."""
        out = self.run(
            "for-each-ref",
            "--format=%(refname:short)%00%(objectname)%00%(*objectname)",
            "refs/tags",
        )
        found: dict[str, str] = {}
        for line in out.decode("utf-8", "replace").splitlines():
            name, target, peeled = line.split("\0")
            found[name] = peeled or target
        return found

    def log(self, path: str) -> list[tuple[Commit, list[str]]]:
        """The commits that touched *path* (a file or folder), newest first,
        each with the files under *path* it touched."""
        out = self.run("log", "--format=%x1e%H %cI", "--name-only", "--relative", "--", f"./{path}")
        found: list[tuple[Commit, list[str]]] = []
        for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
            head, _, names = record.partition("\n")
            sha, date = head.split()
            found.append((Commit(sha, date), [n for n in names.splitlines() if n]))
        return found

    def commits(self, revisions: list[str]) -> dict[str, Commit]:
        """The commit each of *revisions* names."""
        if not revisions:
            return {}
        out = self.run("show", "-s", "--format=%H%x00%cI", *revisions, "--")
        commits = [Commit(*line.split("\0")) for line in out.decode().splitlines() if line]
        return dict(zip(revisions, commits, strict=False))

    def tree(self, commit: str, folder: str) -> dict[str, str]:
        """Every file under *folder* at *commit*: its path and blob id."""
        out = self.run("ls-tree", "-r", "-z", commit, "--", f"./{folder}")
        found: dict[str, str] = {}
        for record in out.decode("utf-8", "replace").split("\0"):
            if record:
                meta, _, path = record.partition("\t")
                found[path] = meta.split()[2]
        return found

    def contents(self, objects: list[str]) -> dict[str, bytes | None]:
        """The content of each object (a blob id or ``COMMIT:./path``);
        ``None`` for one that does not exist."""
        if not objects:
            return {}
        out = self.run("cat-file", "--batch", stdin="".join(f"{o}\n" for o in objects).encode())
        found: dict[str, bytes | None] = {}
        position = 0
        for name in objects:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) < 3 or header[-1] == b"missing":
                found[name] = None
                continue
            size = int(header[2])
            found[name] = out[position : position + size]
            position += size + 1
        return found
