"""The feed pane: its header, the search bar, and the list of notes or hits.

The pane keeps the feed in step with the notes (through ``IndexUpkeep``, its part with
nothing on screen) and with the search bar: each search as you type runs in a worker thread
(a newer keystroke's search replaces the older one) that posts typed messages. It orders the
feed, finds the next unread note, and marks every note it shows read (asked first; written in
a worker). It asks the session for everything it shows; what the app must act on (open a
note, tell the reader something) bubbles up as messages.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from kbtui.app.confirm import Confirm
from kbtui.app.entries import FeedEntry, LazyEntries
from kbtui.app.feed_list import FeedList
from kbtui.app.index_upkeep import IndexUpkeep
from kbtui.app.messages import (
    IndexingFinished,
    MarkedRead,
    Notice,
    SearchAnswered,
    SearchFailed,
)
from kbtui.app.search_bar import SearchBar
from kbtui.app.session import Session
from kbtui.corpus.safety import one_line
from kbtui.search.feed import FeedFilter, FeedOrder
from kbtui.search.knowledge_base import SearchView
from kbtui.search.results import SearchResults

FEED_TITLE = "INCOMING TRANSMISSION · LATEST UPDATES"


class FeedPane(Vertical):
    def __init__(self, session: Session, live_reload: bool = False, *, id: str | None = None):
        super().__init__(id=id)
        self.session = session
        self.live_reload = live_reload  # watch the notes folder (see ``NotesWatcher``)
        self._open_best_hit_of: str | None = None  # Enter came before this search answered

    def compose(self) -> ComposeResult:
        yield Static(id="feed-header")
        yield SearchBar(id="search")
        yield FeedList(id="feed")
        yield IndexUpkeep(self.session, self.live_reload)

    def on_mount(self) -> None:
        self.search_bar.recent = self.session.state.recent_searches()

    @property
    def feed(self) -> FeedList:
        return self.query_one(FeedList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def current(self) -> FeedEntry | None:
        """The entry under the cursor."""
        return self.feed.current

    def show_feed(self, keep_cursor: bool = True) -> None:
        """Draw the notes (or the hits) again; the cursor stays on its note unless told not to."""
        feed = self.feed
        keep = feed.current.note.id if feed.current and keep_cursor else None
        feed.empty_message = self.session.empty_feed_message(self.indexing)
        feed.set_entries(self.session.feed_entries(), keep=keep)
        header = Text(FEED_TITLE, style="bold", no_wrap=True, overflow="ellipsis")
        header.append("\n" + one_line(self.session.feed_summary()), style="dim")
        self.query_one("#feed-header", Static).update(header)

    def set_filter(self, feed_filter: FeedFilter) -> None:
        """Filter the feed; a search in progress ends, as the filter is the feed's."""
        self.session.set_filter(feed_filter)
        if self.searching:
            self.clear_search()
        else:
            self.show_feed()

    # -- the reader's workflow ---------------------------------------------------

    def sort(self, order: str = "") -> None:
        """Order the feed as named ("date", "title", "opened"), or in the order after its own;
        the order is remembered, and the cursor stays on its note."""
        chosen = FeedOrder(order) if order else self.session.feed_order.following()
        self.session.set_order(chosen)
        self.show_feed()
        hits = " (the search's hits stay best first)" if self.session.results is not None else ""
        self.post_message(Notice(f"Feed sorted: {chosen.describe()}{hits}"))
        for notice in self.session.take_notices():  # (settings that could not be saved)
            self.post_message(Notice(notice, "warning"))

    def next_unread(self, step: int) -> None:
        """Open the next (1) or previous (-1) unread note of the feed from the cursor; the
        note under the cursor counts unless it is the one open."""
        feed, shown = self.feed, self.session.note
        here = feed.current.note.id if feed.current else None
        start = feed.cursor + step if shown is not None and here == shown.id else feed.cursor
        found = feed.entries.next_unread(start, step)
        if found is None:
            self.post_message(Notice("No more unread notes", "information"))
            return
        feed.cursor = found
        self._open_current()

    def mark_all_read(self) -> None:
        """Every unread note the feed shows (or every unread hit of the search) marked read,
        once the reader says yes: in a worker, in one transaction."""
        entries = self.feed.entries
        unread = entries.unread_positions()
        if not unread:
            self.post_message(Notice("No unread notes here"))
            return
        count = len(unread)
        what = ("hit" if self.session.results is not None else "note") + "s" * (count != 1)
        confirm = Confirm(f"Mark {count:,} {what} read?")
        self.app.push_screen(confirm, lambda yes: self._mark_read(entries, unread) if yes else None)

    @work(thread=True, exclusive=True, group="mark")
    def _mark_read(self, entries: LazyEntries, positions: list[int]) -> None:
        notes = entries.versions(positions)
        self.session.mark_all_read(notes)
        self.post_message(MarkedRead(notes))

    @on(MarkedRead)
    def _marked_read(self, message: MarkedRead) -> None:
        self.session.state.remember_read(message.notes)
        self.show_feed()
        count = len(message.notes)
        self.post_message(Notice(f"Marked {count:,} note{'s' * (count != 1)} read"))
        for notice in self.session.take_notices():
            self.post_message(Notice(notice, "warning"))

    # -- keeping the feed in step with the notes -----------------------------------

    @property
    def upkeep(self) -> IndexUpkeep:
        return self.query_one(IndexUpkeep)

    @property
    def indexing(self) -> bool:
        return self.upkeep.indexing

    def sync_index(self, rebuild: bool = False, changed: set[str] | None = None) -> None:
        """Bring the index up to date (see ``IndexUpkeep.sync``); the feed follows."""
        self.upkeep.sync(rebuild, changed)

    @on(IndexingFinished)
    def _indexing_finished(self, message: IndexingFinished) -> None:
        """(After the upkeep has seen the index anew: a message reaches it first.)"""
        if message.report.changed or message.report.rebuilt:
            self.show_feed()
            self.search_again()

    # -- searching ---------------------------------------------------------------

    @property
    def awaiting_answer(self) -> bool:
        """Enter was pressed and its search has not answered yet."""
        return self._open_best_hit_of is not None

    @property
    def searching(self) -> bool:
        return bool(self.search_bar.value) or self.session.results is not None

    def clear_search(self) -> None:
        """Empty the search bar and show the feed as it was before the search."""
        self.search_bar.value = ""
        self._end_search()

    def search_again(self) -> None:
        """The index changed: run the search on screen again."""
        if self.session.query_text:
            self.start_search(self.session.query_text)

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        text = message.value.strip()
        if not text:
            self._end_search()
            return
        self.session.begin_search(text, self.current.note.id if self.current else None)
        self.start_search(text)

    def start_search(self, text: str) -> None:
        """Search in a worker, over the index as it is now (see ``Session.search_view``)."""
        self._run_search(text, self.session.search_view())

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, text: str, view: SearchView) -> None:
        try:
            results = self.session.search(text, view)
        except ValueError as error:  # a damaged index: said, and rebuilt in the background
            self.post_message(SearchFailed(str(error)))
            return
        if get_current_worker().is_cancelled:
            return
        if results is not None:
            self.post_message(SearchAnswered(text, results))
        elif self._open_best_hit_of == text:  # nothing to search for: nothing to open
            self._open_best_hit_of = None

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        self._open_best_hit_of = None
        error = one_line(message.error)[:80]
        self.post_message(Notice(f"Search failed ({error}); rebuilding the index"))
        self.sync_index(rebuild=True)

    @on(SearchAnswered)
    def _search_answered(self, message: SearchAnswered) -> None:
        self._show_results(message.text, message.results)

    def _show_results(self, text: str, results: SearchResults) -> None:
        if not self.session.show_results(text, results):
            return  # an older keystroke's answer
        self.show_feed(keep_cursor=False)  # new hits: the cursor on the best one
        if self._open_best_hit_of == text:
            self._open_best_hit_of = None
            self._open_current()
        if warnings := results.query.warnings:
            self.post_message(Notice("Query: " + "; ".join(warnings)))
        for notice in results.notices:  # e.g. the index was repaired when searching
            self.post_message(Notice(notice))

    def _end_search(self) -> None:
        self.workers.cancel_group(self, "search")
        self._open_best_hit_of = None
        cursor = self.session.end_search()
        self.show_feed()
        if cursor:
            self.feed.set_entries(self.feed.entries, keep=cursor)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, message: Input.Submitted) -> None:
        text = message.value.strip()
        if not text:
            return
        self.search_bar.recent = self.session.remember_search(text)
        self.search_bar.reset_recall()
        results = self.session.results
        if results is None or results.query.text != text:
            # Enter came before the as-you-type search answered: the best hit opens when
            # it does (in the worker, as every search; the keys after Enter wait for it).
            self._open_best_hit_of = text
            self.start_search(text)
            return
        self._open_current()

    def _open_current(self) -> None:
        if self.current is not None:  # posted here: a message a pane posts on its child stops at it
            self.post_message(FeedList.Opened(self.current.note.id))
