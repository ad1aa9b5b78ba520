"""The rendered note: the page ``kbtui.present.page`` lays out, drawn through the line API.

Only the rows on screen are turned into strips, so a long note scrolls as cheaply as a short
one. The page is laid out again when the width changes (keeping the block at the top of the
screen where it was) or when formulas switch between text and TeX source (``$``). A click on
a link posts ``LinkClicked`` with the link's number in the note.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kbtui.app.key_bindings import bindings
from kbtui.corpus.document import Document
from kbtui.corpus.links import LinkTarget, NoteLinks
from kbtui.corpus.safety import one_line
from kbtui.present.page import Marker, Page, layout


class ArticlePage(ScrollView, can_focus=True):
    """A note's page; vim keys on top of the usual scrolling ones."""

    BINDINGS = bindings("page")

    class LinkClicked(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    class Relaid(Message):
        """The page was laid out again (its lines moved): headings and matches are anew."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = Document([])
        self.marker: Marker | None = None
        self.links: NoteLinks | None = None
        self.tex_source = False
        self.page = Page(width=0)
        self._strips: dict[int, Strip] = {}
        self._pending = False  # a layout for a new width is on its way

    def show_document(
        self, document: Document, marker: Marker | None = None, links: NoteLinks | None = None
    ) -> None:
        """Lay out a note (its searched words marked, its links resolved) and show its start."""
        self.document, self.marker, self.links = document, marker, links
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)

    def clear(self) -> None:
        self.show_document(Document([]))

    @property
    def page_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _relayout(self) -> None:
        self._pending = False
        width = self.page_width
        if width <= 0:
            return
        self.page = layout(self.document, width, self.marker, self.tex_source, links=self.links)
        self._strips.clear()
        self.virtual_size = Size(width, len(self.page.rows))
        self.refresh()
        self.post_message(self.Relaid())

    def _relayout_in_place(self) -> None:
        """Lay out again, the reader's place kept: the block at the top of the screen stays
        there, as far into it as before (in proportion), and the end stays the end."""
        old = self.page
        top = int(self.scroll_y)
        at_end = top > 0 and top >= self.max_scroll_y
        block = old.rows[top].block if top < len(old.rows) else 0
        into = top - old.line_of_block(block)
        old_length = old.block_length(block)
        self._relayout()
        if at_end:
            self.scroll_end(animate=False, immediate=True)
            return
        new_length = self.page.block_length(block)
        line = self.page.line_of_block(block) + into * new_length // max(old_length, 1)
        self.scroll_to(y=line, animate=False, immediate=True)

    def on_resize(self, event: Resize) -> None:
        if self.page_width != self.page.width and self.page_width > 0:
            self._relayout_in_place()

    def action_toggle_tex(self) -> None:
        self.tex_source = not self.tex_source
        self._relayout_in_place()
        shown = "TeX source" if self.tex_source else "text"
        self.notify(f"Formulas shown as {shown} ($ to switch).", timeout=2)

    def action_link(self, number: int) -> None:
        self.post_message(self.LinkClicked(number))

    def follow(self, leads: LinkTarget) -> None:
        """Go where a link leads, if it stays in this note: a heading here; an address is
        shown and copied to the clipboard; a note that does not exist is said to be missing.
        (Another note is opened by the app: the viewer asks it.)"""
        shown = one_line(leads.target)
        if leads.kind == "external":
            # Exactly what is shown goes to the clipboard: a URL that decoded to a newline or
            # an escape could otherwise run as a command where it is pasted.
            self.app.copy_to_clipboard(shown)
            notice = f"{shown}\n(copied to the clipboard)"
            self.notify(notice, title="Link", timeout=8, markup=False)
        elif leads.kind == "here":
            self.goto_anchor(leads.anchor)
        elif leads.kind == "missing":
            self.notify(f"No note {shown} in this folder", severity="warning", markup=False)

    def goto_anchor(self, anchor: str) -> None:
        """Scroll to a heading of the note by its anchor (a link's ``#...``)."""
        heading = self.document.heading_for(anchor)
        for shown, line in self.page.heading_lines():
            if shown is heading:
                self.scroll_to_line(line)
                return

    def scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=max(line, 0), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        if self.page_width != self.page.width and self.page_width > 0 and not self._pending:
            self._pending = True  # the width changed without a resize (a scrollbar came)
            self.call_after_refresh(self._relayout_in_place)
        number = int(self.scroll_y) + y
        width = self.page_width
        base = self.rich_style
        if number >= len(self.page.rows):
            return Strip.blank(width, base)
        strip = self._strips.get(number)
        if strip is None:
            text = self.page.rows[number].text
            segments = list(text.render(self.app.console, end=""))
            strip = Strip(Segment.apply_style(segments, base))
            self._strips[number] = strip
        return strip.adjust_cell_length(width, base)
