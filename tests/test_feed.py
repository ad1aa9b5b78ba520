import datetime as dt

import pytest

from kbtui.search.feed import (
    FeedFilter,
    FeedOrder,
    facet_counts,
    feed_notes,
    note_versions,
    unread_count,
    unread_positions,
)
from kbtui.search.indexer import sync
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.numbers import fingerprint_number, fingerprint_text, text_number
from kbtui.state.history import History
from kbtui.state.reading import NoteState


@pytest.fixture
def index(notes_root, write_note):
    """The index (its store) of three notes."""
    write_note("a.md", "甲\n", title="a", date="2025-01-03", category="算法", tags="[dp]")
    write_note("b.md", "乙\n", title="b", date="2025-01-02", category="Python", tags="[gc, dp]")
    write_note("c.md", "丙\n", title="c", date="2025-01-01", category="Python", tags="[pdb]")
    knowledge_base = KnowledgeBase(notes_root)
    knowledge_base.sync()
    return knowledge_base.store


@pytest.fixture
def states(index):
    """a.md read as it is and bookmarked; c.md read in an older version; b.md never read."""
    current = {note.id: note.fingerprint for note in index.all_notes()}
    return {
        "a.md": NoteState(read_fingerprint=current["a.md"], bookmarked=True),
        "c.md": NoteState(read_fingerprint="older"),
    }


def ids(notes):
    return [n.id for n in notes]


def test_filters_combine(index, states):
    def shown(**fields):
        return ids(feed_notes(index, FeedFilter(**fields), states))

    assert shown() == ["a.md", "b.md", "c.md"]  # newest first
    assert shown(category="Python") == ["b.md", "c.md"]
    assert shown(category="Pyth") == []  # exact, unlike search
    assert shown(tag="dp") == ["a.md", "b.md"]
    assert shown(unread_only=True) == ["b.md", "c.md"]
    assert shown(bookmarked_only=True) == ["a.md"]
    assert shown(category="Python", tag="dp", unread_only=True) == ["b.md"]
    assert ids(feed_notes(index, FeedFilter(bookmarked_only=True), {})) == []


def test_updated_after_reading_counts_as_unread(index, states):
    notes = {note.id: note for note in index.all_notes()}
    assert states["c.md"].is_unread(notes["c.md"].fingerprint)
    assert not states["a.md"].is_unread(notes["a.md"].fingerprint)
    assert unread_count(index, states) == 2
    assert unread_count(index, {}) == 3


def test_a_note_is_found_in_the_feed_by_its_date(index):
    notes = feed_notes(index, FeedFilter(), {})
    for position, note in enumerate(index.all_notes()):
        assert notes.position_of(note.id) == position
    assert notes[-1].id == "c.md" and ids(notes[0:2]) == ["a.md", "b.md"]


def test_facet_counts_and_description(index, states):
    counts = facet_counts(index, states)
    assert counts.categories == [("Python", 2), ("算法", 1)]
    assert counts.tags == [("dp", 2), ("gc", 1), ("pdb", 1)]
    assert (counts.unread, counts.bookmarked) == (2, 1)
    assert FeedFilter().describe() == "all notes"
    assert (
        FeedFilter(category="算法").toggled("unread_only").describe()
        == "category: 算法 · unread only"
    )


def test_history_back_forward_and_branching():
    history = History()
    assert history.back() is None
    for note_id in ("a", "b", "c"):
        history.visit(note_id)
    assert history.back() == "b" and history.back() == "a" and history.back() is None
    assert history.forward() == "b"
    history.visit("d")
    assert history.forward() is None
    assert history.entries == ["a", "b", "d"]
    history.visit("d")
    assert history.entries == ["a", "b", "d"]


def test_counts_and_feed_forget_a_removed_note(index, notes_root):
    (notes_root / "c.md").unlink()
    sync(index)
    counts = facet_counts(index, {})
    assert counts.categories == [("Python", 1), ("算法", 1)]
    assert ("pdb", 1) not in counts.tags and counts.unread == 2
    assert ids(feed_notes(index, FeedFilter(category="Python"), {})) == ["b.md"]


def test_title_order_ignores_case_and_keeps_one_titles_notes_newest_first(notes_root, write_note):
    write_note("z.md", "一\n", title="zeta", date="2025-01-05")
    write_note("a.md", "二\n", title="Alpha", date="2025-01-01")
    write_note("b.md", "三\n", title="beta", date="2025-01-02")
    write_note("b2.md", "四\n", title="Beta", date="2025-01-04")
    write_note("han.md", "五\n", title="注意力", date="2025-01-03")
    store = KnowledgeBase(notes_root).store
    sync(store)
    by_title = feed_notes(store, FeedFilter(), {}, FeedOrder.TITLE)
    assert ids(by_title) == ["a.md", "b2.md", "b.md", "z.md", "han.md"]
    for position, note_id in enumerate(ids(by_title)):
        assert by_title.position_of(note_id) == position
    write_note("m.md", "六\n", title="Mid", date="2025-01-06")  # a title the order has not seen
    sync(store)
    store.reload()
    assert ids(feed_notes(store, FeedFilter(), {}, FeedOrder.TITLE))[3] == "m.md"


def test_last_opened_order_puts_opened_notes_first_latest_first(index):
    opened = {
        "c.md": NoteState(last_opened=dt.datetime(2026, 1, 2)),
        "b.md": NoteState(last_opened=dt.datetime(2026, 1, 3)),
    }
    assert ids(feed_notes(index, FeedFilter(), opened, FeedOrder.OPENED)) == [
        "b.md",
        "c.md",
        "a.md",
    ]
    assert ids(feed_notes(index, FeedFilter(), {}, FeedOrder.OPENED)) == ["a.md", "b.md", "c.md"]
    assert FeedOrder.DATE.following() is FeedOrder.TITLE
    assert FeedOrder.OPENED.following() is FeedOrder.DATE
    assert [order.describe() for order in FeedOrder] == [
        "newest first", "by title", "last opened first"
    ]  # fmt: skip


def test_unread_positions_and_versions_come_from_the_index_columns(index, states):
    notes = feed_notes(index, FeedFilter(), states)
    assert unread_positions(notes, states) == [1, 2]  # b never read, c read in another version
    documents = {note.id: note.fingerprint for note in index.all_notes()}
    assert note_versions(notes, [0, 2]) == [
        ("a.md", documents["a.md"]),
        ("c.md", documents["c.md"]),
    ]
    states_all_read = {
        note_id: NoteState(fingerprint) for note_id, fingerprint in documents.items()
    }
    assert unread_count(index, states_all_read) == 0
    assert unread_positions(notes, states_all_read) == []
    assert ids(feed_notes(index, FeedFilter(unread_only=True), states_all_read)) == []


def test_the_numbers_give_back_what_they_were_made_of():
    assert fingerprint_text(fingerprint_number("00ff00ff00ff00ff")) == "00ff00ff00ff00ff"
    assert fingerprint_text(fingerprint_number("ffffffffffffffff")) == "ffffffffffffffff"
    with pytest.raises(ValueError):
        fingerprint_number("older")
    assert text_number("a/b.md") == text_number("a/b.md") != text_number("a/c.md")
    assert -(2**63) <= text_number("注意力") < 2**63
