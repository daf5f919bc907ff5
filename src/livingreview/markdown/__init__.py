"""Reading a chapter: Pandoc's citation syntax, citations found with their
places, front matter split off as MkDocs splits it."""
