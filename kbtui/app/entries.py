"""The feed's rows as the app shows them: a note, its marks, and a search hit's snippet.

No Textual here: the session makes entries, the feed list draws them. Besides its rows, the
feed knows which of them are unread (to move to the next unread note, and to mark all read)
without making a row per note: for the notes of the feed, that is read from the index's
columns (``kbtui.search.feed``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kbtui.search.documents import IndexedNote
from kbtui.search.feed import note_versions, unread_positions
from kbtui.search.note_list import NoteList
from kbtui.search.results import Hit
from kbtui.search.snippets import Snippet
from kbtui.state.reading import UNSEEN, NoteState

States = Callable[[], Mapping[str, NoteState]]  # the reading state as it is when asked


@dataclass(frozen=True)
class FeedEntry:
    note: IndexedNote
    unread: bool = False
    updated: bool = False  # read once, changed since
    bookmarked: bool = False
    snippet: Snippet | None = None  # set for search hits: shown instead of the excerpt

    @classmethod
    def of(cls, note: IndexedNote, state: NoteState, snippet: Snippet | None = None) -> FeedEntry:
        return cls(
            note,
            unread=state.is_unread(note.fingerprint),
            updated=state.updated_since_read(note.fingerprint),
            bookmarked=state.bookmarked,
            snippet=snippet,
        )


class LazyEntries(Sequence[FeedEntry]):
    """Feed entries made when drawn: from notes read from the index when asked for, or
    from search hits whose snippets are made when first shown."""

    def __init__(
        self,
        items: Sequence[Any],
        make: Callable[[Any], FeedEntry],
        find: Callable[[str], int | None],
        unread: Callable[[], list[int]],
        versions: Callable[[list[int]], list[tuple[str, str]]],
    ) -> None:
        self.items, self._make, self._find = items, make, find
        self._unread, self._versions = unread, versions

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self._make(item) for item in self.items[position]]
        return self._make(self.items[position])

    def position_of(self, note_id: str) -> int | None:
        return self._find(note_id)

    def unread_positions(self) -> list[int]:
        """Where the unread entries stand, in order."""
        return self._unread()

    def next_unread(self, start: int, step: int) -> int | None:
        """The first unread entry at ``start`` or after it (step 1), or at it or before it
        (step -1); None when there is none that way."""
        positions = self.unread_positions()
        if step > 0:
            at = bisect.bisect_left(positions, start)
            return positions[at] if at < len(positions) else None
        at = bisect.bisect_right(positions, start) - 1
        return positions[at] if at >= 0 else None

    def versions(self, positions: list[int]) -> list[tuple[str, str]]:
        """The (note id, fingerprint) of the entries at these positions, made without rows
        (for marking many notes read at once; safe in a worker thread)."""
        return self._versions(positions)


NO_ENTRIES = LazyEntries([], FeedEntry, lambda _: None, list, lambda _: [])


def note_entries(notes: NoteList, states: States) -> LazyEntries:
    """The feed's notes (their documents read when drawn)."""
    return LazyEntries(
        notes,
        lambda note: FeedEntry.of(note, states().get(note.id, UNSEEN)),
        notes.position_of,
        lambda: unread_positions(notes, states()),
        lambda positions: note_versions(notes, positions),
    )


def hit_entries(hits: Sequence[Hit], states: States) -> LazyEntries:
    """A search's hits, best first (their snippets made when drawn)."""

    def state(note: IndexedNote) -> NoteState:
        return states().get(note.id, UNSEEN)

    def unread() -> list[int]:
        return [i for i, hit in enumerate(hits) if state(hit.note).is_unread(hit.note.fingerprint)]

    def position(note_id: str) -> int | None:
        return next((i for i, hit in enumerate(hits) if hit.note.id == note_id), None)

    return LazyEntries(
        hits,
        lambda hit: FeedEntry.of(hit.note, state(hit.note), hit.snippet),
        position,
        unread,
        lambda positions: [(hits[i].note.id, hits[i].note.fingerprint) for i in positions],
    )
