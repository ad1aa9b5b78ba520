"""How many terminal cells a character takes: the one width rule of snippets, wrapping and
formulas. Chinese takes 2; combining marks, zero-width joiners and format characters 0, as in
the terminals (and Rich) that draw them."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def cell_width(char: str) -> int:
    """Terminal cells of one character; remembered, as snippets and wrapping ask often."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else 1


def text_cells(text: str) -> int:
    """Terminal cells of a string."""
    if text.isascii():
        return len(text)
    return sum(map(cell_width, text))
