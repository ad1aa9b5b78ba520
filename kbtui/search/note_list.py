"""The feed's notes in order, each read from the index only when it is shown."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import overload

import tantivy

from kbtui.errors import first_line
from kbtui.search.documents import IndexedNote, indexed_note, unreadable_note


class NoteList(Sequence[IndexedNote]):
    """Notes in feed order, each read from the index the first time it is asked for.

    A feed of 100,000 notes costs one sorted search (about 20 ms) and then only the
    rows on screen; the most recently read notes are kept.
    """

    KEEP = 1024

    def __init__(
        self,
        searcher: tantivy.Searcher,
        hits: list[tuple[int, object]],
        on_damage: Callable[[str], None] | None = None,
    ) -> None:
        self._searcher = searcher
        self._on_damage = on_damage
        self._addresses = [address for _, address in hits]
        self._seconds = [-(key // 1_000_000_000) for key, _ in hits]  # ascending, for bisect
        self._kept: OrderedDict[int, IndexedNote] = OrderedDict()

    def __len__(self) -> int:
        return len(self._addresses)

    @overload
    def __getitem__(self, position: int) -> IndexedNote: ...
    @overload
    def __getitem__(self, position: slice) -> list[IndexedNote]: ...
    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        note = self._kept.get(position)
        if note is None:
            try:
                note = indexed_note(self._searcher.doc(self._addresses[position]))
            except ValueError as error:  # a damaged store: the row says so, the rest shows
                note = unreadable_note(first_line(error)[:60])
                if self._on_damage is not None:
                    self._on_damage(first_line(error))
            self._kept[position] = note
            if len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(position)
        return note

    def position_of(self, note: IndexedNote) -> int | None:
        """Where a note stands, found by its date: only notes of the same second are read."""
        second = -int(note.date.replace(tzinfo=dt.UTC).timestamp())
        start = bisect.bisect_left(self._seconds, second)
        end = bisect.bisect_right(self._seconds, second)
        return next((i for i in range(start, end) if self[i].id == note.id), None)
