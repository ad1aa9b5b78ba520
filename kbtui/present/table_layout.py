"""Tables for the terminal: cells wrapped, never cut, and aligned as the note asks.

Columns get their natural width when the table fits; otherwise each gets a fair share and the
cells wrap inside it (with the line breaker of prose), the widest columns giving up the most.
A table too wide for even that (under four cells a column) is shown as records: each row as
``header: value`` lines. ``:-:`` centres a column, ``-:`` puts it on the right.
"""

from __future__ import annotations

from rich.text import Text

from kbtui.present.linebreak import wrap_text

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
    natural = [max(max(_natural(row[c]) for row in rows), 1) for c in range(len(rows[0]))]
    if sum(natural) <= room:
        return natural
    share = max(MIN_COLUMN, room // len(natural))
    widths = [min(n, share) for n in natural]
    spare = room - sum(widths)
    wanting = {c: natural[c] - widths[c] for c in range(len(natural)) if natural[c] > widths[c]}
    total = sum(wanting.values())
    for column, want in wanting.items():
        widths[column] += min(want, spare * want // total) if total else 0
    left = room - sum(widths)
    for column in sorted(wanting, key=wanting.get, reverse=True):  # what rounding left over
        if left <= 0:
            break
        if widths[column] < natural[column]:
            widths[column] += 1
            left -= 1
    return widths


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
