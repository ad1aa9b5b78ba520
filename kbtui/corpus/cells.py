"""How many terminal cells a character takes: the one width rule of snippets and wrapping."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def cell_width(char: str) -> int:
    """Terminal cells of one character (2 for Chinese); remembered, as snippets ask often."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
