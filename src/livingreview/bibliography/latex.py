"""Turn the LaTeX of a ``.bib`` field into styled Unicode runs.

A field such as ``The {United Nations} and M{\\"u}ller's \\emph{Bowling}`` becomes
runs of text that remember whether BibTeX protects them from case changes
(a brace group at the top level) and their style (italic, bold, monospace,
superscript, subscript). Nothing here produces HTML; see
:func:`livingreview.styles.richtext.runs_to_html`. Unknown macros are reported, never
printed with their backslash.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "r": "\u030a",
    "k": "\u0328",
    "t": "\u0361",
}
# An accent over nothing (``\^{}``), as the spacing character Unicode has.
_SPACING_ACCENTS = {
    "\u0301": "\u00b4",
    "\u0300": "`",
    "\u0302": "^",
    "\u0308": "\u00a8",
    "\u0303": "~",
    "\u0304": "\u00af",
    "\u0307": "\u02d9",
    "\u0306": "\u02d8",
    "\u030c": "\u02c7",
    "\u030b": "\u02dd",
    "\u0327": "\u00b8",
    "\u030a": "\u02da",
    "\u0328": "\u02db",
}
# LaTeX puts accents on the dotless ``\i`` and ``\j``; Unicode on i and j.
_DOTTED = {"ı": "i", "ȷ": "j"}
# Macros whose argument is not printed: ``\noopsort{2001a}`` orders a list.
_DISCARDING = {"noopsort"}
_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\\": " ",
    ",": "\u2009",
    ";": "\u2005",
    "-": "",
    "/": "",
    "@": "",
    "i": "ı",
    "j": "ȷ",
    "I": "İ",
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "guillemotleft": "«",
    "guillemotright": "»",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "copyright": "©",
    "textdegree": "°",
    "textsection": "§",
    "S": "§",
    "P": "¶",
    "textparagraph": "¶",
    "dag": "†",
    "ddag": "‡",
    "textperiodcentered": "·",
    "textbullet": "•",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "euro": "€",
    "texteuro": "€",
    "pounds": "£",
    "textsterling": "£",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "relax": "",
    "allowbreak": "",
    "newline": " ",
    "linebreak": " ",
    "quad": " ",
    "qquad": " ",
    "space": " ",
    "nobreakspace": "\u00a0",
    "textnbsp": "\u00a0",
}
# Symbols inside math ($...$), rendered as readable Unicode.
_MATH = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "sqrt": "√",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "mp": "∓",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "~",
    "simeq": "≃",
    "propto": "∝",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "rightarrow": "→",
    "to": "→",
    "leftarrow": "←",
    "leftrightarrow": "↔",
    "Rightarrow": "⇒",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "cup": "∪",
    "cap": "∩",
    "ell": "ℓ",
    "hbar": "ℏ",
    "circ": "∘",
    "star": "⋆",
    "ast": "∗",
    "prime": "′",
    "langle": "⟨",
    "rangle": "⟩",
    "lvert": "|",
    "rvert": "|",
    "left": "",
    "right": "",
    "mathrm": "",
    "mathit": "",
    "mathbf": "",
    "mathcal": "",
    "mathbb": "",
    "text": "",
    "operatorname": "",
}
_STYLE_COMMANDS = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "mathit": "em",
    "textbf": "strong",
    "mathbf": "strong",
    "texttt": "code",
    "url": "",
    "textsc": "",
    "textrm": "",
    "textsf": "",
    "textup": "",
    "textmd": "",
    "textnormal": "",
    "mbox": "",
    "hbox": "",
    "text": "",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "ensuremath": "",
    "NoCaseChange": "",
}
_SWITCHES = {
    "em": "em",
    "it": "em",
    "itshape": "em",
    "sl": "em",
    "bf": "strong",
    "bfseries": "strong",
    "tt": "code",
    "ttfamily": "code",
    "sc": "",
    "scshape": "",
    "rm": "",
    "upshape": "",
    "normalfont": "",
}


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style and one case-protection state."""

    text: str
    protected: bool = False
    styles: frozenset[str] = frozenset()


