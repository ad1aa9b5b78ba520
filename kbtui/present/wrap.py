"""Wrapping Chinese and English text to a width in terminal cells, for the feed's excerpts."""

from __future__ import annotations

from rich.text import Text

from kbtui.corpus.cells import cell_width


def wrap_cells(text: Text, width: int, max_lines: int) -> list[Text]:
    """Wrap to a cell width the way Chinese text wraps: between any two Han characters,
    and only at spaces inside runs of Latin letters (Rich treats a run of Han characters
    as one long word and pushes it to the next line whole)."""
    plain = text.plain
    cuts: list[int] = []
    start, used, last_space = 0, 0, -1
    index = 0
    while index < len(plain) and len(cuts) < max_lines:
        char = plain[index]
        if char == " ":
            last_space = index
        cells = cell_width(char)
        if used + cells > width:
            breaking_latin = char.isascii() and char.isalnum()
            if breaking_latin and last_space > start and index - last_space < 20:
                cut = last_space + 1  # move the whole Latin word to the next line
            else:
                cut = index
            cuts.append(cut)
            start, used, last_space = cut, 0, -1
            index = cut
            continue
        used += cells
        index += 1
    lines = list(text.divide(cuts))[:max_lines] if cuts else [text]
    for line in lines:
        line.rstrip()  # in place: a line may end with the space it broke at
    return lines
