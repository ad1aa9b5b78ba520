"""The feed: which notes show, in what order, under which filter.

The feed is newest first. A filter narrows it by category, by tag, to unread
notes or to bookmarked notes; filters combine. ``facet_counts`` gives the
numbers a picker shows next to each category and tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kbtui.index import IndexedNote
from kbtui.state import UNSEEN, NoteState


@dataclass(frozen=True)
class FeedFilter:
    category: str | None = None
    tag: str | None = None
    unread_only: bool = False
    bookmarked_only: bool = False

    @property
    def active(self) -> bool:
        return self != FeedFilter()

    def describe(self) -> str:
        """The filter as the feed header shows it."""
        parts = []
        if self.category:
            parts.append(f"category: {self.category}")
        if self.tag:
            parts.append(f"tag: #{self.tag}")
        if self.unread_only:
            parts.append("unread only")
        if self.bookmarked_only:
            parts.append("bookmarked only")
        return " · ".join(parts) if parts else "all notes"

    def toggled(self, field: str) -> FeedFilter:
        return replace(self, **{field: not getattr(self, field)})


def is_unread(note: IndexedNote, state: NoteState) -> bool:
    """Never read, or changed since it was read."""
    return not state.read or state.updated_since_read(note.fingerprint)


def apply_filter(
    notes: Iterable[IndexedNote], feed_filter: FeedFilter, states: Mapping[str, NoteState]
) -> list[IndexedNote]:
    result = []
    for note in notes:
        state = states.get(note.id, UNSEEN)
        if feed_filter.category and feed_filter.category not in note.categories:
            continue
        if feed_filter.tag and feed_filter.tag not in note.tags:
            continue
        if feed_filter.unread_only and not is_unread(note, state):
            continue
        if feed_filter.bookmarked_only and not state.bookmarked:
            continue
        result.append(note)
    return result


@dataclass(frozen=True)
class FacetCounts:
    categories: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    unread: int
    bookmarked: int


def facet_counts(notes: Iterable[IndexedNote], states: Mapping[str, NoteState]) -> FacetCounts:
    """Counts per category and tag (most first), and of unread and bookmarked notes."""
    categories: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    unread = bookmarked = 0
    for note in notes:
        categories.update(note.categories)
        tags.update(note.tags)
        state = states.get(note.id, UNSEEN)
        unread += is_unread(note, state)
        bookmarked += state.bookmarked
    ordered = lambda counter: sorted(counter.items(), key=lambda item: (-item[1], item[0]))  # noqa: E731
    return FacetCounts(ordered(categories), ordered(tags), unread, bookmarked)
