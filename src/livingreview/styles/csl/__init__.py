"""Any CSL style, rendered by Pandoc's citeproc: finding Pandoc, resolving a
style by id or path offline, and rendering one batch of citations."""