def _closing_quote(source: str, start: int) -> int | None:
    """The index of the ``'`` that closes a LaTeX quotation opened just
    before *start*: the first one not between two letters (``Don't``)."""
    index = source.find("'", start)
    while index != -1:
        before = source[index - 1 : index]
        after = source[index + 1 : index + 2]
        if after == "'":  # '' closes a double quotation, not this one
            index = source.find("'", index + 2)
            continue
        if not (before.isalpha() and after.isalpha()):
            return index
        index = source.find("'", index + 1)
    return None


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0
        self.runs: list[Run] = []
        self.unknown: list[str] = []
        # Where a `quote' closes: the ' that ends a quotation opened with `.
        self.closing_quotes: set[int] = set()

    # -- output ---------------------------------------------------------
    def emit(self, text: str, protected: bool, styles: frozenset[str]) -> None:
        if not text:
            return
        if self.runs and (self.runs[-1].protected == protected and self.runs[-1].styles == styles):
            previous = self.runs.pop()
            text = previous.text + text
        self.runs.append(Run(text, protected, styles))

    # -- reading --------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        index = self.position + ahead
        return self.source[index] if index < len(self.source) else ""

    def read_group(self) -> str:
        """Read a ``{...}`` group (the ``{`` is current) and return its inside."""
        start = self.position
        end = group_end(self.source, start)
        if end < 0:
            self.position = len(self.source)
            return self.source[start + 1 :]  # unbalanced: take the rest
        self.position = end
        return self.source[start + 1 : end - 1]

    def read_argument(self) -> str:
        """A macro's argument: a group, or else one character."""
        while self.peek() == " ":
            self.position += 1
        if self.peek() == "{":
            return self.read_group()
        if self.peek() == "\\":
            start = self.position
            self.position += 1
            while self.peek().isalpha():
                self.position += 1
            if self.position == start + 1:
                self.position += 1
            return self.source[start : self.position]
        char = self.peek()
        self.position += len(char)
        return char

    def read_command_name(self) -> str:
        start = self.position
        if self.peek().isalpha():
            while self.peek().isalpha():
                self.position += 1
            name = self.source[start : self.position]
            while self.peek() == " ":
                self.position += 1  # TeX swallows the spaces after \word
            return name
        self.position += 1
        return self.source[start : self.position]

    # -- parsing --------------------------------------------------------
    def parse(self, depth: int, protected: bool, styles: frozenset[str], end: int) -> None:
        text: list[str] = []

        def flush() -> None:
            self.emit("".join(text), protected, styles)
            text.clear()

        while self.position < end:
            char = self.source[self.position]
            if char == "{":
                flush()
                group_start = self.position
                inside = self.read_group()
                inner_end = group_start + 1 + len(inside)
                # At the top level, ``{Word}`` protects case; ``{\"u}`` does not.
                protects = protected or (depth == 0 and not inside.startswith("\\"))
                saved = self.position
                self.position = group_start + 1
                self.parse(depth + 1, protects, styles, inner_end)
                self.position = saved
            elif char == "}":
                self.position += 1  # a stray closing brace
            elif char == "\\":
                self.position += 1
                name = self.read_command_name()
                if name in _ACCENTS:
                    argument = _Parser(self.read_argument()).plain()
                    text.append(_accent(argument, _ACCENTS[name]))
                elif name in _SYMBOLS:
                    text.append(_SYMBOLS[name])
                elif name in _DISCARDING:
                    self.read_argument()  # ``{\noopsort{a}}Title``: a sort key only
                elif name in _STYLE_COMMANDS and self.peek() in "{ ":
                    flush()
                    style = _STYLE_COMMANDS[name]
                    inner = self.read_argument()
                    sub = _Parser(inner)
                    sub.parse(
                        depth + 1,
                        protected or name in ("texttt", "url", "NoCaseChange"),
                        styles | {style} if style else styles,
                        len(inner),
                    )
                    for run in sub.runs:
                        self.emit(run.text, run.protected, run.styles)
                    self.unknown.extend(sub.unknown)
                elif name in _SWITCHES or name in _STYLE_COMMANDS:
                    # ``{\textit Cataglyphis fortis}`` without braces: what
                    # the writer meant is ``{\itshape …}``, not one letter.
                    flush()
                    style = _SWITCHES.get(name, _STYLE_COMMANDS.get(name, ""))
                    if style:
                        styles = styles | {style}
                elif name in ("(", "["):
                    # ``\(…\)`` and ``\[…\]``: math, as ``$…$``.
                    flush()
                    close = self.source.find("\\" + (")" if name == "(" else "]"), self.position)
                    close = end if close < 0 or close > end else close
                    self.math(self.source[self.position : close], styles)
                    self.position = min(close + 2, end)
                elif name == "href" and self.peek() == "{":
                    self.read_group()  # the address; the text follows
                else:
                    self.unknown.append("\\" + name)
            elif char == "$":
                flush()
                self.position += 1
                close = self.source.find("$", self.position)
                while close > 0 and self.source[close - 1] == "\\":
                    close = self.source.find("$", close + 1)
                if close < 0:
                    close = end
                self.math(self.source[self.position : close], styles)
                self.position = min(close + 1, end)
            elif char == "~":
                text.append("\u00a0")
                self.position += 1
            elif char == "-" and self.source.startswith("---", self.position):
                text.append("—")
                self.position += 3
            elif char == "-" and self.source.startswith("--", self.position):
                text.append("–")
                self.position += 2
            elif self.source.startswith("``", self.position):
                text.append("“")
                self.position += 2
            elif self.source.startswith("''", self.position):
                text.append("”")
                self.position += 2
            elif char == "`":
                # LaTeX's `x' is a quotation; APA sets quotation marks in a
                # title as double ones (6.7), as Pandoc's citeproc prints it.
                closing = _closing_quote(self.source, self.position + 1)
                if closing is None:
                    text.append("‘")  # no end: the mark as written
                else:
                    text.append("“")
                    self.closing_quotes.add(closing)
                self.position += 1
            elif char == "'" and self.position in self.closing_quotes:
                text.append("”")
                self.position += 1
            else:
                text.append(char)
                self.position += 1
        flush()

    def math(self, formula: str, styles: frozenset[str]) -> None:
        """Render a formula readably: symbols as Unicode, ^ and _ raised."""
        index = 0
        text: list[str] = []

        def flush(extra: frozenset[str] = frozenset()) -> None:
            self.emit("".join(text), True, styles | extra)
            text.clear()

        while index < len(formula):
            char = formula[index]
            if char == "\\":
                end = index + 1
                while end < len(formula) and formula[end].isalpha():
                    end += 1
                if end == index + 1:
                    end += 1
                name = formula[index + 1 : end]
                if name in _MATH:
                    text.append(_MATH[name])
                elif name in _SYMBOLS:
                    text.append(_SYMBOLS[name])
                else:
                    self.unknown.append("\\" + name)
                index = end
            elif char in "^_":
                flush()
                index += 1
                if index < len(formula) and formula[index] == "{":
                    close = formula.find("}", index)
                    close = len(formula) if close < 0 else close
                    script = formula[index + 1 : close]
                    index = close + 1
                else:
                    script = formula[index : index + 1]
                    index += 1
                sub = _Parser("$" + script + "$")
                sub.parse(0, True, frozenset(), len(sub.source))
                self.unknown.extend(sub.unknown)
                text.append("".join(run.text for run in sub.runs))
                flush(frozenset({"sup" if char == "^" else "sub"}))
            elif char in "{}":
                index += 1
            else:
                text.append(char)
                index += 1
        flush()

    def plain(self) -> str:
        self.parse(1, False, frozenset(), len(self.source))
        return "".join(run.text for run in self.runs)


