"""The feed: which notes show, in what order, under which filter.

The feed is newest first, by title, or last opened first (``FeedOrder``). A filter narrows it
by category, by tag, to unread notes or to bookmarked notes; filters combine. Everything here
is answered by the index, never by reading every note, so the feed of 100,000 notes opens as
fast as that of 100: category, tag and bookmarks are exact fields queried; whether a note is
read, when it was opened and where its title stands come from the index's integer columns
(``kbtui.search.numbers``), compared with the reading marks in memory.
``facet_counts`` gives the numbers a picker shows next to each category and tag.

What the reader has marked comes in as a mapping of note ids to anything with a
``read_fingerprint``, a ``bookmarked`` and a ``last_opened`` (``kbtui.state``'s ``NoteState``):
the index never imports the reading state, nor the reading state the index.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

import tantivy

from kbtui.corpus.files import id_from_key, id_key
from kbtui.search.note_list import NoteList
from kbtui.search.numbers import fingerprint_number, fingerprint_text, id_number, text_number
from kbtui.search.schema import (
    CATEGORY_KEY,
    FINGERPRINT_NUMBER,
    ID,
    ID_NUMBER,
    TAG_KEY,
    TITLE_KEY,
    TITLE_NUMBER,
)
from kbtui.search.store import IndexStore
from kbtui.search.tantivy_query import any_of

Occur = tantivy.Occur


class Marks(Protocol):
    """What the feed needs to know of a note's reading state."""

    @property
    def read_fingerprint(self) -> str | None: ...  # the version read, or None if unread

    @property
    def bookmarked(self) -> bool: ...

    @property
    def last_opened(self) -> dt.datetime | None: ...


MarksById = Mapping[str, Marks]


class FeedOrder(StrEnum):
    """The feed's orders, in the order ``following`` cycles through them."""

    DATE = "date"  # newest first
    TITLE = "title"  # by title; notes of one title newest first
    OPENED = "opened"  # last opened first; notes never opened after them, newest first

    def describe(self) -> str:
        return {"date": "newest first", "title": "by title", "opened": "last opened first"}[self]

    def following(self) -> FeedOrder:
        orders = list(FeedOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


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


def bookmarked(store: IndexStore, states: MarksById) -> tantivy.Query | None:
    ids = [note_id for note_id, state in states.items() if state.bookmarked]
    return any_of([_term(store, ID, id_key(note_id)) for note_id in ids]) if ids else None


def feed_notes(
    store: IndexStore,
    feed_filter: FeedFilter,
    states: MarksById,
    order: FeedOrder = FeedOrder.DATE,
) -> NoteList:
    """The notes under a filter, in an order."""
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, tantivy.Query.all_query())]
    if feed_filter.category:
        clauses.append((Occur.Must, _term(store, CATEGORY_KEY, feed_filter.category)))
    if feed_filter.tag:
        clauses.append((Occur.Must, _term(store, TAG_KEY, feed_filter.tag)))
    if feed_filter.bookmarked_only:
        marked = bookmarked(store, states)
        if marked is None:
            return store.listing(tantivy.Query.empty_query())
        clauses.append((Occur.Must, marked))
    notes = store.listing(tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else None)
    if feed_filter.unread_only:
        notes = notes.picked(unread_positions(notes, states))
    if order is FeedOrder.TITLE:
        notes = notes.picked(_by_title(store, notes))
    elif order is FeedOrder.OPENED:
        notes = notes.picked(_by_last_opened(notes, states))
    return notes


def _read_versions(states: MarksById) -> set[int]:
    """Each note read, as the version read (``_version``)."""
    read = [(note_id, s.read_fingerprint) for note_id, s in states.items() if s.read_fingerprint]
    versions = set(map(_version, read))
    versions.discard(None)
    return versions  # type: ignore[return-value]


# (id, fingerprint) -> its version, as met: the reading state's 100,000 versions are compared
# at each redraw, and notes marked read at once come with theirs (``note_versions``).
_versions: dict[tuple[str, str], int | None] = {}


def _version(read: tuple[str, str]) -> int | None:
    """A note in one version, as one number: its id's and its fingerprint's numbers, xor-ed
    (two of 100,000 notes share one with a chance of 1 in 10**9), or None for a fingerprint
    that is none (read in no version the index holds)."""
    if read in _versions:
        return _versions[read]
    note_id, fingerprint = read
    try:
        version = id_number(note_id) ^ fingerprint_number(fingerprint)
    except ValueError:
        version = None
    _versions[read] = version
    return version


def unread_positions(notes: NoteList, states: MarksById) -> list[int]:
    """Where the unread notes of a list stand (never read, or changed since), in order."""
    return _unread(notes, _read_versions(states))


def _unread(notes: NoteList, read: set[int]) -> list[int]:
    if not read:
        return list(range(len(notes)))
    versions = map(operator.xor, notes.values(ID_NUMBER), notes.values(FINGERPRINT_NUMBER))
    unread = map(operator.not_, map(read.__contains__, versions))  # (no Python loop: 100,000)
    return list(itertools.compress(range(len(notes)), unread))


def unread_count(store: IndexStore, states: MarksById) -> int:
    read = _read_versions(states)
    return len(_unread(store.listing(), read)) if read else store.note_count()


def note_versions(notes: NoteList, positions: Sequence[int]) -> list[tuple[str, str]]:
    """The (id, fingerprint) of the notes at these positions, without reading their documents:
    ids from the term dictionary, matched by number (for marking many notes at once)."""
    searcher = notes.searcher
    ids = {text_number(key): id_from_key(key) for key, _ in searcher.terms_with_prefix(ID, "")}
    numbers, fingerprints = notes.values(ID_NUMBER), notes.values(FINGERPRINT_NUMBER)
    found = [(ids[numbers[i]], fingerprint_text(fingerprints[i])) for i in positions]
    _versions.update(zip(found, (numbers[i] ^ fingerprints[i] for i in positions), strict=True))
    return found


# Each index's titles in order, by their number; read again when a title it lacks shows up.
_title_ranks: weakref.WeakKeyDictionary[IndexStore, dict[int, int]] = weakref.WeakKeyDictionary()


def _by_title(store: IndexStore, notes: NoteList) -> list[int]:
    """The positions of a list's notes in title order (stable: one title's notes keep theirs).
    The term dictionary lists every title (most frequent first) in about 0.1 s for 100,000
    notes; sorted here, each title's place is found by its number (TITLE_NUMBER): 20 times
    faster than tantivy's ordering by a text column, which turns each hit's term back into text."""
    numbers = notes.values(TITLE_NUMBER)
    ranks = _title_ranks.get(store, {})
    if not ranks.keys() >= set(numbers):
        titles = sorted(term for term, _ in notes.searcher.terms_with_prefix(TITLE_KEY, ""))
        ranks = {text_number(title): rank for rank, title in enumerate(titles)}
        _title_ranks[store] = ranks
    places = list(map(ranks.__getitem__, numbers))
    return sorted(range(len(notes)), key=places.__getitem__)


def _by_last_opened(notes: NoteList, states: MarksById) -> list[int]:
    """The positions of a list's notes, the ones opened first (most recent first), the rest
    as they were."""
    opened = {id_number(i): s.last_opened for i, s in states.items() if s.last_opened is not None}
    numbers = notes.values(ID_NUMBER)
    first = [i for i, number in enumerate(numbers) if number in opened]
    first.sort(key=lambda i: opened[numbers[i]], reverse=True)  # (reverse keeps ties in order)
    return first + [i for i, number in enumerate(numbers) if number not in opened]


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
