import datetime as dt

from kbtui.feed import FeedFilter, apply_filter, facet_counts, is_unread
from kbtui.history import History
from kbtui.index import IndexedNote
from kbtui.state import NoteState


def note(note_id, categories=("算法",), tags=("dp",), fingerprint="f"):
    return IndexedNote(
        id=note_id, title=note_id, date=dt.datetime(2025, 1, 1), category=categories[0],
        categories=categories, tags=tags, series="", summary="", excerpt="", aliases=(),
        draft=False, chars=0, words=0, reading_minutes=1, fingerprint=fingerprint,
    )  # fmt: skip


NOTES = [
    note("a.md"),
    note("b.md", categories=("Python",), tags=("gc", "dp")),
    note("c.md", categories=("Python",), tags=("pdb",), fingerprint="new"),
]
STATES = {
    "a.md": NoteState(read_fingerprint="f", bookmarked=True),
    "c.md": NoteState(read_fingerprint="old"),
}


def ids(notes):
    return [n.id for n in notes]


def test_filters_combine():
    assert ids(apply_filter(NOTES, FeedFilter(), STATES)) == ["a.md", "b.md", "c.md"]
    assert ids(apply_filter(NOTES, FeedFilter(category="Python"), STATES)) == ["b.md", "c.md"]
    assert ids(apply_filter(NOTES, FeedFilter(tag="dp"), STATES)) == ["a.md", "b.md"]
    assert ids(apply_filter(NOTES, FeedFilter(unread_only=True), STATES)) == ["b.md", "c.md"]
    assert ids(apply_filter(NOTES, FeedFilter(bookmarked_only=True), STATES)) == ["a.md"]
    both = FeedFilter(category="Python", tag="dp", unread_only=True)
    assert ids(apply_filter(NOTES, both, STATES)) == ["b.md"]


def test_updated_after_reading_counts_as_unread():
    assert is_unread(NOTES[2], STATES["c.md"])
    assert not is_unread(NOTES[0], STATES["a.md"])


def test_facet_counts_and_description():
    counts = facet_counts(NOTES, STATES)
    assert counts.categories == [("Python", 2), ("算法", 1)]
    assert counts.tags == [("dp", 2), ("gc", 1), ("pdb", 1)]
    assert (counts.unread, counts.bookmarked) == (2, 1)
    assert FeedFilter().describe() == "all notes" and not FeedFilter().active
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
