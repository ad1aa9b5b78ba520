"""The feed: which notes show, in what order, under which filter.

The feed is newest first. A filter narrows it by category, by tag, to unread
notes or to bookmarked notes; filters combine. Everything here is answered by
the index (exact category, tag and fingerprint fields), never by reading every
note, so the feed of 100,000 notes opens as fast as that of 100.
``facet_counts`` gives the numbers a picker shows next to each category and tag.

What the reader has marked comes in as a mapping of note ids to anything with a
``read_fingerprint`` and a ``bookmarked`` (``kbtui.state``'s ``NoteState``): the index never
imports the reading state, nor the reading state the index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import tantivy

from kbtui.corpus.files import id_key
from kbtui.search.note_list import NoteList
from kbtui.search.schema import CATEGORY_KEY, FINGERPRINT, ID, TAG_KEY
from kbtui.search.store import IndexStore
from kbtui.search.tantivy_query import any_of

Occur = tantivy.Occur


class Marks(Protocol):
    """What the feed needs to know of a note's reading state."""

    @property
    def read_fingerprint(self) -> str | None: ...  # the version read, or None if unread

    @property
    def bookmarked(self) -> bool: ...


MarksById = Mapping[str, Marks]


@dataclass(frozen=True)
class FeedFilter:
    category: str | None = None
    tag: str | None = None
    unread_only: bool = False
    bookmarked_only: bool = False

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
        """The filter with ``unread_only`` or ``bookmarked_only`` turned over."""
        return replace(self, **{field: not getattr(self, field)})

    def choosing(self, field: str, value: str) -> FeedFilter:
        """The filter with one ``category`` or ``tag`` chosen; choosing it again clears it."""
        return replace(self, **{field: None if getattr(self, field) == value else value})


def _term(store: IndexStore, field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(store.schema, field, value)


def read_and_unchanged(store: IndexStore, states: MarksById) -> tantivy.Query | None:
    """The notes read in the version the index holds now (None when no note was read)."""
    pairs = [
        tantivy.Query.boolean_query(
            [
                (Occur.Must, _term(store, ID, id_key(note_id))),
                (Occur.Must, _term(store, FINGERPRINT, state.read_fingerprint)),
            ]
        )
        for note_id, state in states.items()
        if state.read_fingerprint is not None
    ]
    return any_of(pairs) if pairs else None


def bookmarked(store: IndexStore, states: MarksById) -> tantivy.Query | None:
    ids = [note_id for note_id, state in states.items() if state.bookmarked]
    return any_of([_term(store, ID, id_key(note_id)) for note_id in ids]) if ids else None


def feed_notes(store: IndexStore, feed_filter: FeedFilter, states: MarksById) -> NoteList:
    """The notes under a filter, newest first."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, tantivy.Query.all_query())]
    if feed_filter.category:
        clauses.append((Occur.Must, _term(store, CATEGORY_KEY, feed_filter.category)))
    if feed_filter.tag:
        clauses.append((Occur.Must, _term(store, TAG_KEY, feed_filter.tag)))
    if feed_filter.unread_only and (seen := read_and_unchanged(store, states)) is not None:
        clauses.append((Occur.MustNot, seen))
    if feed_filter.bookmarked_only:
        marked = bookmarked(store, states)
        if marked is None:
            return store.listing(tantivy.Query.empty_query())
        clauses.append((Occur.Must, marked))
    if len(clauses) == 1:
        return store.listing()
    return store.listing(tantivy.Query.boolean_query(clauses))


def unread_count(store: IndexStore, states: MarksById) -> int:
    total = store.count(tantivy.Query.all_query())
    seen = read_and_unchanged(store, states)
    return total - (store.count(seen) if seen is not None else 0)


@dataclass(frozen=True)
class FacetCounts:
    categories: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    unread: int
    bookmarked: int


def facet_counts(store: IndexStore, states: MarksById) -> FacetCounts:
    """Counts per category and tag (most first), and of unread and bookmarked notes."""
    marked = bookmarked(store, states)
    return FacetCounts(
        categories=_ordered(store.term_counts(CATEGORY_KEY)),
        tags=_ordered(store.term_counts(TAG_KEY)),
        unread=unread_count(store, states),
        bookmarked=store.count(marked) if marked is not None else 0,
    )


def _ordered(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(((name, n) for name, n in counts if n > 0), key=lambda item: (-item[1], item[0]))


def filter_choices(counts: FacetCounts, now: FeedFilter) -> list[tuple[str, FeedFilter] | None]:
    """What the filter picker offers, with counts; each choice is the filter it leads to
    from ``now`` (``None`` separates groups)."""
    choices: list[tuple[str, FeedFilter] | None] = [
        ("All notes", FeedFilter()),
        (f"Unread only ({counts.unread})", now.toggled("unread_only")),
        (f"Bookmarked only ({counts.bookmarked})", now.toggled("bookmarked_only")),
        None,
    ]
    choices += [
        (f"Category: {name} ({count})", now.choosing("category", name))
        for name, count in counts.categories
    ]
    choices.append(None)
    choices += [
        (f"Tag: #{name} ({count})", now.choosing("tag", name)) for name, count in counts.tags
    ]
    return choices
