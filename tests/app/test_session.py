"""The app's session without Textual: what the reader does, on a real index and a real state."""

from __future__ import annotations

import os

import pytest

from kbtui.app.session import Session
from kbtui.errors import KbtuiError, NoteNotFoundError
from kbtui.search.feed import FeedFilter, FeedOrder
from kbtui.state.reading import ReadingState
from kbtui.state.settings import Settings


@pytest.fixture
def session(notes_root, write_note):
    write_note(
        "seq/ssm.md",
        "Mamba 是选择性状态空间模型。\n\n见 [倒排索引](../search/inv.md) 与 [这里](#结尾)。\n",
        title="状态空间模型与 Mamba", date="2026-01-11", category="序列模型", tags="[SSM]",
    )  # fmt: skip
    write_note(
        "search/inv.md",
        "倒排索引由词典和倒排链组成。\n\n[论文](https://arxiv.org/abs/2312.00752)\n",
        title="倒排索引", date="2025-03-08", category="搜索与推荐", tags="[检索]",
    )  # fmt: skip
    write_note("dl/amp.md", "混合精度。\n", title="混合精度", date="2025-05-24", tags="[SSM]")
    session = Session(notes_root)
    assert session.index_keeper.sync().added == 3
    session.index_keeper.index_changed()
    return session


def ids(entries):
    return [entry.note.id for entry in entries]


def test_the_feed_is_newest_first_with_its_marks_and_counts(session):
    assert ids(session.feed_entries()) == ["seq/ssm.md", "dl/amp.md", "search/inv.md"]
    assert session.feed_summary() == "3 unread · all notes · newest first"
    first = session.feed_entries()[0]
    session.set_read(first.note, True)
    assert not session.feed_entries()[0].unread
    assert session.toggle_bookmark(first.note) is True
    assert session.feed_entries()[0].bookmarked
    assert session.feed_summary() == "2 unread · all notes · newest first"
    assert ReadingState(session.notes_root).get("seq/ssm.md").bookmarked  # saved, not only shown


def test_filter_choices_lead_to_the_filters_they_name(session):
    choices = dict(choice for choice in session.filter_choices() if choice is not None)
    assert choices["Tag: #SSM (2)"] == FeedFilter(tag="SSM")
    assert choices["Unread only (3)"] == FeedFilter(unread_only=True)
    session.set_filter(choices["Tag: #SSM (2)"])
    assert ids(session.feed_entries()) == ["seq/ssm.md", "dl/amp.md"]
    again = dict(choice for choice in session.filter_choices() if choice is not None)
    assert again["Tag: #SSM (2)"] == FeedFilter()  # choosing it again clears it
    assert session.feed_summary() == "3 unread · tag: #SSM · newest first"


def test_a_search_replaces_the_feed_until_it_ends_and_the_cursor_comes_back(session):
    session.begin_search("索引", feed_cursor="dl/amp.md")
    results = session.search("索引")
    assert session.show_results("索引", results)
    assert ids(session.feed_entries()) == ["search/inv.md", "seq/ssm.md"]
    assert session.feed_entries()[0].snippet is not None
    assert session.feed_summary() == "2 hits · Esc returns to the feed"
    assert not session.show_results("索", results)  # an older keystroke's answer is dropped
    assert session.end_search() == "dl/amp.md"
    assert session.results is None and len(session.feed_entries()) == 3
    assert session.search("   ") is None


def test_opening_a_note_marks_the_searched_words_and_keeps_the_place(session):
    session.begin_search("mamba", None)
    session.show_results("mamba", session.search("mamba"))
    opened = session.open("seq/ssm.md")
    assert "mamba" in opened.terms and opened.prefixes == ("mamba",)
    assert "选择性状态空间模型" in opened.body and opened.position == 0
    session.save_position("seq/ssm.md", 12.0)
    assert session.open("seq/ssm.md").position == 12.0
    assert session.open("seq/ssm.md", anchor="结尾").position == 0  # an anchor decides the place


def test_reaching_the_end_reads_a_note_once(session):
    note = session.open("search/inv.md").note
    assert session.reached_end(note) is True
    assert session.reached_end(note) is False  # already read: nothing changed
    assert not session.state.get("search/inv.md").is_unread(note.fingerprint)


def test_history_and_where_links_lead(session):
    session.open("seq/ssm.md")
    links, resolved = session.links()
    assert [link.target for link in links] == ["../search/inv.md", "#结尾"]
    assert session.follow(0).kind == "note" and session.follow(0).note_id == "search/inv.md"
    assert session.follow(1).kind == "here" and session.follow(1).anchor == "结尾"
    assert session.follow(2) is None  # no third link, and no note links here
    assert resolved.backlinks == ()
    session.open("search/inv.md")
    assert session.back() == "seq/ssm.md" and session.forward() == "search/inv.md"


def test_a_note_gone_from_the_index_or_the_disk_is_an_error_for_the_reader(session):
    with pytest.raises(NoteNotFoundError):
        session.open("no/such.md")
    (session.notes_root / "dl/amp.md").unlink()
    with pytest.raises(KbtuiError, match="dl/amp.md"):
        session.open("dl/amp.md")


