"""The ``livingreview`` command: check, new, stats."""

from livingreview.cli.main import main

__all__ = ["main"]
