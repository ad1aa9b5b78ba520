"""The feed: which notes show, in what order, under which filter.

The feed is newest first. A filter narrows it by category, by tag, to unread
notes or to bookmarked notes; filters combine. Everything here is answered by
the index (exact category, tag and fingerprint fields), never by reading every
note, so the feed of 100,000 notes opens as fast as that of 100.
``facet_counts`` gives the numbers a picker shows next to each category and tag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import tantivy

from kbtui.search.query import any_of
from kbtui.search.schema import CATEGORY_KEY, FINGERPRINT, ID, TAG_KEY
from kbtui.search.store import IndexedNote, NoteIndex, NoteList
from kbtui.state.reading import NoteState

Occur = tantivy.Occur


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


def _term(index: NoteIndex, field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(index.schema, field, value)


def read_and_unchanged(index: NoteIndex, states: Mapping[str, NoteState]) -> tantivy.Query | None:
    """The notes read in the version the index holds now (None when no note was read)."""
    pairs = [
        tantivy.Query.boolean_query(
            [
                (Occur.Must, _term(index, ID, note_id)),
                (Occur.Must, _term(index, FINGERPRINT, state.read_fingerprint)),
            ]
        )
        for note_id, state in states.items()
        if state.read_fingerprint is not None
    ]
    return any_of(pairs) if pairs else None


def bookmarked(index: NoteIndex, states: Mapping[str, NoteState]) -> tantivy.Query | None:
    ids = [note_id for note_id, state in states.items() if state.bookmarked]
    return any_of([_term(index, ID, note_id) for note_id in ids]) if ids else None


def feed_notes(
    index: NoteIndex, feed_filter: FeedFilter, states: Mapping[str, NoteState]
) -> NoteList:
    """The notes under a filter, newest first."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, tantivy.Query.all_query())]
    if feed_filter.category:
        clauses.append((Occur.Must, _term(index, CATEGORY_KEY, feed_filter.category)))
    if feed_filter.tag:
        clauses.append((Occur.Must, _term(index, TAG_KEY, feed_filter.tag)))
    if feed_filter.unread_only and (seen := read_and_unchanged(index, states)) is not None:
        clauses.append((Occur.MustNot, seen))
    if feed_filter.bookmarked_only:
        marked = bookmarked(index, states)
        if marked is None:
            return index.listing(tantivy.Query.empty_query())
        clauses.append((Occur.Must, marked))
    if len(clauses) == 1:
        return index.listing()
    return index.listing(tantivy.Query.boolean_query(clauses))


def unread_count(index: NoteIndex, states: Mapping[str, NoteState]) -> int:
    total = index.count(tantivy.Query.all_query())
    seen = read_and_unchanged(index, states)
    return total - (index.count(seen) if seen is not None else 0)


@dataclass(frozen=True)
class FacetCounts:
    categories: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    unread: int
    bookmarked: int


def facet_counts(index: NoteIndex, states: Mapping[str, NoteState]) -> FacetCounts:
    """Counts per category and tag (most first), and of unread and bookmarked notes."""
    marked = bookmarked(index, states)
    return FacetCounts(
        categories=_ordered(index.term_counts(CATEGORY_KEY)),
        tags=_ordered(index.term_counts(TAG_KEY)),
        unread=unread_count(index, states),
        bookmarked=index.count(marked) if marked is not None else 0,
    )


def _ordered(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(((name, n) for name, n in counts if n > 0), key=lambda item: (-item[1], item[0]))