def test_the_status_after_a_sync_and_notices_given_once(session, write_note):
    write_note("new.md", "新的。\n", title="新")
    keeper = session.index_keeper
    report = keeper.sync()  # in a worker; then, on the UI thread, the index is seen again
    keeper.index_changed()
    assert keeper.sync_status(report) == "1 added, 0 updated, 0 removed"
    assert keeper.sync_status(keeper.sync()) == "4 notes, index up to date"
    told = Session(session.notes_root, notices=["config: a problem"])
    assert told.take_notices() == ["config: a problem"] and told.take_notices() == []


def test_one_note_is_counted_as_one_note(notes_root, write_note):
    write_note("only.md", "唯一的一篇。\n", title="唯一")
    session = Session(notes_root)
    session.index_keeper.sync()
    session.index_keeper.index_changed()
    keeper = session.index_keeper
    assert keeper.sync_status(keeper.sync()) == "1 note, index up to date"


def test_a_notes_folder_it_cannot_read_is_said_so_not_empty(notes_root, write_note, monkeypatch):
    write_note("a.md", "一篇。\n", title="一篇")
    session = Session(notes_root)
    real_scandir = os.scandir

    def refused(path):
        if isinstance(path, str) and path == os.fspath(notes_root):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refused)
    report = session.index_keeper.sync()
    assert report.unreadable == [("", "Permission denied", 0)]
    message = session.empty_feed_message(indexing=False)
    assert message == f"Cannot read the notes folder (Permission denied): {notes_root}"


def test_a_search_reads_the_index_as_it_was_when_it_began(session):
    view = session.search_view()  # taken on the UI thread as the search starts
    session.knowledge_base.store.start_over()  # then a repair wipes and swaps the index
    assert session.search("Mamba").hits == ()  # the index as it is now: empty
    results = session.search("Mamba", view)
    assert [hit.note.id for hit in results.hits] == ["seq/ssm.md"]
    assert "选择性状态空间" in results.hits[0].snippet.text


def test_marks_follow_a_renamed_note_and_a_renamed_notes_folder(session, notes_root, tmp_path):
    notes = {entry.note.id: entry.note for entry in session.feed_entries()}
    session.set_read(notes["seq/ssm.md"], True)
    session.toggle_bookmark(notes["search/inv.md"])  # bookmarked from the feed, never opened
    (notes_root / "seq").rename(notes_root / "sequence")  # a folder renamed
    session.index_keeper.sync()
    session.index_keeper.index_changed()
    assert session.state.get("sequence/ssm.md").read
    assert "reading state of 1 renamed note carried over" in session.take_notices()
    session.state.close()

    moved = tmp_path / "renamed-notes"
    notes_root.rename(moved)  # the notes folder itself renamed
    elsewhere = Session(moved)
    elsewhere.index_keeper.sync()
    elsewhere.index_keeper.index_changed()
    assert elsewhere.state.get("sequence/ssm.md").read
    assert elsewhere.state.get("search/inv.md").bookmarked
    assert not elsewhere.state.get("dl/amp.md").read


def test_a_note_whose_name_is_not_utf8_opens_and_keeps_its_marks(notes_root):
    with open(os.fsencode(notes_root) + b"/bad-\xff.md", "wb") as handle:
        handle.write("# 坏名字\n\n正文。\n".encode())
    session = Session(notes_root)
    assert session.index_keeper.sync().added == 1
    session.index_keeper.index_changed()
    (entry,) = session.feed_entries()
    assert os.fsencode(entry.note.id) == b"bad-\xff.md"
    opened = session.open(entry.note.id)
    assert "正文" in opened.body
    session.set_read(entry.note, True)
    session.toggle_bookmark(entry.note)
    session.state.close()
    again = Session(notes_root)
    state = again.state.get(entry.note.id)
    assert state.read and state.bookmarked


def test_the_feeds_order_is_kept_for_the_next_session_and_a_bad_one_is_said(session, notes_root):
    session.set_order(FeedOrder.TITLE)
    assert ids(session.feed_entries()) == ["search/inv.md", "dl/amp.md", "seq/ssm.md"]  # 倒 混 状
    assert session.feed_summary() == "3 unread · all notes · by title"
    assert Session(notes_root).feed_order is FeedOrder.TITLE
    Settings().set(feed_order="sideways")
    again = Session(notes_root)
    assert again.feed_order is FeedOrder.DATE
    assert "settings: no feed order 'sideways': newest first" in again.take_notices()


def test_marking_all_read_in_a_worker_reaches_the_file_and_then_the_session(session):
    entries = session.feed_entries()
    unread = entries.unread_positions()
    assert unread == [0, 1, 2]
    notes = entries.versions(unread)
    assert [note_id for note_id, _ in notes] == ids(entries)
    session.mark_all_read(notes)  # (in the app: a worker thread, with a connection of its own)
    assert all(ReadingState(session.notes_root).get(i).read for i in ids(entries))
    session.state.remember_read(notes)  # then the UI thread
    assert session.feed_entries().unread_positions() == []
    assert session.feed_summary().startswith("0 unread")
    assert session.feed_entries().next_unread(0, 1) is None
