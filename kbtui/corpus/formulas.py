"""Formulas as text a person can read: TeX turned into Unicode, for every place kbtui shows one.

``formula_text`` gives one line (inline formulas, the index, snippets): ``O(N^2)`` reads
``O(N²)``, ``\\frac{QK^\\top}{\\sqrt{d_k}}`` reads ``QKᵀ/√d_k``. ``formula_lines`` gives a display
formula's lines: a matrix or a ``cases`` block keeps its rows and columns, an ``aligned`` block
its alignment.

The rules, chosen so that the meaning never changes:
- a fraction is written ``a/b``, and a part holding an operator or a space gets parentheses:
  ``\\frac{N-df+0.5}{df+0.5}`` reads ``(N − df + 0.5)/(df + 0.5)``;
- a superscript or a subscript becomes the Unicode character when every one of its characters
  has one (``x^2`` → ``x²``, ``x_1`` → ``x₁``, ``A^\\top`` → ``Aᵀ``); otherwise it keeps the
  mark, with parentheses round more than one character (``d_k``, ``e^(s_k − m)``);
- ``\\sqrt{x}`` reads ``√x``, or ``√(a + b)``; fonts (``\\mathrm``, ``\\mathbf``...) show their
  letters, except ``\\mathbb``'s double-struck ones (ℝ, 𝔼); accents become combining marks;
- a command we do not know reads as its name, and one that only sizes or spaces is dropped,
  so no backslash command reaches the screen. Nothing here ever raises: the worst a broken
  formula gets is an odd reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kbtui.corpus.cells import text_cells
from kbtui.corpus.han import HAN
from kbtui.corpus.tex_symbols import (
    ACCENTS,
    ALIGNED,
    DOUBLE_STRUCK,
    FUNCTION_NAMES,
    GREEK,
    MATRICES,
    SIZERS,
    SPACES,
    STYLES,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    SYMBOLS,
    TEXT_STYLES,
)

_TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|(\s+)|(.)", re.S)
_OPERATORS = frozenset("+−-=<>±∓×·/÷,;:≤≥≠≈→←⇒⇔∈∪∩ ")
_OPENERS, _CLOSERS = "([{⟨⌊⌈", ")]}⟩⌋⌉"
_TEXT_IN_TEX = re.compile(r"\\(?:text\w*|mbox|mathrm|operatorname)\s*\{[^{}]*\}")
_COEFFICIENT = re.compile(r"\d+[^\d.]")
_END = "end"
_CELL = "\x00cell"  # an environment's column separator, until the cells are split


@lru_cache(maxsize=8192)
def formula_text(tex: str) -> str:
    """A formula on one line of Unicode text."""
    return _Converter(tex, display=False).run().text()


@lru_cache(maxsize=1024)
def formula_lines(tex: str) -> tuple[str, ...]:
    """A display formula as lines of Unicode text: rows of matrices and equations kept."""
    return tuple(line.rstrip() for line in _Converter(tex, display=True).run().lines)


@dataclass(frozen=True)
class _Box:
    """A block of lines, laid side by side with others along its baseline row."""

    lines: tuple[str, ...]
    baseline: int

    def text(self) -> str:
        return "; ".join(line.strip() for line in self.lines if line.strip())


def _beside(pieces: list[str | _Box]) -> _Box:
    """Pieces laid out left to right, lines aligned on their baselines."""
    boxes = [p if isinstance(p, _Box) else _Box((p,), 0) for p in pieces] or [_Box(("",), 0)]
    above = max(box.baseline for box in boxes)
    below = max(len(box.lines) - box.baseline for box in boxes)
    rows = [""] * (above + below)
    for box in boxes:
        width = max(text_cells(line) for line in box.lines)
        top = above - box.baseline
        for row in range(len(rows)):
            line = box.lines[row - top] if 0 <= row - top < len(box.lines) else ""
            rows[row] += line + " " * (width - text_cells(line))
    return _Box(tuple(rows), above)


def _stacked(rows: list[str]) -> _Box:
    return _Box(tuple(rows), (len(rows) - 1) // 2)


class _Converter:
    """Reads the tokens of one formula, left to right, into text (and boxes, on display)."""

    def __init__(self, tex: str, display: bool) -> None:
        self.tokens = [(m.group(1), m.group(2), m.group(3)) for m in _TOKEN.finditer(tex)]
        self.at = 0
        self.display = display
        self.in_text = False  # inside \text{...}: spaces and hyphens are the writer's own
        self.environments = 0  # how deep in \begin...\end: there ``&`` divides cells

    def run(self) -> _Box:
        try:
            rows = self.rows(stop=None)
        except RecursionError:  # absurdly deep nesting: show what the source says
            return _Box((self._plain_source(),), 0)
        if len(rows) > 1 and self.display:
            return _stacked([_one_line("".join(_as_text(p) for p in cells)) for cells in rows])
        pieces = [piece for cells in rows for piece in cells]
        if self.display:
            box = _beside(_tidy(pieces))
            return _Box(tuple(_one_line(line) if len(box.lines) == 1 else line
                              for line in box.lines), box.baseline)  # fmt: skip
        return _Box((_one_line("".join(_as_text(p) for p in pieces)),), 0)

    def _plain_source(self) -> str:
        return " ".join((command or other or " ") for command, _, other in self.tokens)

    # -- reading -----------------------------------------------------------------------

    def peek(self) -> tuple[str | None, str | None, str | None] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def rows(self, stop: str | None) -> list[list[str | _Box]]:
        """Pieces up to ``stop`` (``}``, or the end of an environment), split at ``\\\\``."""
        rows: list[list[str | _Box]] = [[]]
        while (token := self.peek()) is not None:
            command, space, char = token
            if char == "}" and stop == "}":
                self.at += 1
                break
            if command == _END and stop == _END:
                break
            if command == "\\":
                self.at += 1
                rows.append([])
                continue
            rows[-1].extend(self.piece())
        return rows

    def group_text(self) -> str:
        """The text of one argument: a ``{group}``, one command, or one character."""
        return "".join(_as_text(piece) for piece in self.argument())

    def argument(self) -> list[str | _Box]:
        while (token := self.peek()) is not None and token[1] is not None:
            self.at += 1  # spaces before an argument
        token = self.peek()
        if token is None:
            return []
        if token[2] == "{":
            self.at += 1
            return [piece for row in self.rows(stop="}") for piece in row]
        return self.piece()

    def piece(self) -> list[str | _Box]:
        command, space, char = self.tokens[self.at]
        self.at += 1
        if space is not None:
            return [" "]
        if command is not None:
            return self.command(command)  # the spaces after it are kept: they space the reading
        if char == "{":
            return [piece for row in self.rows(stop="}") for piece in row]
        if char in "^_":
            return [self.script(char)]
        if char == "&":
            return [_CELL if self.environments else " "]
        if self.in_text or char is None:
            return [char or ""]
        return [{"-": "−", "'": "′", "~": " ", "}": ""}.get(char, char)]

    def script(self, mark: str) -> str:
        text = self.group_text().strip()
        table = SUPERSCRIPTS if mark == "^" else SUBSCRIPTS
        if mark == "^" and text in ("⊤", "T"):
            return "ᵀ"
        if text and all(char in table for char in text):
            return "".join(table[char] for char in text)
        if text == "′":
            return text
        return mark + text if len(text) == 1 and text not in "{}()[]" else f"{mark}({text})"

    def command(self, name: str) -> list[str | _Box]:
        bare = name.rstrip("*")
        if name in SPACES:
            return [SPACES[name]]
        if bare in SIZERS:
            return []
        if name in GREEK:
            return [GREEK[name]]
        if name in SYMBOLS:
            return [SYMBOLS[name]]
        if bare in FUNCTION_NAMES:
            return [" " + bare]  # set apart from what precedes it: θ log p, not θlog p
        if bare in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.group_text().strip(), self.group_text().strip()
            bottom = bottom if not _COEFFICIENT.match(bottom) else f"({bottom})"  # a/(2b)
            return [f"{_grouped(top)}/{_grouped(bottom)}"]
        if bare == "sqrt":
            index = self.bracket_option()
            body = self.group_text().strip()
            root = (self.script_text(index) if index else "") + "√"
            return [root + (body if _is_atom(body) else f"({body})")]
        if bare in ("binom", "dbinom", "tbinom"):
            return [f"C({self.group_text().strip()}, {self.group_text().strip()})"]
        if bare == "mathbb":
            return ["".join(DOUBLE_STRUCK.get(char, char) for char in self.group_text())]
        if bare in STYLES:
            return self.styled(text=bare in TEXT_STYLES)
        if bare in ACCENTS:
            mark = ACCENTS[bare]
            return ["".join(char + mark for char in self.group_text() if not char.isspace())]
        if bare == "not":
            following = self.group_text()
            return [following[:1] + "\u0338" + following[1:]]
        if bare == "begin":
            return self.environment(self.group_text().strip())
        if bare in ("color", "label", "hspace", "vspace", "textcolor", "colorbox", "tag"):
            value = self.group_text()
            if bare == "tag":
                return [f"  ({value})"]
            return self.argument() if bare in ("textcolor", "colorbox") else []
        if bare in ("overset", "underset", "stackrel", "overbrace", "underbrace", "boxed"):
            if bare in ("overset", "underset", "stackrel"):
                self.group_text()
            return self.argument()
        if bare in ("xrightarrow", "xleftarrow"):
            self.bracket_option()
            label = self.group_text().strip()
            return [f"─{label}→" if bare == "xrightarrow" else f"←{label}─"]
        if bare in ("phantom", "hphantom", "vphantom"):
            return [" " * text_cells(self.group_text())]
        if bare in ("mathop", "mathrel", "mathbin", "mathord", "ensuremath"):
            return self.argument()
        following = self.peek()
        if following is not None and following[2] == "{":
            return []  # an unknown font or wrapper: its argument is read next, as it is
        return [bare]

    def styled(self, text: bool) -> list[str | _Box]:
        was, self.in_text = self.in_text, text
        try:
            return self.argument()
        finally:
            self.in_text = was

    def bracket_option(self) -> str:
        """An optional ``[...]`` argument, as plain characters."""
        token = self.peek()
        if token is None or token[2] != "[":
            return ""
        self.at += 1
        found = []
        while (token := self.peek()) is not None and token[2] != "]":
            found.extend(_as_text(piece) for piece in self.piece())
        self.at += 1
        return "".join(found)

    @staticmethod
    def script_text(text: str) -> str:
        if text and all(char in SUPERSCRIPTS for char in text):
            return "".join(SUPERSCRIPTS[char] for char in text)
        return text

    def environment(self, name: str) -> list[str | _Box]:
        if name == "array" or name == "alignat":
            self.group_text()  # the column spec
        rows: list[list[str]] = []
        self.environments += 1
        try:
            read = self.rows(stop=_END)
        finally:
            self.environments -= 1
        for row in read:
            cells = [""]
            for piece in row:
                if piece == _CELL:
                    cells.append("")
                else:
                    cells[-1] += _as_text(piece)
            rows.append([_one_line(cell) for cell in cells])
        if self.peek() is not None:
            self.at += 1
            self.group_text()  # \end{name}
        while rows and not any(rows[-1]):
            rows.pop()
        return [_layout(name, rows, self.display)]


def _layout(name: str, rows: list[list[str]], display: bool) -> str | _Box:
    left, right = MATRICES.get(name.rstrip("*"), ("", ""))
    aligned = name in ALIGNED
    if not display or len(rows) < 2:
        joiner = "" if aligned else " "
        inner = "; ".join(_one_line(joiner.join(row)) for row in rows)
        return f"{left}{inner}{right}" if (left or right) else inner
    columns = max(len(row) for row in rows)
    widths = [max(text_cells(r[c]) if c < len(r) else 0 for r in rows) for c in range(columns)]
    lines = []
    for row in rows:
        cells = []
        for column, width in enumerate(widths):
            cell = row[column] if column < len(row) else ""
            pad = width - text_cells(cell)
            if aligned:
                cells.append(" " * pad + cell if column % 2 == 0 else cell + " " * pad)
            else:
                cells.append(cell + " " * pad)
        lines.append((" " if aligned else "  ").join(cells))
    width = max(text_cells(line) for line in lines)
    lines = [line + " " * (width - text_cells(line)) for line in lines]
    return _stacked([_delimiter(left, n, len(lines)) + line + _delimiter(right, n, len(lines), True)
                     for n, line in enumerate(lines)])  # fmt: skip


_TALL = {  # (top, middle, bottom, extension) of a delimiter as tall as several rows
    "(": "⎛⎜⎝⎜", ")": "⎞⎟⎠⎟", "[": "⎡⎢⎣⎢", "]": "⎤⎥⎦⎥", "{": "⎧⎨⎩⎪", "}": "⎫⎬⎭⎪",
    "|": "││││", "‖": "‖‖‖‖",
}  # fmt: skip


def _delimiter(char: str, row: int, rows: int, right: bool = False) -> str:
    if not char:
        return ""
    top, middle, bottom, extension = _TALL[char]
    part = top if row == 0 else bottom if row == rows - 1 else middle
    inside = 0 < row < rows - 1
    if inside and (char in "()[]" or (char in "{}" and row != (rows - 1) // 2)):
        part = extension
    return f" {part}" if right else f"{part} "


def _as_text(piece: str | _Box) -> str:
    return piece.text() if isinstance(piece, _Box) else piece


def _tidy(pieces: list[str | _Box]) -> list[str | _Box]:
    """Neighbouring strings joined, so a box sits between whole runs of text."""
    out: list[str | _Box] = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        else:
            out.append(piece)
    return out


_SPACE_INSIDE_BRACKETS = re.compile(r"(?<=[(\[{⟨]) | (?=[)\]}⟩])")


def _one_line(text: str) -> str:
    return _SPACE_INSIDE_BRACKETS.sub("", " ".join(text.split())).replace("\x01", " ")


def _is_atom(text: str) -> bool:
    """Whether a part reads as one unit: no operator or space outside its own brackets."""
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth -= 1
        elif depth == 0 and char in _OPERATORS:
            return False
    return True


def _grouped(text: str) -> str:
    return text if _is_atom(text) else f"({text})"


def holds_prose(tex: str) -> bool:
    """Whether escaped brackets hold words rather than a formula: Han characters outside
    ``\\text{}``, or a ``$`` formula of its own (``\\[解析\\]`` is ``[解析]``, escaped)."""
    return "$" in tex or HAN.search(_TEXT_IN_TEX.sub("", tex)) is not None
