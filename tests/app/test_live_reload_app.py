"""Live reload in the app: notes created, changed and deleted on disk while it runs show in
the feed without a restart, the cursor kept on its note, and the open note is drawn again at
the reader's place. The watcher runs until the app ends, so these tests wait for the change
to show rather than for every worker to finish."""

from __future__ import annotations

import asyncio
import os

from kbtui.app.app import KbtuiApp
from kbtui.app.article_page import ArticlePage
from kbtui.app.viewer import ArticleViewer
from tests.app.test_app import feed_ids, page_text

PATIENCE = 10.0  # seconds: a slow CI machine; the change usually shows in well under one


async def until(pilot, condition) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not condition():
        if loop.time() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def settled(app, pilot) -> None:
    await app.checked.wait()
    others = [w for w in app.workers if w.group != "watch"]
    if others:  # (an empty list means every worker to Textual, the watcher too)
        await app.workers.wait_for_complete(others)
    await pilot.pause()


async def test_a_note_created_changed_or_deleted_on_disk_shows_at_once(corpus, write_note):
    app = KbtuiApp(corpus, live_reload=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await pilot.press("down")  # the cursor on the second note
        cursor = app.feed.current.note.id
        write_note("new/fresh.md", "刚写的笔记。\n", title="新笔记", date="2026-12-01")
        assert await until(pilot, lambda: "new/fresh.md" in feed_ids(app))
        assert feed_ids(app)[0] == "new/fresh.md"  # the newest, at the top
        assert app.feed.current.note.id == cursor  # the cursor stayed on its note
        os.remove(corpus / "search/inv.md")
        assert await until(pilot, lambda: "search/inv.md" not in feed_ids(app))


async def test_the_open_note_is_drawn_again_where_the_reader_is(corpus, write_note):
    app = KbtuiApp(corpus, live_reload=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        app.open_note("dl/long.md")
        await settled(app, pilot)
        page = app.query_one(ArticlePage)
        page.scroll_to(y=30, animate=False, immediate=True)
        await pilot.pause()
        path = corpus / "dl/long.md"
        path.write_text(path.read_text().replace("最后一段。", "最后一段，刚刚改过。"))
        assert await until(pilot, lambda: "刚刚改过" in page_text(app))
        await pilot.pause()
        assert app.query_one(ArticleViewer).note.id == "dl/long.md"
        assert page.scroll_y == 30  # the same place, not the top
        assert app.focused is page  # the reader's focus stayed on the article
