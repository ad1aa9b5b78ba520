"""Text broken into lines by kbtui's own line breaker (Chinese between characters, Latin at
spaces, punctuation kept on its side) rather than Rich's, which breaks only at spaces."""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import Static

from kbtui.present.linebreak import wrap_text

# A line laid out in two columns: what is described, a gap of two or more spaces, the words
# describing it (``  f    filter the feed``). Its continuation lines start under the words.
_SECOND_COLUMN = re.compile(r"^\s*\S(?:\S| (?! ))*\s{2,}(?=\S)")


def wrap_in_columns(text: Text, width: int) -> list[Text]:
    """Lines of at most ``width`` cells, a two-column line's wrapped part under its second
    column (as in a help screen), an indented line's under its first word."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        found = _SECOND_COLUMN.match(line.plain)
        hang = found.end() if found else len(line.plain) - len(line.plain.lstrip(" "))
        if not hang or hang > width // 2 or line.cell_len <= width:
            lines.extend(wrap_text(line, width))
            continue
        head, rest = line.divide([hang])
        wrapped = wrap_text(rest, width - hang)
        lines.append(head + wrapped[0])
        lines.extend(Text(" " * hang) + part for part in wrapped[1:])
    return lines


class WrappedText(Static):
    """A Static whose text is broken at the widget's width each time it is drawn; with
    ``columns``, two-column lines wrap under their second column."""

    def __init__(self, text: Text | str = "", *, columns: bool = False, id: str | None = None):
        super().__init__(id=id)
        self._text = Text(text) if isinstance(text, str) else text
        self._columns = columns

    @property
    def text(self) -> Text:
        """The text as given, before it is broken into lines."""
        return self._text

    def show(self, text: Text) -> None:
        self._text = text
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        width = max(width, 10)
        return wrap_in_columns(self._text, width) if self._columns else wrap_text(self._text, width)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_region.width or self.size.width or 80))
