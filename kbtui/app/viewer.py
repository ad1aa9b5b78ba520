"""The article viewer: one note's page, with its header and table of contents.

The viewer shows the note the app opens. It keeps the reader's place in it (saved once the
scrolling pauses) and marks the note read at its end, through the session; the app hears of
that (``ReadingChanged``) and of a link that leads to another note (``OpenRequested``).
"""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer

from kbtui.app.article_page import ArticlePage
from kbtui.app.key_bindings import bindings
from kbtui.app.matches import SearchMatches
from kbtui.app.note_header import NoteHeader
from kbtui.app.pickers import Picker, link_choices
from kbtui.app.raw_article import RawArticle
from kbtui.app.session import OpenedNote, Session
from kbtui.app.toc import TableOfContents
from kbtui.corpus.document import Link
from kbtui.corpus.links import NoteLinks
from kbtui.corpus.safety import one_line, terminal_safe
from kbtui.present.page import is_large
from kbtui.search.documents import IndexedNote

# Past either limit a note is shown as its Markdown source (``RawArticle``), which loads in
# slices: laying out a page costs about 1 µs a character. The longest bundled note has under
# 200 lines.
LINKS_TITLE = "Links in this note · ← links here"
POSITION_SAVE_DELAY = 0.4  # seconds without scrolling before the place is saved