def group_end(text: str, start: int) -> int:
    """Index just past the brace group opening at *start*; -1 if unclosed.

    A backslash escapes the character after it (``\\{`` is no brace).
    """
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return -1


def _accent(base: str, mark: str) -> str:
    if not base.strip():
        # ``\"{}``: the accent on its own, as a spacing character.
        return _SPACING_ACCENTS.get(mark, "\u00a0" + mark)
    # ``\'{\i}`` is an accented i, not a dotless one (there is no "ı́").
    first = _DOTTED.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + mark + base[1:])


@lru_cache(maxsize=32768)
def _parsed(value: str) -> tuple[tuple[Run, ...], tuple[str, ...]]:
    # The same journal, publisher, name part or field is parsed for many
    # entries, and each field more than once (checked, then formatted).
    parser = _Parser(value)
    parser.parse(0, False, frozenset(), len(value))
    return tuple(parser.runs), tuple(parser.unknown)


def parse_latex(value: str) -> tuple[list[Run], list[str]]:
    """Runs of *value*, and the unknown macros it used (``\\foo``)."""
    runs, unknown = _parsed(value)
    return list(runs), list(unknown)


@lru_cache(maxsize=32768)
def latex_to_text(value: str) -> str:
    """Plain Unicode text of a LaTeX value, braces and styles dropped."""
    return "".join(run.text for run in _parsed(value)[0])


def greek_letter(name: str) -> str | None:
    """The letter a math command names (``beta`` → ``β``); ``None`` if it
    names no Greek letter."""
    letter = _MATH.get(name, "")
    return letter if len(letter) == 1 and "\u0370" <= letter <= "\u03ff" else None
