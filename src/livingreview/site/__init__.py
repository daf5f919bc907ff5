"""Building the site: the Python-Markdown extension (the whole engine), the
MkDocs plugin over it, the HTML written, and the site-wide pages."""