class ArticleViewer(Vertical):
    """Header, optional table of contents, and the note body."""

    BINDINGS = bindings("viewer")

    class ReadingChanged(Message):
        """The open note became read: the feed's marks and counts are out of date."""

    class OpenRequested(Message):
        """A link leads to another note (at a heading, if ``anchor``), or the open note
        must be shown ``again`` (it changed on disk)."""

        def __init__(self, note_id: str, anchor: str = "", again: bool = False) -> None:
            super().__init__()
            self.note_id, self.anchor, self.again = note_id, anchor, again

    class Loaded(Message):
        """The note is on screen (its blocks mounted and the position restored)."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.note: IndexedNote | None = None
        self._unsaved: tuple[str, float] | None = None  # (note id, place) not yet saved
        self._save_timer: Timer | None = None
        self.matches = SearchMatches()
        self.large = False
        self._loading = False
        self.progress = 0.0

    def compose(self) -> ComposeResult:
        yield NoteHeader(id="article-header")
        with Horizontal(id="article-body"):
            yield TableOfContents(id="toc")
            yield ArticlePage(id="article-page")
            yield RawArticle(id="article-raw")

    def on_mount(self) -> None:
        self.toc.display = False
        self.query_one(NoteHeader).show_nothing()
        self.raw.display = False
        for scroller in (self.article_page, self.raw):
            self.watch(scroller, "scroll_y", self._on_scroll, init=False)

    # The parts, by what they are: the note's page, a large note's source, the table of
    # contents and the header.
    @property
    def article_page(self) -> ArticlePage:
        return self.query_one(ArticlePage)

    @property
    def raw(self) -> RawArticle:
        return self.query_one(RawArticle)

    @property
    def toc(self) -> TableOfContents:
        return self.query_one(TableOfContents)

    @property
    def loading_rest(self) -> bool:
        """Whether a large note's source is still arriving."""
        return self.large and self.raw.loading_rest

    @property
    def scroller(self) -> ArticlePage | RawArticle:
        """The widget that scrolls the note now: the note's page, or a large note's source."""
        return self.raw if self.large else self.article_page

    # -- showing a note --------------------------------------------------------

    async def show(self, opened: OpenedNote) -> None:
        """Show a note at its saved place (or its anchor), the searched words marked."""
        note, body, position = opened.note, opened.body, opened.position
        terms, prefixes = opened.terms, opened.prefixes
        self.note = note
        self._loading = True
        self.matches = SearchMatches()
        self._update_header()
        page = self.article_page
        self.large = is_large(body)
        page.display = not self.large
        raw = self.raw
        raw.display = self.large
        raw.clear_source()
        if self.large:
            page.clear()
            raw.show_source(terminal_safe(body), position)
            self.toc.clear_options()
            if terms:
                self.matches.find_in_source(body, terms, prefixes)
        else:
            await self._laid_out()  # the page's width is known once it is laid out
            marker = self.matches.marker(terms, prefixes)
            page.show_document(opened.document, marker, opened.links)
            self._page_relaid()
        await self._laid_out()  # sizes are known only after layout: before it, every note "fits"
        self.scroller.scroll_to(y=position, animate=False, immediate=True)
        await self._laid_out()
        if opened.anchor:
            self.article_page.goto_anchor(opened.anchor)
        self._loading = False
        self._on_scroll()
        self.post_message(self.Loaded(note.id))
        raw.load_rest()

    @on(RawArticle.Complete)
    def _source_complete(self) -> None:
        self._update_header()

    async def _laid_out(self) -> None:
        """Wait until the screen has been refreshed (and so laid out) twice."""
        for _ in range(2):
            refreshed = asyncio.Event()
            self.call_after_refresh(refreshed.set)
            await refreshed.wait()

    def _update_header(self) -> None:
        if self.note is not None:
            part = self.raw.describe() if self.large else ""
            self.query_one(NoteHeader).describe(
                self.note, self.progress, part, self.matches.describe()
            )

    # -- reading ---------------------------------------------------------------

    def _on_scroll(self, *_: object) -> None:
        if self.note is None or self._loading:
            return
        scroll = self.scroller
        at_end = scroll.scroll_y >= scroll.max_scroll_y - 1
        self.progress = (
            1.0 if at_end or scroll.max_scroll_y <= 0 else scroll.scroll_y / scroll.max_scroll_y
        )
        if self.large:  # a piece of the note: its end is the note's only in the last piece
            self.progress, last_piece = self.raw.in_whole(self.progress)
            at_end = at_end and last_piece
        self._update_header()
        self._unsaved = (self.note.id, scroll.scroll_y)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(POSITION_SAVE_DELAY, self.save_position)
        if at_end and self.session.reached_end(self.note):
            self.post_message(self.ReadingChanged())

    def save_position(self) -> None:
        """Save the reader's place in the note now (before another note opens, and at exit)."""
        if self._unsaved is not None:
            self.session.save_position(*self._unsaved)
            self._unsaved = None

    def on_unmount(self) -> None:
        self.save_position()

    # -- links -------------------------------------------------------------------

    def show_links(self, links: list[Link], resolved: NoteLinks) -> None:
        """The note's links and backlinks in a picker; the one chosen is followed."""
        if self.note is None:
            return
        if not links and not resolved.backlinks:
            self.notify("This note has no links, and no note links to it.", timeout=2)
            return
        self.app.push_screen(Picker(LINKS_TITLE, link_choices(links, resolved)), self._chosen)

    def _chosen(self, number: object) -> None:
        if isinstance(number, int):
            self.follow(number)

    @on(ArticlePage.LinkClicked)
    def _clicked(self, message: ArticlePage.LinkClicked) -> None:
        message.stop()
        self.follow(message.number)

    def follow(self, number: int) -> None:
        """Follow link ``number`` of the note (its backlinks are numbered after its links)."""
        if self.note is None or (leads := self.session.follow(number)) is None:
            return
        if leads.kind == "note":  # posted here: Textual bubbles no message back to its maker
            self.post_message(self.OpenRequested(leads.note_id, leads.anchor))
        else:
            self.article_page.follow(leads)

    def action_next_match(self) -> None:
        self._goto_match(+1)

    def action_previous_match(self) -> None:
        self._goto_match(-1)

    def _goto_match(self, step: int) -> None:
        target = self.matches.step(step)
        if target is None:
            self.notify("No search matches in this note.", severity="warning", timeout=2)
            return
        if isinstance(target, tuple):
            if not self.raw.select_match(*target):
                self.notify("That match is further on: the note is still loading.", timeout=2)
                return
        else:
            self.article_page.scroll_to_line(target - 2)  # with two lines of what leads to it
        self._update_header()

    # -- table of contents -----------------------------------------------------

    @on(ArticlePage.Relaid)
    def _page_relaid(self) -> None:
        """Headings and matches moved with the page's lines: list them anew. (A large note's
        page is empty and hidden: its matches are in its source, and stay.)"""
        if self.large:
            return
        page = self.article_page.page
        self.toc.show_headings([(h.level, h.text, line) for h, line in page.heading_lines()])
        self.matches.on_page(page.match_lines())
        self._update_header()

    def action_toggle_toc(self) -> None:
        toc = self.toc
        toc.display = not toc.display
        if toc.display:
            toc.focus()
        else:
            self.article_page.focus()

    @on(TableOfContents.Jump)
    def _jump(self, message: TableOfContents.Jump) -> None:
        self.article_page.scroll_to_line(message.line)
        self.article_page.focus()

    def changed_on_disk(self, note_ids: set[str]) -> None:
        """Notes changed on disk: the open note, if among them, is shown again at the
        reader's place (or said to be gone)."""
        note = self.note
        if note is None or note.id not in note_ids:
            return
        if self.session.knowledge_base.store.get(note.id) is None:
            gone = f"{one_line(note.id)} was removed or renamed on disk"
            self.notify(gone, severity="warning", markup=False)
            return
        self.session.save_position(note.id, self.scroller.scroll_y)
        self.post_message(self.OpenRequested(note.id, again=True))

    def focus_body(self) -> None:
        self.scroller.focus()
