"""The ``livingreview`` command: check, init, new, stats."""

from livingreview.cli.main import main

__all__ = ["main"]
