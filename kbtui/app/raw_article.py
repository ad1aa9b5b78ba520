"""A large note shown as its Markdown source: read-only, its start at once, the rest in slices.

Textual's Markdown widget costs grow with the number of blocks, so past a size a note is shown
as source in a TextArea, which draws only the lines on screen. Its first lines (more than a
screen at any size, and enough to reach the saved place) go in at once; the rest follows in
slices between frames, so keys work while it loads: a 2 MB note loaded in one piece froze the
app for over a second.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

FIRST_LINES = 300
SLICE_LINES = 1_000


class RawArticle(TextArea):
    """A large note's Markdown source; scrolls like the rendered article."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "End", show=False),
        Binding("space", "cursor_page_down", "Page down", show=False),
    ]

    class Complete(Message):
        """The whole source is in: the header can stop saying it is loading."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, read_only=True, soft_wrap=True, show_line_numbers=False)
        self._rest: list[str] = []
        self._generation = 0  # which note the pending slices belong to

    @property
    def loading_rest(self) -> bool:
        """Whether part of the source is still to come."""
        return bool(self._rest)

    def show_source(self, text: str, position: float) -> None:
        """Show the first lines now (enough to reach ``position``) and keep the rest for later."""
        self._generation += 1
        lines = text.split("\n")
        first = max(FIRST_LINES, int(position) + FIRST_LINES)  # a line is at least one row
        self.load_text("\n".join(lines[:first]))
        self._rest = lines[first:]

    def clear_source(self) -> None:
        self._generation += 1
        self._rest = []

    def load_rest(self) -> None:
        """Start adding the rest, a slice between frames (once the first screen is drawn)."""
        if self._rest:
            generation = self._generation
            self.set_timer(0.05, lambda: self._load_slice(generation))

    def _load_slice(self, generation: int) -> None:
        if generation != self._generation or not self._rest:
            return  # another note was opened meanwhile
        piece, self._rest = self._rest[:SLICE_LINES], self._rest[SLICE_LINES:]
        self.insert("\n" + "\n".join(piece), self.document.end)
        if self._rest:
            self.set_timer(0.01, lambda: self._load_slice(generation))
        else:
            self.history.clear()  # inserting is not an edit to undo
            self.post_message(self.Complete())

    def select_match(self, row: int, start: int, end: int) -> bool:
        """Select a match and bring it into view; False if its line has not arrived yet."""
        if row >= self.document.line_count:
            return False
        self.selection = Selection((row, start), (row, end))
        self.scroll_cursor_visible(center=True, animate=False)
        return True
