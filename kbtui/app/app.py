"""The kbtui app: feed pane, article viewer and search bar over one knowledge base.

The app owns the shared state (the index, the reading state, the feed filter,
the search, the history) and the widgets only show it. Anything slow runs in
a worker thread: bringing the index up to date at start-up, and each search as
you type (a newer keystroke makes the older search's result be dropped).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Markdown, Static
from textual.worker import get_current_worker

from kbtui.app.feed_list import FeedEntry, FeedList, LazyEntries
from kbtui.app.help import HelpScreen
from kbtui.app.pickers import Picker
from kbtui.app.search_bar import SearchBar
from kbtui.app.viewer import ArticleViewer
from kbtui.corpus.links import note_links, resolve_link
from kbtui.corpus.safety import one_line
from kbtui.errors import KbtuiError
from kbtui.search.feed import FeedFilter, facet_counts, feed_notes, is_unread, unread_count
from kbtui.search.query import ParsedQuery, parse_query
from kbtui.search.ranking import SearchResults
from kbtui.search.store import IndexedNote, NoteIndex, NoteList, SyncReport
from kbtui.state.history import History
from kbtui.state.reading import UNSEEN, ReadingState

FEED_TITLE = "INCOMING TRANSMISSION · LATEST UPDATES"
SEARCH_LIMIT = 50
FIRST_SNIPPETS = 10  # the hits a tall terminal shows at once
NARROW_WIDTH = 80
POSITION_SAVE_DELAY = 0.4
DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"


class KbtuiApp(App[None]):
    CSS_PATH = Path(__file__).with_name("kbtui.tcss")
    TITLE = "kbtui"

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "focus_search", "Search"),
        Binding("f", "filter", "Filter"),
        Binding("F", "clear_filter", "Clear filter", show=False),
        Binding("m", "mark_read", "Read", show=False),
        Binding("u", "mark_unread", "Unread", show=False),
        Binding("b", "bookmark", "Bookmark"),
        Binding("o", "links", "Links", show=False),
        Binding("left_square_bracket,backspace", "back", "Back", show=False),
        Binding("right_square_bracket", "forward", "Forward", show=False),
        Binding("escape", "escape", "Back to feed", show=False),
        Binding("tab", "switch_pane", "Switch pane", priority=True),
    ]

    def __init__(self, notes_root: Path, index_dir: Path | None = None) -> None:
        super().__init__()
        self.notes_root = notes_root
        self.index = NoteIndex(notes_root, index_dir)
        self.state = ReadingState(notes_root)
        self.feed_filter = FeedFilter()
        self.history = History()
        self.query_text = ""
        self.results: SearchResults | None = None
        self._feed_cursor: str | None = None  # where the feed was before a search
        self._body = ""
        self._pending_position: tuple[str, float] | None = None
        self._position_timer = None
        self.indexing = False
        self.checked = asyncio.Event()  # set when the first check of the notes has ended
        self.theme = DARK_THEME

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="feed-pane"):
                yield Static(id="feed-header")
                yield SearchBar(id="search")
                yield FeedList(id="feed")
            yield ArticleViewer(id="viewer")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_width(self.size.width)
        rebuilt = self.index.take_rebuild_reason()
        if rebuilt:
            self.set_status(f"Rebuilding the index: {rebuilt}")
        self.states = self.state.all()
        self.query_one(SearchBar).recent = self.state.recent_searches()
        self.refresh_feed()
        self.query_one(FeedList).focus()
        if self.state.notice:
            self.notify(self.state.notice, severity="warning", markup=False)
        # After the first frame: the walk of every note holds the GIL for most of a second
        # at 100,000 notes, and the feed is already right for all but the changed notes.
        self.call_after_refresh(self.sync_index)

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.screen.set_class(width <= NARROW_WIDTH, "narrow")

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("narrow")

    def _show_reader(self, reading: bool) -> None:
        self.screen.set_class(reading, "reading")

    # -- status ----------------------------------------------------------------

    def set_status(self, message: str) -> None:
        self.query_one("#status", Static).update(Text(one_line(message)))

    # -- the index -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def sync_index(self, rebuild: bool = False) -> None:
        """Bring the index up to date in the background; the feed refreshes when it ends."""
        self.call_from_thread(self._indexing_started)
        worker_index = NoteIndex(self.notes_root, self.index.directory)
        try:
            report = worker_index.sync(
                rebuild=rebuild,
                progress=lambda done, total: self.call_from_thread(
                    self._indexing_progress, done, total
                ),
            )
        except (KbtuiError, OSError, ValueError) as error:
            self.call_from_thread(self._indexing_failed, str(error))
            return
        self.call_from_thread(self._indexing_done, report)

    def _indexing_started(self) -> None:
        self.indexing = True
        self.set_status("Checking notes for changes…")

    def _indexing_progress(self, done: int, total: int) -> None:
        self.set_status(f"Indexing {done}/{total} notes…")

    def _indexing_failed(self, message: str) -> None:
        self.indexing = False
        self.checked.set()
        self.set_status(f"Indexing failed: {message}")
        self.notify(f"Indexing failed: {message}", severity="error", markup=False)

    def _indexing_done(self, report: SyncReport) -> None:
        self.indexing = False
        self.checked.set()
        self.index.reload()
        if report.changed or report.rebuilt:
            self.refresh_feed()
            if self.query_text:
                self.run_search(self.query_text)
        parts = []
        if report.changed:
            parts.append(
                f"{report.added} added, {report.updated} updated, {report.removed} removed"
            )
        if report.skipped or report.problems:
            parts.append(
                f"{len(report.skipped) + len(report.problems)} note problem(s): run 'kbtui index'"
            )
        if report.read_only:
            parts.append(report.read_only)
        self.set_status(
            " · ".join(parts) if parts else f"{self.index.note_count()} notes, index up to date"
        )

    # -- the feed --------------------------------------------------------------

    def entry(self, note: IndexedNote, snippet=None) -> FeedEntry:
        state = self.states.get(note.id, UNSEEN)
        updated = state.updated_since_read(note.fingerprint)
        unread = is_unread(note, state)
        return FeedEntry(
            note, unread=unread, updated=updated, bookmarked=state.bookmarked, snippet=snippet
        )

    def hit_entries(self, results: SearchResults) -> LazyEntries:
        """Search hits as feed entries; a snippet is made when its hit is drawn."""
        hits = results.hits

        def position(note_id: str) -> int | None:
            return next((i for i, hit in enumerate(hits) if hit.note.id == note_id), None)

        return LazyEntries(hits, lambda hit: self.entry(hit.note, hit.snippet), position)

    def _position(self, notes: NoteList, note_id: str) -> int | None:
        note = self.index.get(note_id)
        return notes.position_of(note) if note is not None else None

    def refresh_feed(self) -> None:
        feed = self.query_one(FeedList)
        keep = feed.current.note.id if feed.current else None
        if self.results is not None:
            entries = self.hit_entries(self.results)
            feed.empty_message = "No notes match. Esc returns to the feed."
        else:
            shown = feed_notes(self.index, self.feed_filter, self.states)
            entries = LazyEntries(shown, self.entry, lambda note_id: self._position(shown, note_id))
            if self.index.note_count():
                feed.empty_message = "No notes under this filter. F clears it."
            else:
                feed.empty_message = "Indexing…" if self.indexing else "No notes in this folder."
        feed.set_entries(entries, keep=keep)
        self._update_feed_header()

    def _update_feed_header(self) -> None:
        header = Text(FEED_TITLE, style="bold", no_wrap=True, overflow="ellipsis")
        if self.results is not None:
            count = f"{self.results.total} hit{'s' if self.results.total != 1 else ''}"
            if explanation := self.results.explanation():
                count += f" · {one_line(explanation)}"
            header.append(f"\n{count} · Esc returns to the feed", style="dim")
        else:
            unread = unread_count(self.index, self.states)
            header.append(f"\n{unread} unread · {self.feed_filter.describe()}", style="dim")
        self.query_one("#feed-header", Static).update(header)

    def on_feed_list_opened(self, message: FeedList.Opened) -> None:
        self.open_note(message.note_id)

    # -- search ----------------------------------------------------------------

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id != "search":
            return
        text = message.value.strip()
        if not text:
            self._end_search()
            return
        if self.results is None and self.query_text == "":
            feed = self.query_one(FeedList)
            self._feed_cursor = feed.current.note.id if feed.current else None
        self.query_text = text
        self.run_search(text)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str) -> None:
        parsed = parse_query(text)
        if parsed.is_empty:
            return
        try:
            results = self.index.search(parsed, limit=SEARCH_LIMIT)
        except ValueError as error:  # a damaged index: say so, rebuild in the background
            self.call_from_thread(self._search_failed, str(error))
            return
        for hit in results.hits[:FIRST_SNIPPETS]:  # here, off the UI thread; the rest when drawn
            _ = hit.snippet
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_results, text, parsed, results)

    def _search_failed(self, message: str) -> None:
        self.set_status(f"Search failed ({one_line(message)[:80]}); rebuilding the index")
        self.sync_index(rebuild=True)

    def _show_results(self, text: str, parsed: ParsedQuery, results: SearchResults) -> None:
        if text != self.query_text:
            return  # an older keystroke's answer
        self.results = results
        feed = self.query_one(FeedList)
        feed.set_entries(self.hit_entries(results))
        feed.empty_message = "No notes match. Esc returns to the feed."
        self._update_feed_header()
        if parsed.warnings:
            self.set_status("Query: " + "; ".join(parsed.warnings))
        if self.index.notices:  # e.g. a broken synonyms entry, or a rebuild at search time
            self.set_status("; ".join(self.index.notices))
            self.index.notices.clear()

    def _end_search(self) -> None:
        self.query_text = ""
        self.results = None
        self.workers.cancel_group(self, "search")
        feed = self.query_one(FeedList)
        self.refresh_feed()
        if self._feed_cursor:
            feed.set_entries(feed.entries, keep=self._feed_cursor)
        self._feed_cursor = None

    def on_input_submitted(self, message: Input.Submitted) -> None:
        text = message.value.strip()
        if message.input.id != "search" or not text:
            return
        self.state.add_search(text)
        bar = self.query_one(SearchBar)
        bar.recent = self.state.recent_searches()
        bar.reset_recall()
        if self.results is None or self.results.query.text != text:
            # Enter came before the as-you-type search answered: search now, it is quick.
            self.workers.cancel_group(self, "search")
            parsed = parse_query(text)
            if parsed.is_empty:
                return
            self._show_results(text, parsed, self.index.search(parsed, limit=SEARCH_LIMIT))
        feed = self.query_one(FeedList)
        if feed.current is not None:
            self.open_note(feed.current.note.id)

    def _highlight_terms(self, note_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The searched words to mark in the opened note, and which of them are prefixes."""
        hit = self.results.hit_for(note_id) if self.results is not None else None
        if hit is None:
            return (), ()
        return hit.terms, hit.prefixes

    # -- reading ---------------------------------------------------------------

    @work(exclusive=True, group="open")
    async def open_note(self, note_id: str, remember: bool = True, anchor: str = "") -> None:
        note = self.index.get(note_id)
        if note is None:
            self.notify(f"No note {note_id}", severity="warning", markup=False)
            return
        try:
            body = self.index.read_body(note_id)
        except KbtuiError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._flush_position()
        if remember:
            self.history.visit(note_id)
        self._body = body
        self.state.opened(note_id)
        viewer = self.query_one(ArticleViewer)
        self._show_reader(True)
        position = self.states.get(note_id, UNSEEN).position if not anchor else 0.0
        terms, prefixes = self._highlight_terms(note_id)
        await viewer.show(note, body, position, terms, prefixes)
        if anchor:
            self.query_one("#article", Markdown).goto_anchor(anchor)
        viewer.focus_body()

    def on_article_viewer_scrolled(self, message: ArticleViewer.Scrolled) -> None:
        self._pending_position = (message.note_id, message.position)
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._flush_position)
        if message.at_end:
            note = self.query_one(ArticleViewer).note
            state = self.states.get(message.note_id, UNSEEN)
            if note is not None and is_unread(note, state):
                self._set_read(note, True)

    def _flush_position(self) -> None:
        if self._pending_position is None:
            return
        note_id, position = self._pending_position
        self._pending_position = None
        self.state.set_position(note_id, position)
        self.states[note_id] = replace(self.states.get(note_id, UNSEEN), position=position)

    def on_unmount(self) -> None:
        self._flush_position()
        self.state.close()

    def _target_note(self) -> IndexedNote | None:
        """The note an action means: the open one when the article has focus, else the feed's."""
        viewer = self.query_one(ArticleViewer)
        focused = self.focused
        if (
            viewer.note is not None
            and focused is not None
            and viewer in focused.ancestors_with_self
        ):
            return viewer.note
        feed = self.query_one(FeedList)
        return feed.current.note if feed.current else viewer.note

    def _set_read(self, note: IndexedNote, read: bool) -> None:
        if read:
            self.state.mark_read(note.id, note.fingerprint)
        else:
            self.state.mark_unread(note.id)
        fingerprint = note.fingerprint if read else None
        self.states[note.id] = replace(
            self.states.get(note.id, UNSEEN), read_fingerprint=fingerprint
        )
        self.refresh_feed()
        if self.state.notice:
            self.set_status(self.state.notice)

    def action_mark_read(self) -> None:
        if note := self._target_note():
            self._set_read(note, True)
            self.notify(f"Marked read: {one_line(note.title)}", timeout=2, markup=False)

    def action_mark_unread(self) -> None:
        if note := self._target_note():
            self._set_read(note, False)
            self.notify(f"Marked unread: {one_line(note.title)}", timeout=2, markup=False)

    def action_bookmark(self) -> None:
        note = self._target_note()
        if note is None:
            return
        bookmarked = not self.states.get(note.id, UNSEEN).bookmarked
        self.state.set_bookmarked(note.id, bookmarked)
        self.states[note.id] = replace(self.states.get(note.id, UNSEEN), bookmarked=bookmarked)
        self.refresh_feed()
        verb = "Bookmarked" if bookmarked else "Bookmark removed"
        self.notify(f"{verb}: {one_line(note.title)}", timeout=2, markup=False)

    # -- navigation ------------------------------------------------------------

    def action_back(self) -> None:
        if (note_id := self.history.back()) is not None:
            self.open_note(note_id, remember=False)

    def action_forward(self) -> None:
        if (note_id := self.history.forward()) is not None:
            self.open_note(note_id, remember=False)

    def action_focus_search(self) -> None:
        self._show_reader(False)
        self.query_one(SearchBar).focus()

    def action_escape(self) -> None:
        bar = self.query_one(SearchBar)
        if bar.value or self.results is not None:
            bar.value = ""
            self._end_search()
            self._show_reader(False)
            self.query_one(FeedList).focus()
        elif self.narrow and self.screen.has_class("reading"):
            self._show_reader(False)
            self.query_one(FeedList).focus()
        elif self.focused is bar:
            self.query_one(FeedList).focus()

    def action_switch_pane(self) -> None:
        focused = self.focused
        feed = self.query_one(FeedList)
        viewer = self.query_one(ArticleViewer)
        if focused is self.query_one(SearchBar):
            feed.focus()
        elif focused is not None and viewer in focused.ancestors_with_self:
            self._show_reader(False)
            feed.focus()
        elif viewer.note is not None:
            self._show_reader(True)
            viewer.focus_body()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- links -----------------------------------------------------------------

    def action_links(self) -> None:
        viewer = self.query_one(ArticleViewer)
        if viewer.note is None:
            return
        links = note_links(self._body)
        if not links:
            self.notify("This note has no links.", timeout=2)
            return
        choices = [
            (f"{'↗' if link.external else '→'} {link.text}  ({link.target})", link.target)
            for link in links
        ]
        self.push_screen(Picker("Links in this note", choices), self.follow_link)

    def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        message.stop()
        self.follow_link(message.href)

    def follow_link(self, target: str | None) -> None:
        viewer = self.query_one(ArticleViewer)
        if not target or viewer.note is None:
            return
        resolved = resolve_link(viewer.note.id, target)
        if resolved is None:
            self.copy_to_clipboard(target)
            self.notify(
                f"{one_line(target)}\n(copied to the clipboard)",
                title="Link",
                timeout=8,
                markup=False,
            )
            return
        note_id, anchor = resolved
        if note_id == viewer.note.id:
            self.query_one("#article", Markdown).goto_anchor(anchor)
        elif self.index.get(note_id) is None:
            self.notify(f"No note at {one_line(target)}", severity="warning", markup=False)
        else:
            self.open_note(note_id, anchor=anchor)

    # -- filters ---------------------------------------------------------------

    def action_filter(self) -> None:
        counts = facet_counts(self.index, self.states)
        choices: list[tuple[str, object] | None] = [
            ("All notes", FeedFilter()),
            (f"Unread only ({counts.unread})", "unread_only"),
            (f"Bookmarked only ({counts.bookmarked})", "bookmarked_only"),
            None,
        ]
        choices += [
            (f"Category: {name} ({count})", ("category", name)) for name, count in counts.categories
        ]
        choices.append(None)
        choices += [(f"Tag: #{name} ({count})", ("tag", name)) for name, count in counts.tags]
        self.push_screen(
            Picker(f"Filter the feed · now: {self.feed_filter.describe()}", choices),
            self.set_filter,
        )

    def set_filter(self, choice: object) -> None:
        if choice is None:
            return
        if isinstance(choice, FeedFilter):
            self.feed_filter = choice
        elif isinstance(choice, str):
            self.feed_filter = self.feed_filter.toggled(choice)
        else:
            field, value = choice
            same = getattr(self.feed_filter, field) == value
            self.feed_filter = replace(self.feed_filter, **{field: None if same else value})
        if self.results is not None:
            self.action_escape()
        self.refresh_feed()

    def action_clear_filter(self) -> None:
        self.set_filter(FeedFilter())

    # -- command palette -------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Filter the feed", "By category, tag, unread or bookmarked", self.action_filter
        )
        yield SystemCommand("Clear the filter", "Show all notes", self.action_clear_filter)
        yield SystemCommand(
            "Unread only",
            "Toggle showing only unread notes",
            lambda: self.set_filter("unread_only"),
        )
        yield SystemCommand(
            "Bookmarked only",
            "Toggle showing only bookmarked notes",
            lambda: self.set_filter("bookmarked_only"),
        )
        yield SystemCommand(
            "Rebuild the index", "Index every note again", lambda: self.sync_index(rebuild=True)
        )
        yield SystemCommand(
            "Toggle light/dark theme", "Switch between the light and dark theme", self.toggle_theme
        )
        yield SystemCommand(
            "Table of contents", "Show or hide the note's contents", self._toggle_toc
        )
        yield SystemCommand("Keys and query syntax", "Open the help screen", self.action_help)

    def toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def _toggle_toc(self) -> None:
        self.query_one(ArticleViewer).action_toggle_toc()

    def _fatal_error(self) -> None:
        """An unexpected exception: one line for the user; the traceback only with KBTUI_DEBUG."""
        if os.environ.get("KBTUI_DEBUG"):
            super()._fatal_error()
            return
        error = self._exception
        self.bell()
        message = f"kbtui: internal error: {type(error).__name__}: {error}"
        self._exit_renderables.append(Text(one_line(message) + " (KBTUI_DEBUG=1 shows details)"))
        self._close_messages_no_wait()


def run_app(notes_root: Path) -> None:
    KbtuiApp(notes_root).run()
