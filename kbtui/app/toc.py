"""The open note's table of contents: its headings, indented by level; Enter jumps."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbtui.app.pickers import ListAtAnyWidth
from kbtui.corpus.safety import one_line


class TableOfContents(ListAtAnyWidth):
    class Jump(Message):
        """Go to the heading on this line of the page."""

        def __init__(self, line: int) -> None:
            super().__init__()
            self.line = line

    def show_headings(self, headings: list[tuple[int, str, int]]) -> None:
        """``(level, label, line)`` for each heading of the page."""
        highlighted = self.highlighted
        self.clear_options()
        for level, label, line in headings:
            self.add_option(Option(Text("  " * (level - 1) + one_line(label)), id=str(line)))
        if highlighted is not None and highlighted < len(headings):
            self.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def _jump(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id is not None:
            self.post_message(self.Jump(int(message.option.id)))
