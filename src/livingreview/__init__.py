"""livingreview: living literature reviews with Pandoc citations in APA 7."""

__version__ = "0.1.0"
