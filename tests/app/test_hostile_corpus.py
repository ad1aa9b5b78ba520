"""The whole hostile corpus: indexed or skipped with a reason, searchable, and every note opens
in the app without an exception or a control sequence from note text reaching the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kbtui.app.app import KbtuiApp
from kbtui.app.feed_list import FeedList
from kbtui.app.viewer import ArticleViewer
from kbtui.corpus.files import walk_notes
from kbtui.search.knowledge_base import KnowledgeBase
from tests.hostile_corpus import EXPECTED_SKIPS, write_hostile_corpus

KBTUI = Path(sys.executable).with_name("kbtui")
CONTROLS = ("\x1b", "\x9b", "\u202e", "\u202c", "\x07", "\x00")
# What the escape sequences carried: gone with the sequence, not left behind as text. (The raw
# front matter that --plain prints spells them as YAML escapes, "\\e]0;...", which is plain text.)
PAYLOADS = ("PWNED", "UFdORUQ")


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "hostile"
    written = write_hostile_corpus(root)
    return root, written


def test_every_file_is_indexed_or_skipped_with_a_reason(hostile):
    root, written = hostile
    index = KnowledgeBase(root)
    report = index.sync()
    indexed = {note.id for note in index.store.all_notes()}
    assert dict(report.skipped) == EXPECTED_SKIPS
    assert (
        indexed | set(EXPECTED_SKIPS)
        == set(written)
        == {f.id for f in walk_notes(root)} | set(EXPECTED_SKIPS)
    )


def test_cli_output_carries_no_control_sequence_from_notes(hostile):
    root, _ = hostile
    for args in (["search", "hostilecase", "--limit", "100"],
                 ["search", "--json", "hostilecase", "--limit", "100"],
                 ["show", "esc/escapes.md"], ["show", "--plain", "esc/escapes.md"],
                 ["index", "--rebuild"]):  # fmt: skip
        result = subprocess.run([str(KBTUI), *args, "--notes", str(root)], capture_output=True)
        assert result.returncode == 0, (args, result.stderr)
        for stream in (result.stdout, result.stderr):
            text = stream.decode("utf-8")
            assert "Traceback" not in text
            for control in CONTROLS:
                assert control not in text, (args, repr(control))
            if "--plain" not in args:
                for payload in PAYLOADS:
                    assert payload not in text, (args, payload)


@pytest.mark.slow
async def test_every_note_opens_in_the_app(hostile):
    root, _ = hostile
    app = KbtuiApp(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.checked.wait()  # the check of the notes after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        feed = app.query_one(FeedList)
        viewer = app.query_one(ArticleViewer)
        opened = []
        for position in range(len(feed.entries)):
            feed.cursor = position
            feed.focus()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert viewer.note is not None and viewer.note.id == feed.entries[position].note.id
            opened.append(viewer.note.id)
            screen = app.export_screenshot()
            for unwanted in CONTROLS + PAYLOADS:
                assert unwanted not in screen, (viewer.note.id, repr(unwanted))
        assert len(opened) == len(feed.entries) == len(KnowledgeBase(root).store.all_notes())
    assert app.return_code in (None, 0)


@pytest.mark.slow
async def test_fifty_thousand_tiny_notes(tmp_path):
    root = tmp_path / "tiny"
    for number in range(50_000):
        folder = root / f"{number % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"t{number:05d}.md").write_text(f"# 小笔记 {number}\ntiny {number}\n", "utf-8")
    index = KnowledgeBase(root)
    report = index.sync()
    assert report.added == 50_000 and report.skipped == []
    from kbtui.search.query import parse_query

    assert index.search(parse_query("小笔记"), 5).total == 50_000
    assert [hit.note.id for hit in index.search(parse_query("tiny 49999"), 5).hits] == [
        "99/t49999.md"
    ]
    app = KbtuiApp(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.checked.wait()  # the check of the notes after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.query_one(FeedList).entries) == 50_000
        await pilot.press("G")
        assert app.query_one(FeedList).cursor == 49_999
