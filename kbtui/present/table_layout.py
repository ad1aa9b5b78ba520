"""Tables for the terminal: cells wrapped, never cut, and aligned as the note asks.

Columns get their natural width when the table fits; otherwise each gets at least its longest
word and the room left is shared evenly (a column needing less than its share takes only
that), the cells wrapping inside with the line breaker of prose.
A table too wide for even that (under four cells a column) is shown as records: each row as
``header: value`` lines. ``:-:`` centres a column, ``-:`` puts it on the right.
"""

from __future__ import annotations

from rich.text import Text

from kbtui.corpus.cells import text_cells
from kbtui.present.linebreak import may_break_before, wrap_text

SEPARATOR = " │ "
MIN_COLUMN = 4


def table_rows(
    head: list[Text], body: list[list[Text]], aligns: list[str], width: int
) -> list[Text]:
    """The lines of a table at ``width`` cells."""
    columns = max([len(head), *(len(row) for row in body)])
    if columns == 0:
        return []
    head = _padded(head, columns)
    body = [_padded(row, columns) for row in body]
    room = width - len(SEPARATOR) * (columns - 1)
    if room < MIN_COLUMN * columns:
        return _as_records(head, body, width)
    widths = _column_widths([head, *body], room)
    aligns = [*aligns, *[""] * columns][:columns]
    wrapped_body = [_wrapped(row, widths) for row in body]
    lines = _joined(_wrapped(head, widths), widths, aligns)
    lines.append(Text("─┼─".join("─" * w for w in widths), style="dim"))
    ruled = any(max(len(cell) for cell in row) > 1 for row in wrapped_body)
    for number, row in enumerate(wrapped_body):
        if number and ruled:
            lines.append(Text("─┼─".join("─" * w for w in widths), style="dim"))
        lines.extend(_joined(row, widths, aligns))
    for line in lines:
        line.rstrip()
    return lines


def _padded(row: list[Text], columns: int) -> list[Text]:
    return [*row, *(Text("") for _ in range(columns - len(row)))]


def _natural(cell: Text) -> int:
    return max((len(part) and part.cell_len for part in cell.split("\n")), default=0)


def _column_widths(rows: list[list[Text]], room: int) -> list[int]:
    """Each column's width: all of it when the table fits; else at least its longest word
    (so words are not cut when they can be kept), and the room left shared out evenly, a
    column that needs less than its share taking only what it needs."""
    columns = range(len(rows[0]))
    natural = [max(max(_natural(row[c]) for row in rows), 1) for c in columns]
    if sum(natural) <= room:
        return natural
    least = [max(max(_longest_word(row[c]) for row in rows), 1) for c in columns]
    if sum(least) > room:  # words too long to keep whole: fair shares, words are cut
        share = max(MIN_COLUMN, room // len(natural))
        least = [min(n, share) for n in natural]
    widths = list(least)
    spare = room - sum(widths)
    wanting = sorted((natural[c] - widths[c], c) for c in columns if natural[c] > widths[c])
    for number, (want, column) in enumerate(wanting):  # the least wanting are served first
        given = min(want, spare // (len(wanting) - number))
        widths[column] += given
        spare -= given
    return widths


def _longest_word(cell: Text) -> int:
    """The widest piece of a cell that the line breaker will not divide."""
    plain = cell.plain
    longest = start = 0
    for index in range(1, len(plain) + 1):
        if index == len(plain) or may_break_before(plain[index - 1], plain[index]):
            longest = max(longest, text_cells(plain[start:index].strip()))
            start = index
    return longest


def _wrapped(row: list[Text], widths: list[int]) -> list[list[Text]]:
    return [wrap_text(cell, width) or [Text("")] for cell, width in zip(row, widths, strict=True)]


def _joined(cells: list[list[Text]], widths: list[int], aligns: list[str]) -> list[Text]:
    height = max(len(cell) for cell in cells)
    lines = []
    for number in range(height):
        line = Text()
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if column:
                line.append(SEPARATOR, style="dim")
            part = cell[number].copy() if number < len(cell) else Text("")
            gap = max(width - part.cell_len, 0)
            align = aligns[column]
            left = gap if align == "right" else gap // 2 if align == "center" else 0
            line.append(" " * left)
            line.append_text(part)
            line.append(" " * (gap - left))
        lines.append(line)
    return lines


def _as_records(head: list[Text], body: list[list[Text]], width: int) -> list[Text]:
    lines: list[Text] = []
    for number, row in enumerate(body):
        if number:
            lines.append(Text("─" * min(width, 20), style="dim"))
        for name, value in zip(head, row, strict=True):
            record = name.copy()
            record.stylize("bold")
            record.append(": ")
            record.append_text(value)
            lines.extend(wrap_text(record, width))
    return lines
