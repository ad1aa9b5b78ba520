import pytest

from kbtui.search.feed import FeedFilter, facet_counts, feed_notes, unread_count
from kbtui.search.indexer import sync
from kbtui.search.knowledge_base import KnowledgeBase
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
        assert notes.position_of(note) == position
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
