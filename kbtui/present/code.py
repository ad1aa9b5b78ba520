"""Code blocks for the terminal: highlighted, every character kept.

A code line wider than the page is not clipped: it goes on in the next row behind a dim
``↪``, the same mark display formulas use (and the same in the app and ``kbtui show``), so
the rest can be read without scrolling sideways. Tabs become four spaces. A ``│`` gutter
marks the block when there are no colours to tell code from prose.
"""

from __future__ import annotations

from rich.text import Text

from kbtui.corpus.cells import text_cells

CONTINUATION = "↪ "  # starts the rest of a code line or a formula too wide for the page
GUTTER = "│ "
_THEME = "ansi_dark"  # the terminal's own palette: readable on dark and light themes


def code_rows(code: str, language: str, width: int, style: str) -> list[Text]:
    """The rows of a code block at ``width`` cells, gutter included."""
    code = code.expandtabs(4)
    text = _highlighted(code, language) or Text(code, style=style)
    room = max(width - len(GUTTER), 4)
    rows: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        line.rstrip()
        for number, part in enumerate(hard_wrapped(line, room, mark=False)):
            lead = Text(CONTINUATION if number else GUTTER, style="dim")
            rows.append(lead + part)
    return rows


def _highlighted(code: str, language: str) -> Text | None:
    """The code coloured by Pygments when it knows the language, else None."""
    if not language:
        return None
    from pygments.lexers import get_lexer_by_name  # only notes with code pay for Pygments
    from pygments.util import ClassNotFound
    from rich.syntax import Syntax

    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    syntax = Syntax("", lexer, theme=_THEME, background_color="default")
    text = syntax.highlight(code)
    text.rstrip()
    return text


def hard_wrapped(text: Text, width: int, mark: bool = True) -> list[Text]:
    """A line cut where the page ends; with ``mark``, each part after the first starts with
    the ``↪`` mark (and so holds that much less)."""
    if text.cell_len <= width:
        return [text]
    rows: list[Text] = []
    room = width
    rest = text
    while rest.cell_len > room:
        cut = _cut_at_cells(rest.plain, room)
        head, rest = rest[:cut], rest[cut:]
        rows.append(Text(CONTINUATION, style="dim") + head if rows and mark else head)
        room = width - len(CONTINUATION) if mark else width
    rows.append(Text(CONTINUATION, style="dim") + rest if rows and mark else rest)
    return rows


def _cut_at_cells(plain: str, cells: int) -> int:
    """How many characters fit in ``cells`` (at least one, so a cut always moves on)."""
    used = 0
    for index, char in enumerate(plain):
        used += text_cells(char)
        if used > cells:
            return max(index, 1)
    return len(plain)
