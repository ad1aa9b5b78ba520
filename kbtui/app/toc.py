"""The open note's table of contents: its headings, indented by level; Enter jumps."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbtui.corpus.safety import one_line


class TableOfContents(OptionList):
    class Jump(Message):
        """Go to the heading whose block has this id."""

        def __init__(self, block_id: str) -> None:
            super().__init__()
            self.block_id = block_id

    def show_headings(self, headings: list[tuple[int, str, str | None]]) -> None:
        """``(level, label, block id)`` for each heading, as Textual's Markdown reports them."""
        self.clear_options()
        for level, label, block_id in headings:
            if block_id:
                self.add_option(Option(Text("  " * (level - 1) + one_line(label)), id=block_id))

    @on(OptionList.OptionSelected)
    def _jump(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id is not None:
            self.post_message(self.Jump(message.option.id))
