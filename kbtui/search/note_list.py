"""The feed's notes in order, each read from the index only when it is shown."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import overload

import tantivy

from kbtui.errors import first_line
from kbtui.search.documents import IndexedNote, indexed_note, unreadable_note
from kbtui.search.numbers import id_number
from kbtui.search.schema import ID_NUMBER


class NoteList(Sequence[IndexedNote]):
    """Notes in feed order, each read from the index the first time it is asked for.

    A feed of 100,000 notes costs one sorted search (about 20 ms) and then only the
    rows on screen; the most recently read notes are kept. Its integer columns
    (``values``) are fetched for all of its notes at once, when first asked for.
    """

    KEEP = 1024

    def __init__(
        self,
        searcher: tantivy.Searcher,
        addresses: list[tantivy.DocAddress],
        on_damage: Callable[[str], None] | None = None,
        values: dict[str, list[int]] | None = None,
    ) -> None:
        self.searcher = searcher  # the index as it was when listed: the addresses are its
        self._on_damage = on_damage
        self._addresses = addresses
        self._values = values or {}
        self._positions: dict[int, int] | None = None  # id number -> position
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
                note = indexed_note(self.searcher.doc(self._addresses[position]))
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

    def values(self, field: str) -> list[int]:
        """An integer column (``kbtui.search.schema``) of every note, in the list's order."""
        if field not in self._values:
            self._values[field] = self.searcher.fast_field_values(field, self._addresses)
        return self._values[field]

    def picked(self, positions: Sequence[int]) -> NoteList:
        """The notes at these positions, in this order (a filter, or another order)."""
        values = {field: [column[i] for i in positions] for field, column in self._values.items()}
        addresses = [self._addresses[i] for i in positions]
        return NoteList(self.searcher, addresses, self._on_damage, values)

    def position_of(self, note_id: str) -> int | None:
        """Where a note stands, found by its id's number (only that note's document is read)."""
        if self._positions is None:
            numbers = self.values(ID_NUMBER)
            self._positions = {number: i for i, number in enumerate(numbers)}
        position = self._positions.get(id_number(note_id))
        return position if position is not None and self[position].id == note_id else None
