"""The article viewer: one note rendered as Markdown, with its header and table of contents.

The viewer only shows what the app gives it; it reports what the reader does
(scrolling, reaching the end, following a link) as messages, and the app
records reading state.
"""

from __future__ import annotations

import asyncio

from markdown_it import MarkdownIt
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static, TextArea
from textual.widgets.markdown import MarkdownBlock
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from kbtui.corpus.links import display_markdown
from kbtui.corpus.safety import terminal_safe
from kbtui.present.render import note_header
from kbtui.search.snippets import find_matches, query_units
from kbtui.search.store import IndexedNote

MATCH_STYLE = "reverse"
# Textual's Markdown widget costs grow with the number of blocks (a list item is one): past
# either limit a note is shown as its Markdown source in a TextArea, which draws only the lines
# on screen. The longest bundled note has under 200 lines.
LARGE_NOTE_CHARS = 200_000
LARGE_NOTE_LINES = 1_500
# A large note's source is shown at once from its start (more than a screen at any terminal
# size), and the rest follows in slices between frames, so keys work while it loads: a 2 MB
# note loaded in one piece froze the app for over a second.
FIRST_LINES = 300
SLICE_LINES = 1_000


class ArticleScroll(VerticalScroll):
    """The scrolling body; vim keys on top of the usual ones."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "End", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]


def _markdown_parser() -> MarkdownIt:
    """GitHub-like Markdown with raw HTML off: tags in a note show as the text they are."""
    return MarkdownIt("gfm-like", options_update={"html": False})


class RawArticle(TextArea):
    """A large note's Markdown source, read-only; scrolls like the rendered article."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "End", show=False),
        Binding("space", "cursor_page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, read_only=True, soft_wrap=True, show_line_numbers=False)


class ArticleViewer(Vertical):
    """Header, optional table of contents, and the note body."""

    BINDINGS = [
        Binding("t", "toggle_toc", "Contents"),
        Binding("n", "next_match", "Next match", show=False),
        Binding("N", "previous_match", "Previous match", show=False),
    ]

    class Scrolled(Message):
        def __init__(self, note_id: str, position: float, at_end: bool) -> None:
            super().__init__()
            self.note_id = note_id
            self.position = position
            self.at_end = at_end

    class Loaded(Message):
        """The note is on screen (its blocks mounted and the position restored)."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note: IndexedNote | None = None
        self._matches: list[
            MarkdownBlock | tuple[int, int, int]
        ] = []  # blocks, or (row, start, end)
        self.large = False
        self._match_index = -1
        self._loading = False
        self.progress = 0.0
        self.loading_rest = False  # a large note's source is still arriving
        self._rest: list[str] = []
        self._generation = 0  # which note the pending slices belong to

    def compose(self) -> ComposeResult:
        yield Static(id="article-header")
        with Horizontal(id="article-body"):
            yield OptionList(id="toc")
            with ArticleScroll(id="article-scroll"):
                yield Markdown(id="article", open_links=False, parser_factory=_markdown_parser)
            yield RawArticle(id="article-raw")

    def on_mount(self) -> None:
        self.query_one("#toc").display = False
        self.query_one("#article-header", Static).update(
            Text("Select a note in the feed and press Enter.", style="dim")
        )
        self.query_one(RawArticle).display = False
        for scroller in (self.query_one(ArticleScroll), self.query_one(RawArticle)):
            self.watch(scroller, "scroll_y", self._on_scroll, init=False)

    @property
    def scroller(self) -> ArticleScroll | RawArticle:
        """The widget that scrolls the note now: the rendered article, or a large note's source."""
        return self.query_one(RawArticle) if self.large else self.query_one(ArticleScroll)

    # -- showing a note --------------------------------------------------------

    async def show(
        self,
        note: IndexedNote,
        body: str,
        position: float,
        terms: tuple[str, ...],
        prefixes: tuple[str, ...] = (),
    ) -> None:
        self.note = note
        self._loading = True
        self._matches, self._match_index = [], -1
        self._update_header()
        markdown = self.query_one("#article", Markdown)
        self.large = len(body) > LARGE_NOTE_CHARS or body.count("\n") > LARGE_NOTE_LINES
        self.query_one(ArticleScroll).display = not self.large
        self.query_one(RawArticle).display = self.large
        self._generation += 1
        self.loading_rest, self._rest = False, []
        if self.large:
            await markdown.update("")
            self._load_source(terminal_safe(body), position)
            self.query_one("#toc", OptionList).clear_options()
            if terms:
                self._highlight_source(body, terms, prefixes)
        else:
            await markdown.update(display_markdown(body))
            if terms:
                self._highlight(markdown, terms, prefixes)
        await self._laid_out()  # sizes are known only after layout: before it, every note "fits"
        self.scroller.scroll_to(y=position, animate=False, immediate=True)
        await self._laid_out()
        self._loading = False
        self._on_scroll()
        self.post_message(self.Loaded(note.id))
        if self.loading_rest:
            generation = self._generation
            self.set_timer(0.05, lambda: self._load_slice(generation))

    def _load_source(self, text: str, position: float) -> None:
        """Show the first lines now (enough to reach the saved position) and queue the rest."""
        lines = text.split("\n")
        first = max(FIRST_LINES, int(position) + FIRST_LINES)  # a line is at least one row
        self.query_one(RawArticle).load_text("\n".join(lines[:first]))
        self._rest = lines[first:]
        self.loading_rest = bool(self._rest)  # show() starts it once the first screen is drawn

    def _load_slice(self, generation: int) -> None:
        if generation != self._generation or not self._rest:
            return  # another note was opened meanwhile
        raw = self.query_one(RawArticle)
        piece, self._rest = self._rest[:SLICE_LINES], self._rest[SLICE_LINES:]
        raw.insert("\n" + "\n".join(piece), raw.document.end)
        if self._rest:
            self.set_timer(0.01, lambda: self._load_slice(generation))
        else:
            raw.history.clear()  # inserting is not an edit to undo
            self.loading_rest = False
            self._update_header()

    async def _laid_out(self) -> None:
        """Wait until the screen has been refreshed (and so laid out) twice."""
        for _ in range(2):
            refreshed = asyncio.Event()
            self.call_after_refresh(refreshed.set)
            await refreshed.wait()

    def _update_header(self) -> None:
        if self.note is None:
            return
        header = note_header(self.note)
        header.append(f" · read {round(self.progress * 100)}%", style="dim")
        if self.large:
            header.append(" · large note: shown as Markdown source", style="dim")
            if self.loading_rest:
                header.append(" · loading…", style="dim")
        if self._matches:
            where = f"{self._match_index + 1}/" if self._match_index >= 0 else ""
            header.append(f" · match {where}{len(self._matches)} (n/N)", style="dim")
        self.query_one("#article-header", Static).update(header)

    def _highlight_source(
        self, body: str, terms: tuple[str, ...], prefixes: tuple[str, ...]
    ) -> None:
        """For a large note: remember where the query's words are; n / N select them."""
        units = query_units(terms)
        for row, line in enumerate(terminal_safe(body).split("\n")):
            found = find_matches(line, units, prefixes)
            self._matches.extend((row, start, end) for start, end, _ in found)
        self._match_index = -1
        self._update_header()

    def _highlight(
        self, markdown: Markdown, terms: tuple[str, ...], prefixes: tuple[str, ...]
    ) -> None:
        """Mark the query's words in the rendered blocks; n / N move between those blocks."""
        units = query_units(terms)
        for block in markdown.query(MarkdownBlock):
            content = getattr(block, "_content", None)
            if content is None or not content.plain:
                continue
            matches = find_matches(content.plain, units, prefixes)
            if not matches:
                continue
            for start, end, _ in matches:
                content = content.stylize(MATCH_STYLE, start, end)
            block.set_content(content)
            self._matches.append(block)
        if self._matches:
            self._match_index = -1
            self._update_header()

    # -- reading ---------------------------------------------------------------

    def _on_scroll(self, *_: object) -> None:
        if self.note is None or self._loading:
            return
        scroll = self.scroller
        at_end = scroll.scroll_y >= scroll.max_scroll_y - 1
        self.progress = (
            1.0 if at_end or scroll.max_scroll_y <= 0 else scroll.scroll_y / scroll.max_scroll_y
        )
        self._update_header()
        self.post_message(self.Scrolled(self.note.id, scroll.scroll_y, at_end))

    def action_next_match(self) -> None:
        self._goto_match(+1)

    def action_previous_match(self) -> None:
        self._goto_match(-1)

    def _goto_match(self, step: int) -> None:
        if not self._matches:
            self.notify("No search matches in this note.", severity="warning", timeout=2)
            return
        if self._match_index < 0:  # the first n goes to the first match, the first N to the last
            self._match_index = 0 if step > 0 else len(self._matches) - 1
        else:
            self._match_index = (self._match_index + step) % len(self._matches)
        target = self._matches[self._match_index]
        if isinstance(target, tuple):
            row, start, end = target
            raw = self.query_one(RawArticle)
            if row >= raw.document.line_count:
                self.notify("That match is further on: the note is still loading.", timeout=2)
                return
            raw.selection = Selection((row, start), (row, end))
            raw.scroll_cursor_visible(center=True, animate=False)
        else:
            self.query_one(ArticleScroll).scroll_to_widget(target, animate=False, top=True)
        self._update_header()

    # -- table of contents -----------------------------------------------------

    def on_markdown_table_of_contents_updated(
        self, message: Markdown.TableOfContentsUpdated
    ) -> None:
        toc = self.query_one("#toc", OptionList)
        toc.clear_options()
        for level, label, block_id in message.table_of_contents:
            if block_id:
                toc.add_option(Option(Text("  " * (level - 1) + label), id=block_id))

    def action_toggle_toc(self) -> None:
        toc = self.query_one("#toc", OptionList)
        toc.display = not toc.display
        if toc.display:
            toc.focus()
        else:
            self.query_one(ArticleScroll).focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        if message.option_list.id != "toc" or message.option.id is None:
            return
        message.stop()
        markdown = self.query_one("#article", Markdown)
        block = markdown.query_one(f"#{message.option.id}")
        self.query_one(ArticleScroll).scroll_to_widget(block, animate=False, top=True)
        self.query_one(ArticleScroll).focus()

    def focus_body(self) -> None:
        self.scroller.focus()
