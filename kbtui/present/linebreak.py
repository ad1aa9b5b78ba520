"""Line breaking for Chinese, English and mixed text: the one breaker of every pane and of
``kbtui show``.

The rules, after UAX #14 and the Chinese typesetting rules (kinsoku):
- a line may break between two Chinese characters, and between a Chinese character and a
  Latin word or number, on either side;
- a line may break at spaces (which are dropped at the break), never inside a Latin word or
  number; a word wider than the whole line is divided after ``/ - _ . ? & =`` where it can be,
  else where the line is full;
- a line never starts with closing punctuation (``，。、；：？！）》」』】”``, and ``,.;:!?)]}``
  unless a space precedes it, as in ``../path``), nor ends with opening punctuation
  (``（《「『【“`` and ``([{``); a ``——`` or ``……`` pair stays whole;
- lines are filled greedily: each takes as much as fits.

Greedy filling with these opportunities is what browsers and e-readers do; it is about 1 µs a
character here, so a note's paragraphs are broken as they are drawn.
"""

from __future__ import annotations

from rich.text import Text

from kbtui.corpus.cells import cell_width

NO_LINE_START = frozenset("，。、；：？！）》」』】〉〕〗〙〛｝］”’…‥·・ー～々〻ゝゞヽヾ,.;:!?)]}%")
NO_LINE_END = frozenset("（《「『【〈〔〖〘〚｛［“‘([{")
_PAIRS = frozenset("—…")  # dashes and ellipses come in twos that stay together
_LONG_WORD_BREAKS = frozenset("/-_.?&=")
_SPACES = frozenset(" \u3000\t")


def may_break_before(previous: str, char: str) -> bool:
    """Whether a line may start at ``char`` when ``previous`` ends the line before."""
    if char in _SPACES or previous in NO_LINE_END:
        return False
    if previous in _SPACES:  # after a space only Chinese closing punctuation may not start
        return char not in NO_LINE_START or char.isascii()  # ("../path", ". 后文")
    if char in NO_LINE_START:
        return False
    if char in NO_LINE_END and not char.isascii():
        return True  # a Chinese opening mark may start a line after a number: 共 100“个”
    if cell_width(char) == 0:
        return False  # a combining mark stays with its letter
    if previous == char and char in _PAIRS:
        return False
    return cell_width(previous) == 2 or cell_width(char) == 2


def line_starts(text: str, width: int) -> list[int]:
    """Where each line after the first starts, for lines of at most ``width`` cells.

    Spaces at a break belong to neither line: a line ends before them, the next starts after.
    """
    width = max(width, 2)
    starts: list[int] = []
    line_start = 0
    used = 0  # cells from line_start up to the last character that is not a space
    pending = 0  # cells of the spaces after it
    best = -1  # the last place the line may break, and the cells before it
    best_used = 0
    fallback = -1  # inside a long word: just after a / - _ . ? & =
    previous = ""
    for index, char in enumerate(text):
        cells = cell_width(char)
        if char in _SPACES:
            pending += cells
            previous = char
            continue
        if index > line_start and may_break_before(previous, char):
            best, best_used = index, used + pending
        elif previous in _LONG_WORD_BREAKS and index > line_start:
            fallback = index
        if used + pending + cells > width and index > line_start:
            if best > line_start:
                cut, before = best, best_used
            elif fallback > line_start:
                cut, before = fallback, _cells(text, line_start, fallback)
            else:  # nowhere to break: where the line is full, punctuation kept on its side
                cut = index
                while cut - 1 > line_start and (
                    text[cut - 1] in NO_LINE_END
                    or text[cut] in NO_LINE_START
                    or cell_width(text[cut]) == 0
                ):
                    cut -= 1
                before = _cells(text, line_start, cut)
            starts.append(cut)  # never a space: breaks are made only before other characters
            used = used + pending - before
            line_start = cut
            best = fallback = -1
            pending = 0
        used += pending + cells
        pending = 0
        previous = char
    return starts


def _cells(text: str, start: int, end: int) -> int:
    return sum(cell_width(char) for char in text[start:end])


def wrap_text(text: Text, width: int, max_lines: int | None = None) -> list[Text]:
    """A styled text broken into lines of at most ``width`` cells (spaces at breaks dropped);
    a newline in it always breaks."""
    if "\n" in text.plain:
        lines: list[Text] = []
        for part in text.split("\n", allow_blank=True):
            lines.extend(wrap_text(part, width))
        return lines[:max_lines] if max_lines is not None else lines
    starts = line_starts(text.plain, width)
    if max_lines is not None and len(starts) >= max_lines:
        text = text[: starts[max_lines - 1]]
        starts = starts[: max_lines - 1]
    pieces = list(text.divide(starts)) if starts else [text]
    for piece in pieces:
        piece.rstrip()
    return pieces
