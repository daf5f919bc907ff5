"""The old import path of the Python-Markdown extension, kept for
configurations that name it (``livingreview.extension:CitationExtension``
or ``livingreview.extension``)."""

from livingreview.site.extension import CitationExtension, makeExtension

__all__ = ["CitationExtension", "makeExtension"]
