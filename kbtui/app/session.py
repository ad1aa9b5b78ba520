"""What the reader is doing, without Textual: the app's state and the actions on it.

The session holds the knowledge base, the reading state, the settings kept for the next run,
the feed filter and order, the search and its results, the notes opened (history) and the
one open now. The app asks it for what to draw and tells it what the reader did; widgets
hold only what is on screen. Everything here is tested without the pilot. ``search``,
``sync`` and ``mark_all_read`` are called from worker threads and change nothing the UI
thread reads; ``show_results`` then takes the answer on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbtui.app.entries import LazyEntries, hit_entries, note_entries
from kbtui.app.index_keeper import IndexKeeper
from kbtui.corpus.document import Document, Link
from kbtui.corpus.links import LinkTarget, NoteLinks
from kbtui.corpus.markdown import read_document
from kbtui.corpus.notes import read_note_body
from kbtui.errors import NoteNotFoundError
from kbtui.present.page import is_large
from kbtui.search.documents import IndexedNote
from kbtui.search.feed import (
    FeedFilter,
    FeedOrder,
    facet_counts,
    feed_notes,
    filter_choices,
    unread_count,
)
from kbtui.search.knowledge_base import KnowledgeBase, SearchView
from kbtui.search.query import parse_query
from kbtui.search.results import SearchResults
from kbtui.search.synonyms import SynonymTable
from kbtui.state.history import History
from kbtui.state.reading import ReadingState
from kbtui.state.settings import Settings

SEARCH_LIMIT = 50
FIRST_SNIPPETS = 10  # made in the search's thread: the hits a tall terminal shows at once


@dataclass(frozen=True)
class OpenedNote:
    """A note to show: its body (as read, and as a document), where to start, and the searched
    words to mark."""

    note: IndexedNote
    body: str
    document: Document
    position: float
    terms: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    anchor: str = ""
    links: NoteLinks = NoteLinks()  # where its links lead, and the notes that link to it


class Session:
    def __init__(
        self,
        notes_root: Path,
        index_dir: Path | None = None,
        synonyms: SynonymTable | None = None,
        notices: tuple[str, ...] | list[str] = (),
    ) -> None:
        self.knowledge_base = KnowledgeBase(notes_root, index_dir, synonyms)
        self.state = ReadingState(notes_root)
        self.settings = Settings()
        self.history = History()
        self.feed_filter = FeedFilter()
        self.query_text = ""  # the search as typed; "" when the feed is shown
        self.results: SearchResults | None = None
        self.note: IndexedNote | None = None  # the note open in the viewer
        self.body = ""  # its Markdown
        self.document = Document([])  # and its reading
        self.note_links = NoteLinks()  # its links resolved, and its backlinks
        self._notices = list(notices)
        self.feed_order = self._remembered_order()
        self._feed_cursor: str | None = None  # the feed's note before a search began
        self.index_keeper = IndexKeeper(self.knowledge_base, self.state, self._notices)

    @property
    def notes_root(self) -> Path:
        return self.knowledge_base.notes_root

    def take_notices(self) -> list[str]:
        """Everything the reader should be told since last asked, from every part, in order."""
        notices = self._notices[:]  # the list is shared with the index keeper
        self._notices.clear()
        return notices + self.state.take_notices() + self.settings.take_notices()

    # -- the feed ----------------------------------------------------------------

    def feed_entries(self) -> LazyEntries:
        """The search's hits while searching, else the filter's notes in the feed's order."""
        if self.results is not None:
            return hit_entries(self.results.hits, self.state.all)
        store = self.knowledge_base.store
        notes = feed_notes(store, self.feed_filter, self.state.all(), self.feed_order)
        return note_entries(notes, self.state.all)

    def empty_feed_message(self, indexing: bool) -> str:
        if self.results is not None:
            return "No notes match. Esc returns to the feed."
        if self.knowledge_base.store.note_count():
            return "No notes under this filter. F clears it."
        if unreadable := self.index_keeper.root_unreadable:
            return f"Cannot read the notes folder ({unreadable}): {self.notes_root}"
        return "Indexing…" if indexing else "No notes in this folder."

    def feed_summary(self) -> str:
        """The line under the feed's title: hits and what was forgiven, or unread and filter."""
        if self.results is not None:
            total = self.results.total
            line = f"{total} hit{'s' if total != 1 else ''}"
            if explanation := self.results.explanation():
                line += f" · {explanation}"
            return line + " · Esc returns to the feed"
        unread = unread_count(self.knowledge_base.store, self.state.all())
        return f"{unread:,} unread · {self.feed_filter.describe()} · {self.feed_order.describe()}"

    def filter_choices(self) -> list[tuple[str, FeedFilter] | None]:
        """What the filter picker offers, with counts (``feed.filter_choices``)."""
        counts = facet_counts(self.knowledge_base.store, self.state.all())
        return filter_choices(counts, self.feed_filter)

    def set_filter(self, feed_filter: FeedFilter) -> None:
        self.feed_filter = feed_filter

    def set_order(self, order: FeedOrder) -> None:
        """Order the feed, now and in the next runs."""
        self.feed_order = order
        self.settings.set(feed_order=order.value)

    def _remembered_order(self) -> FeedOrder:
        name = self.settings.get("feed_order") or FeedOrder.DATE
        if name in set(FeedOrder):  # (a StrEnum's members are their values)
            return FeedOrder(name)
        self._notices.append(f"settings: no feed order {name!r}: newest first")
        return FeedOrder.DATE

    def note_count(self) -> int:
        return self.knowledge_base.store.note_count()

    # -- searching ---------------------------------------------------------------

    def begin_search(self, text: str, feed_cursor: str | None) -> None:
        """The search bar now says ``text``; the feed's place is kept for when it ends."""
        if self.results is None and not self.query_text:
            self._feed_cursor = feed_cursor
        self.query_text = text

    def search_view(self) -> SearchView:
        """The index as it is now, taken on the UI thread for a search worker: no sync,
        rebuild or repair in another thread can change what that search reads."""
        return self.knowledge_base.view()

    def search(self, text: str, view: SearchView | None = None) -> SearchResults | None:
        """The hits for ``text`` (None when it holds nothing to search); called in a worker,
        with the view taken when the search began. A damaged index raises ValueError, and the
        app rebuilds it in its indexing worker."""
        parsed = parse_query(text)
        if parsed.is_empty:
            return None
        results = (view or self.search_view()).search(parsed, limit=SEARCH_LIMIT)
        for hit in results.hits[:FIRST_SNIPPETS]:  # made here, off the UI thread
            _ = hit.snippet
        return results

    def show_results(self, text: str, results: SearchResults) -> bool:
        """Take a search's answer, unless the search bar says something else by now."""
        if text != self.query_text:
            return False
        self.results = results
        return True

    def end_search(self) -> str | None:
        """Back to the feed; returns the note the feed's cursor was on before the search."""
        cursor, self._feed_cursor = self._feed_cursor, None
        self.query_text, self.results = "", None
        return cursor

    def remember_search(self, text: str) -> list[str]:
        """Keep a search the reader ran (Enter); returns the recent searches, newest first."""
        self.state.add_search(text)
        return self.state.recent_searches()

    def highlight_terms(self, note_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The searched words to mark in a note, and which of them are being typed."""
        hit = self.results.hit_for(note_id) if self.results is not None else None
        return (hit.terms, hit.prefixes) if hit is not None else ((), ())

    # -- reading -----------------------------------------------------------------

    def open(self, note_id: str, remember: bool = True, anchor: str = "") -> OpenedNote:
        """Open a note (KbtuiError if it is gone): its body read from disk, its place kept."""
        note = self.knowledge_base.store.get(note_id)
        if note is None:
            raise NoteNotFoundError(f"No note {note_id}")
        body = read_note_body(self.notes_root, note_id)
        if remember:
            self.history.visit(note_id)
        # A large note shows as its source: parsing 34 MB first took seconds (no links list).
        document = Document([]) if is_large(body) else read_document(body)
        links = self.knowledge_base.note_links(note_id, document.links)
        self.note, self.body, self.document, self.note_links = note, body, document, links
        self.state.opened(note_id, note.fingerprint)
        position = self.state.get(note_id).position if not anchor else 0.0
        terms, prefixes = self.highlight_terms(note_id)
        return OpenedNote(note, body, self.document, position, terms, prefixes, anchor, links)

    def save_position(self, note_id: str, position: float) -> None:
        self.state.set_position(note_id, position)

    def reached_end(self, note: IndexedNote) -> bool:
        """The reader scrolled to a note's end: it is read now. True if that changed it."""
        if not self.state.get(note.id).is_unread(note.fingerprint):
            return False
        self.set_read(note, True)
        return True

    def mark_all_read(self, notes: list[tuple[str, str]]) -> None:
        """Mark many notes (id, fingerprint) read in one transaction. Called in a worker, with
        a state connection of its own: the app's state then remembers them (on the UI thread)."""
        state = ReadingState(self.notes_root, self.state.path)
        state.mark_all_read(notes)
        self._notices.extend(state.take_notices())
        state.close(back_up=False)

    def set_read(self, note: IndexedNote, read: bool) -> None:
        if read:
            self.state.mark_read(note.id, note.fingerprint)
        else:
            self.state.mark_unread(note.id, note.fingerprint)

    def toggle_bookmark(self, note: IndexedNote) -> bool:
        """Bookmark a note, or remove its bookmark; returns whether it is bookmarked now."""
        bookmarked = not self.state.get(note.id).bookmarked
        self.state.set_bookmarked(note.id, bookmarked, note.fingerprint)
        return bookmarked

    def back(self) -> str | None:
        return self.history.back()

    def forward(self) -> str | None:
        return self.history.forward()

    # -- links -------------------------------------------------------------------

    def links(self) -> tuple[list[Link], NoteLinks]:
        """The open note's links in order, and where they (and its backlinks) lead."""
        if self.note is None:
            return [], NoteLinks()
        return self.document.links, self.note_links

    def follow(self, number: int) -> LinkTarget | None:
        """Where link ``number`` of the open note leads (its backlinks come after its links);
        a note it names that was missing is looked for again: it may have been created since."""
        leads = self.note_links.number(number)
        if leads is not None and leads.kind == "missing" and self.note is not None:
            link = self.document.links[number]
            leads = self.knowledge_base.note_links(self.note.id, [link]).targets[0]
        return leads
