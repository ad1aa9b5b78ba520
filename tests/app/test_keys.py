"""Keys at any speed: what arrives in one write (a paste, a laggy SSH link) does what the same
keys typed one by one do."""

from __future__ import annotations

import asyncio
import random
import shutil
import threading
import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from kbtui.app.app import KbtuiApp
from kbtui.app.feed_list import FeedList
from kbtui.app.search_bar import SearchBar
from kbtui.app.viewer import ArticleViewer
from kbtui.state.reading import ReadingState
from tests.app.test_app import started


def key_event(key: str) -> events.Key:
    """The event a terminal's driver makes of a key, as Textual's own test pilot does."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def settle(app, pilot) -> None:
    """Until no worker runs (a search a newer keystroke cancelled counts as ended)."""
    for _ in range(2):
        await asyncio.gather(*(worker.wait() for worker in app.workers), return_exceptions=True)
        await pilot.pause()


async def send_together(app, pilot, keys: list[str]) -> None:
    """The keys handed to the app in one go, as the driver does with one read of the terminal:
    none is handled before all have arrived."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)
    await settle(app, pilot)


async def open_first_note(app, pilot) -> str:
    await started(app, pilot)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query_one(ArticleViewer).note.id


async def test_keys_that_arrive_with_the_slash_are_typed_into_the_search_bar(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        note_id = await open_first_note(app, pilot)
        before = ReadingState(corpus).get(note_id)
        await send_together(app, pilot, list("/mamba"))
        assert app.query_one(SearchBar).value == "mamba"
        await pilot.press("escape")
        await send_together(app, pilot, list("/quantization"))
        assert app.query_one(SearchBar).value == "quantization"
        assert app.is_running  # q was typed, not run
        after = ReadingState(corpus).get(note_id)
        assert (after.read, after.bookmarked) == (before.read, before.bookmarked)


KEYS = [*"jj", "enter", "m", "b", "escape", *"/mamba", "enter", "u", "escape", "k", *"/状态"]


async def _run(root, keys: list[str], splits: list[int] | None) -> tuple:
    """Run the keys, one by one (splits None) or in writes cut at ``splits``; what then shows."""
    app = KbtuiApp(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        if splits is None:
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
        else:
            for start, end in zip([0, *splits], [*splits, len(keys)], strict=True):
                await send_together(app, pilot, keys[start:end])
        await settle(app, pilot)
        viewer = app.query_one(ArticleViewer)
        feed = app.query_one(FeedList)
        shown = (
            app.query_one(SearchBar).value,
            viewer.note.id if viewer.note else None,
            feed.cursor,
            [entry.note.id for entry in feed.entries],
            app.focused.id if app.focused else None,
        )
    state = ReadingState(root)
    marks = {n: (state.get(n).read, state.get(n).bookmarked) for n in shown[3]}
    return shown, marks


async def test_the_same_keys_in_one_write_or_in_random_writes_end_the_same(corpus, tmp_path):
    roots = []
    for number in range(4):  # a copy each, so that each run starts from no reading state
        roots.append(tmp_path / f"run{number}")
        shutil.copytree(corpus, roots[-1])
    one_by_one = await _run(roots[0], KEYS, None)
    assert one_by_one[0][0] == "状态"  # the keys did what they say
    assert await _run(roots[1], KEYS, []) == one_by_one
    rng = random.Random(7)
    for root in roots[2:]:
        splits = sorted(rng.sample(range(1, len(KEYS)), 5))
        assert await _run(root, KEYS, splits) == one_by_one, splits


async def test_enter_before_the_answer_opens_the_best_hit_and_searches_off_the_ui_thread(corpus):
    app = KbtuiApp(corpus)
    threads = []
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        search = app.session.search

        def recorded(text, view=None):
            threads.append(threading.current_thread())
            return search(text, view)

        app.session.search = recorded
        await send_together(app, pilot, [*"/mamba", "enter", "b"])
        assert app.query_one(ArticleViewer).note.id == "seq/ssm.md"
        assert ReadingState(corpus).get("seq/ssm.md").bookmarked  # b waited for the note
    assert threads and threading.main_thread() not in threads


async def test_esc_then_a_key_in_one_write_is_esc_then_that_key(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        await send_together(app, pilot, list("/mamba"))
        event = events.Key("alt+q", "q")  # what the terminal makes of ESC q read at once
        event.set_sender(app)
        app._driver.send_message(event)
        await settle(app, pilot)
        await pilot.pause()
        running = app.is_running
    assert not running  # Esc left the search bar, then q quit, as typed one by one
