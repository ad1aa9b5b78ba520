import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from kbtui import locations
from kbtui.state.reading import BACKUP_SUFFIX, DATABASE_NAME, ReadingState


def test_state_lives_in_the_data_folder_and_lasts(tmp_path, isolated_home):
    state = ReadingState(tmp_path / "notes")
    assert state.path == locations.data_dir() / DATABASE_NAME
    assert state.path.is_relative_to(isolated_home)
    state.mark_read("a.md", "f1")
    state.set_position("a.md", 42.5)
    state.set_bookmarked("b.md", True)
    state.opened("a.md")
    state.close()

    again = ReadingState(tmp_path / "notes")
    a, b = again.get("a.md"), again.get("b.md")
    assert a.read and a.position == 42.5 and not a.bookmarked and a.last_opened is not None
    assert b.bookmarked and not b.read and b.position == 0
    assert not again.get("c.md").read
    assert set(again.all()) == {"a.md", "b.md"}


def test_roots_are_kept_apart(tmp_path):
    ReadingState(tmp_path / "one").mark_read("a.md", "f")
    assert not ReadingState(tmp_path / "two").get("a.md").read


def test_unread_and_updated_since_read(tmp_path):
    state = ReadingState(tmp_path)
    state.mark_read("a.md", "old")
    assert state.get("a.md").updated_since_read("new")
    assert not state.get("a.md").updated_since_read("old")
    state.mark_unread("a.md")
    assert not state.get("a.md").read
    assert not state.get("a.md").updated_since_read("new")


def test_recent_searches_newest_first_without_repeats(tmp_path):
    state = ReadingState(tmp_path)
    for query in ["mamba", "倒排索引", "mamba", " ", "ddp"]:
        state.add_search(query)
    assert state.recent_searches() == ["ddp", "mamba", "倒排索引"]


def _writer(root: str, worker: int, count: int) -> None:
    state = ReadingState(__import__("pathlib").Path(root))
    for number in range(count):
        state.set_position(f"w{worker}-{number}.md", float(number))
        state.mark_read("shared.md", f"w{worker}")


def test_two_processes_do_not_lose_each_others_writes(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 100)) for w in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    state = ReadingState(tmp_path)
    positions = state.all()
    assert len([k for k in positions if k.startswith("w")]) == 200
    assert state.get("shared.md").read


def test_changing_one_field_keeps_the_others(tmp_path):
    first, second = ReadingState(tmp_path), ReadingState(tmp_path)
    first.set_position("a.md", 10)
    second.set_bookmarked("a.md", True)
    first.mark_read("a.md", "f")
    state = ReadingState(tmp_path).get("a.md")
    assert (state.position, state.bookmarked, state.read) == (10, True, True)


def test_corrupt_database_is_moved_aside_and_replaced(tmp_path, isolated_home):
    path = locations.data_dir() / DATABASE_NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    state = ReadingState(tmp_path)
    notices = state.take_notices()
    assert notices and "damaged" in notices[0]
    assert list(path.parent.glob(f"{DATABASE_NAME}.corrupt-*"))
    state.mark_read("a.md", "f")
    assert ReadingState(tmp_path).get("a.md").read


