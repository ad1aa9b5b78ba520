"""A large note shown as its Markdown source: read-only, a piece at a time, each in slices.

Textual's Markdown widget costs grow with the number of blocks, so past a size a note is shown
as source in a TextArea, which draws only the lines on screen. It holds one piece of the note
at a time (``PIECE_LINES`` lines; ``<`` and ``>`` move between pieces, and a search match in
another piece brings that piece): a 34 MB note loaded whole kept the CPU busy for a minute
and a half and took seconds to quit. A piece's first lines (more than a screen at any size,
and enough to reach the saved place) go in at once; the rest follows in slices between
frames, so keys work while it loads: a 2 MB note loaded in one piece froze the app for over a
second.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from kbtui.app.key_bindings import bindings

FIRST_LINES = 300
SLICE_LINES = 1_000
PIECE_LINES = 20_000


class RawArticle(TextArea):
    """A large note's Markdown source; scrolls like the rendered article."""

    BINDINGS = bindings("source")

    class Complete(Message):
        """The piece is all in (or another piece shows): the header can say so."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, read_only=True, soft_wrap=True, show_line_numbers=False)
        self._lines: list[str] = []  # the whole source
        self._start = 0  # the first line of the piece shown
        self._next = 0  # the next line of the piece still to add (its end when all are in)
        self._generation = 0  # which piece the pending slices belong to

    @property
    def _end(self) -> int:
        return min(self._start + PIECE_LINES, len(self._lines))

    @property
    def loading_rest(self) -> bool:
        """Whether part of the piece is still to come."""
        return self._next < self._end

    def in_whole(self, fraction: float) -> tuple[float, bool]:
        """How far into the whole note a place ``fraction`` of the way through this piece
        is, and whether this piece is the note's last (only its end is the note's end)."""
        total = max(len(self._lines), 1)
        return (self._start + fraction * (self._end - self._start)) / total, self._end >= total

    def describe(self) -> str:
        """What the article's header says of the source: which lines show, of a note of more
        than one piece, and whether they are still coming."""
        said = " · large note: shown as Markdown source"
        if len(self._lines) > PIECE_LINES:
            said += f" · lines {self._start + 1:,}-{self._end:,} of {len(self._lines):,} (< >)"
        return said + (" · loading…" if self.loading_rest else "")

    def show_source(self, text: str, position: float) -> None:
        """Show the first lines now (enough to reach ``position``) and keep the rest for later."""
        self._lines = text.split("\n")
        self._show_piece(0, first=max(FIRST_LINES, int(position) + FIRST_LINES))

    def _show_piece(self, start: int, first: int = FIRST_LINES) -> None:
        self._generation += 1
        self._start = start
        self._next = min(start + first, self._end)  # a line is at least one row
        self.load_text("\n".join(self._lines[start : self._next]))

    def clear_source(self) -> None:
        self._generation += 1
        self._lines, self._start, self._next = [], 0, 0

    def action_piece(self, step: int) -> None:
        start = self._start + step * PIECE_LINES
        if 0 <= start < len(self._lines) and start != self._start:
            self._show_piece(start)
            self.post_message(self.Complete())
            self.load_rest()

    def load_rest(self) -> None:
        """Start adding the rest, a slice between frames (once the first screen is drawn)."""
        if self.loading_rest:
            generation = self._generation
            self.set_timer(0.05, lambda: self._load_slice(generation))

    def _load_slice(self, generation: int) -> None:
        if generation != self._generation or not self.loading_rest:
            return  # another note or piece was opened meanwhile
        stop = min(self._next + SLICE_LINES, self._end)
        self.insert("\n" + "\n".join(self._lines[self._next : stop]), self.document.end)
        self._next = stop
        if self.loading_rest:
            self.set_timer(0.01, lambda: self._load_slice(generation))
        else:
            self.history.clear()  # inserting is not an edit to undo
            self.post_message(self.Complete())

    def select_match(self, row: int, start: int, end: int) -> bool:
        """Select a match (``row`` of the whole source) and bring it into view, with the
        piece that holds it; False if its line has not arrived yet."""
        if not self._start <= row < self._end:
            self._show_piece(row - row % PIECE_LINES, first=row % PIECE_LINES + FIRST_LINES)
            self.post_message(self.Complete())
            self.load_rest()
        row -= self._start
        if row >= self.document.line_count:
            return False
        self.selection = Selection((row, start), (row, end))
        self.scroll_cursor_visible(center=True, animate=False)
        return True
