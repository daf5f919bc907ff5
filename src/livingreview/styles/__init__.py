"""Citation styles: a work's data, its in-text citations and its reference
(APA 7 today), and the rich text they are written in."""