def test_a_refused_write_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setattr("kbtui.state.reading.BUSY_SECONDS", 0.1)
    state = ReadingState(tmp_path)
    state.mark_read("a.md", "f")
    other = sqlite3.connect(state.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock: every write waits
    try:
        state.set_bookmarked("a.md", True)
    finally:
        other.execute("ROLLBACK")
        other.close()
    notices = state.take_notices()
    assert notices and "not saved" in notices[0]
    assert state.get("a.md").read


def test_an_unwritable_data_folder_keeps_state_in_memory_and_says_so(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    state = ReadingState(tmp_path / "notes")
    notices = state.take_notices()
    assert notices and "not saved" in notices[0]
    state.mark_read("a.md", "f")  # works for this session
    assert state.get("a.md").read


def filled_state(tmp_path, count=3000):
    """A state file of many pages, written and closed (its WAL folded in)."""
    state = ReadingState(tmp_path / "notes")
    for number in range(count):
        state.mark_read(f"dir/note-{number:05d}.md", f"fingerprint-{number}")
    state.set_bookmarked("dir/note-00007.md", True)
    state.close()
    return state.path


def damage_a_table_page(path):
    with open(path, "r+b") as handle:
        handle.seek(4096 * 20)  # a page of note_state's rows, past the schema's
        handle.write(b"\xde\xad" * 2048)


@pytest.mark.parametrize("recover_with", ["sqlite3 .recover", "row by row"])
def test_a_damaged_page_is_moved_aside_and_what_can_be_read_is_kept(
    tmp_path, monkeypatch, recover_with
):
    path = filled_state(tmp_path)
    path.with_name(path.name + BACKUP_SUFFIX).unlink()  # what is kept comes from the file
    damage_a_table_page(path)
    if recover_with == "row by row":
        monkeypatch.setattr("kbtui.state.recovery.shutil.which", lambda name: None)
    elif shutil.which("sqlite3") is None:
        pytest.fail("the sqlite3 command is missing (.ci/run installs it)")
    state = ReadingState(tmp_path / "notes")
    (notice,) = state.take_notices()
    assert "reading state was damaged" in notice and "rows recovered" in notice
    assert list(path.parent.glob(f"{DATABASE_NAME}.corrupt-*"))
    kept = len(state.all())
    assert 2900 <= kept <= 3000  # the rows of the overwritten page are gone; the rest are kept
    assert state.get("dir/note-00007.md").bookmarked
    state.mark_read("new.md", "f")  # the fresh file takes writes
    assert ReadingState(tmp_path / "notes").get("new.md").read


def test_an_emptied_state_file_is_restored_from_the_backup(tmp_path):
    path = filled_state(tmp_path, count=50)
    os.truncate(path, 0)
    state = ReadingState(tmp_path / "notes")
    (notice,) = state.take_notices()
    assert notice.startswith("reading state was emptied (0 bytes)")
    assert "50 restored from the backup" in notice
    assert len(state.all()) == 50 and state.get("dir/note-00007.md").bookmarked


def test_a_read_only_state_folder_shows_its_marks(tmp_path, isolated_home):
    path = filled_state(tmp_path, count=20)
    program = (
        "from pathlib import Path\n"
        "from kbtui.state.reading import ReadingState\n"
        f"state = ReadingState(Path({str(tmp_path / 'notes')!r}))\n"
        "print(len(state.all()), state.get('dir/note-00007.md').bookmarked)\n"
        "state.mark_read('other.md', 'f')\n"
        "print(state.get('other.md').read)\n"
        "print(*state.take_notices(), sep='\\n')\n"
    )
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    path.parent.chmod(0o555)
    try:
        result = subprocess.run([*(prefix if os.geteuid() == 0 else []), sys.executable, "-c",
                                 program], capture_output=True, text=True, timeout=60)  # fmt: skip
    finally:
        path.parent.chmod(0o755)
    lines = result.stdout.splitlines()
    assert lines[:2] == ["20 True", "True"], result.stderr  # marks shown; the session keeps its own
    assert "reading state is read-only" in lines[2] and "changes not saved" in lines[2]
    assert "reading state not saved" in lines[3]
    assert not ReadingState(tmp_path / "notes").get("other.md").read  # and it said so


def test_marking_many_notes_read_is_one_transaction_kept_in_memory_and_on_disk(tmp_path):
    state = ReadingState(tmp_path)
    state.set_bookmarked("a.md", True)
    state.set_position("a.md", 7.0)
    state.get("a.md")  # the rows are read: the marks must reach them too
    changes = []
    state._connection.set_trace_callback(changes.append)  # every statement SQLite runs
    notes = [("a.md", "fa"), *((f"n{i}.md", f"f{i}") for i in range(1000))]
    state.mark_all_read(notes)
    assert [c for c in changes if c in ("BEGIN IMMEDIATE", "COMMIT")] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    assert sum(c.startswith("INSERT") for c in changes) == len(notes)
    a = state.get("a.md")
    assert a.read_fingerprint == "fa" and a.bookmarked and a.position == 7.0
    assert state.get("n999.md").read_fingerprint == "f999"
    state.close()
    again = ReadingState(tmp_path)
    assert again.get("n500.md").read_fingerprint == "f500" and again.get("a.md").bookmarked


def test_marking_many_read_refused_by_the_disk_is_said_and_kept_for_the_session(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("kbtui.state.reading.BUSY_SECONDS", 0.1)
    state = ReadingState(tmp_path)
    state.get("a.md")
    other = sqlite3.connect(state.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        state.mark_all_read([("a.md", "fa"), ("b.md", "fb")])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "not saved" in state.take_notices()[0]
    assert state.get("b.md").read  # the session goes on as the reader expects
    assert not ReadingState(tmp_path).get("b.md").read  # nothing half-written


def test_marks_written_elsewhere_are_remembered_without_reading_the_file(tmp_path):
    state = ReadingState(tmp_path)
    assert not state.get("a.md").read
    ReadingState(tmp_path, state.path).mark_all_read([("a.md", "fa")])  # another connection
    assert not state.get("a.md").read  # (this one has not looked again)
    state.remember_read([("a.md", "fa")])
    assert state.get("a.md").read_fingerprint == "fa"
