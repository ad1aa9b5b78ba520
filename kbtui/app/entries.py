"""The feed's rows as the app shows them: a note, its marks, and a search hit's snippet.

No Textual here: the session makes entries, the feed list draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kbtui.search.documents import IndexedNote
from kbtui.search.snippets import Snippet


@dataclass(frozen=True)
class FeedEntry:
    note: IndexedNote
    unread: bool = False
    updated: bool = False  # read once, changed since
    bookmarked: bool = False
    snippet: Snippet | None = None  # set for search hits: shown instead of the excerpt


class LazyEntries(Sequence[FeedEntry]):
    """Feed entries made when drawn: from notes read from the index when asked for, or
    from search hits whose snippets are made when first shown."""

    def __init__(
        self,
        items: Sequence[Any],
        make: Callable[[Any], FeedEntry],
        find: Callable[[str], int | None],
    ) -> None:
        self.items, self._make, self._find = items, make, find

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self._make(item) for item in self.items[position]]
        return self._make(self.items[position])

    def position_of(self, note_id: str) -> int | None:
        return self._find(note_id)
