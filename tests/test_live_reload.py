"""Live reload: the watcher's batches of changed paths, and the index brought up to date with
only those paths (no walk of the folder), for notes created, changed, renamed and deleted,
one by one or a whole folder at a time."""

from __future__ import annotations

import os
import threading
import time

import pytest

from kbtui.corpus.watch import watch_notes
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query


@pytest.fixture
def knowledge_base(notes_root, write_note):
    write_note("a.md", "# A\n\n第一篇笔记，关于注意力。\n")
    write_note("dir/b.md", "# B\n\n第二篇，关于检索。\n")
    write_note("dir/sub/c.md", "# C\n\n第三篇。\n")
    knowledge_base = KnowledgeBase(notes_root)
    knowledge_base.sync()
    return knowledge_base


def ids(knowledge_base):
    knowledge_base.store.reload()
    return sorted(note.id for note in knowledge_base.store.all_notes())


def titles(knowledge_base, query):
    knowledge_base.store.reload()
    return [hit.note.title for hit in knowledge_base.search(parse_query(query)).hits]


def test_a_created_changed_and_deleted_note_each_take_one_path(knowledge_base, write_note):
    write_note("new.md", "# New\n\n新写的笔记，讲量化。\n")
    report = knowledge_base.sync_changed({"new.md"})
    assert (report.added, report.changed_ids) == (1, {"new.md"})
    assert titles(knowledge_base, "量化") == ["New"]
    write_note("a.md", "# A again\n\n改过了，现在讲蒸馏。\n")
    report = knowledge_base.sync_changed({"a.md", "a.md~", "4913"})  # an editor's leftovers
    assert (report.updated, report.added, report.removed) == (1, 0, 0)
    assert titles(knowledge_base, "蒸馏") == ["A again"]
    os.remove(knowledge_base.notes_root / "new.md")
    assert knowledge_base.sync_changed({"new.md"}).removed == 1
    assert "new.md" not in ids(knowledge_base)


def test_a_folder_renamed_or_deleted_takes_its_notes_along(knowledge_base):
    root = knowledge_base.notes_root
    os.rename(root / "dir", root / "moved")
    report = knowledge_base.sync_changed({"dir", "moved"})  # what the watcher sees of a rename
    assert (report.added, report.removed) == (2, 2)
    assert ids(knowledge_base) == ["a.md", "moved/b.md", "moved/sub/c.md"]
    for path in sorted((root / "moved").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (root / "moved").rmdir()
    assert knowledge_base.sync_changed({"moved"}).removed == 2
    assert ids(knowledge_base) == ["a.md"]


def test_paths_that_change_nothing_write_nothing(knowledge_base, write_note):
    (knowledge_base.notes_root / "picture.png").write_bytes(b"\x89PNG")
    before = knowledge_base.store.manifest.stamp()
    report = knowledge_base.sync_changed({"picture.png", ".obsidian/workspace.json", "a.md"})
    assert not report.changed and report.changed_ids == set()
    assert knowledge_base.store.manifest.stamp() == before  # no commit, no manifest written


def test_the_watcher_reports_what_changed_relative_to_the_root(notes_root, write_note):
    knowledge_base = KnowledgeBase(notes_root)
    knowledge_base.sync()
    stop = threading.Event()
    batches: list[set[str]] = []

    def watch() -> None:
        for paths in watch_notes(notes_root, stop):
            batches.append(paths)

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        time.sleep(0.3)  # the watch is set up
        write_note("watched/new.md", "# New\n")
        (notes_root / ".hidden.md").write_text("# hidden\n")
        deadline = time.monotonic() + 10
        while not any("watched" in b for b in batches) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    seen = set().union(*batches)
    # A note written at once into a new folder may come before the folder is watched: the
    # folder is reported, and indexing it finds the note.
    assert "watched" in seen
    assert not any(path.startswith(".") for path in seen)  # hidden files are not notes
    assert knowledge_base.sync_changed(seen).changed_ids == {"watched/new.md"}
    assert not thread.is_alive()  # the stop event ends the watch
