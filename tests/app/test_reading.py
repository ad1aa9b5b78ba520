"""Reading a note in the app: the page at any width, formulas, links, the feed's excerpts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbtui.app.app import KbtuiApp
from kbtui.app.article_page import ArticlePage
from kbtui.app.feed_list import FeedList
from kbtui.app.viewer import ArticleViewer

READING_NOTE = Path(__file__).parent.parent / "data" / "reading-note.md"


@pytest.fixture
def reading(notes_root, write_note):
    shutil.copy(READING_NOTE, notes_root / "flash.md")
    write_note("other.md", "另一篇。\n", title="另一篇", date="2020-01-01")
    (notes_root / "links.md").write_text(
        "---\ntitle: 链接\ndate: 2019-01-01\n---\n正文 [去另一篇](other.md) 结束。\n",
        encoding="utf-8",
    )
    return notes_root


async def opened(app, pilot, size):
    await app.checked.wait()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    return app.query_one(ArticlePage)


def page_lines(page: ArticlePage) -> list[str]:
    return [row.text.plain for row in page.page.rows]


async def test_the_page_fits_the_pane_beside_its_scrollbar(reading):
    app = KbtuiApp(reading)
    async with app.run_test(size=(120, 36)) as pilot:
        page = await opened(app, pilot, (120, 36))
        width = page.scrollable_content_region.width
        assert page.page.width == width
        assert all(row.text.cell_len <= width for row in page.page.rows)
        assert page.render_line(0).cell_length == width


async def test_resizing_lays_the_page_out_again_and_keeps_the_place(reading):
    app = KbtuiApp(reading)
    async with app.run_test(size=(120, 20)) as pilot:
        page = await opened(app, pilot, (120, 20))
        table_line = next(n for n, line in enumerate(page_lines(page)) if "方法" in line)
        page.scroll_to_line(table_line)
        await pilot.pause()
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        await pilot.pause()
        assert page.page.width == page.scrollable_content_region.width > 90
        assert "方法" in page_lines(page)[int(page.scroll_y)]


async def test_dollar_shows_the_formulas_source_and_back(reading):
    app = KbtuiApp(reading)
    async with app.run_test(size=(120, 36)) as pilot:
        page = await opened(app, pilot, (120, 36))
        assert any("softmax(QKᵀ/√d_k) V" in line for line in page_lines(page))
        await pilot.press("dollar_sign")
        await pilot.pause()
        assert "\\frac{QK^\\top}" in "".join(line.removeprefix("↪ ") for line in page_lines(page))
        await pilot.press("dollar_sign")
        await pilot.pause()
        assert not any("\\frac" in line for line in page_lines(page))


async def test_clicking_a_link_on_the_page_opens_its_note(reading):
    app = KbtuiApp(reading)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.checked.wait()
        await app.workers.wait_for_complete()
        await pilot.press("G", "enter")  # the oldest note: the one with a link
        await app.workers.wait_for_complete()
        await pilot.pause()
        viewer = app.query_one(ArticleViewer)
        page = app.query_one(ArticlePage)
        assert viewer.note.id == "links.md"
        row = next(n for n, line in enumerate(page_lines(page)) if "去另一篇" in line)
        column = page_lines(page)[row].index("去另一篇") * 2 - 2  # "正文 " is 5 cells
        await pilot.click(ArticlePage, offset=(column + 3 + page.styles.padding.left, row))
        await pilot.pause()  # the page asks the app to open the note; the app opens it
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert viewer.note.id == "other.md"


async def test_the_feed_fits_beside_its_scrollbar_and_a_long_title_ends_in_an_ellipsis(reading):
    app = KbtuiApp(reading)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.checked.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
        feed = app.query_one(FeedList)
        width = feed.scrollable_content_region.width
        assert all(feed.render_line(y).cell_length == width for y in range(4))
        excerpt = "".join(feed.render_line(y).text.strip() for y in (2, 3))
        assert excerpt.startswith("FlashAttention（Dao et al., 2022）没有改变注意力的数学定义")
        assert width < 50  # the title of the reading note is wider than this
        title = feed.render_line(0).text
        assert title.rstrip().endswith("…") and "FlashAttention" in title


def test_help_lines_wrap_under_their_second_column():
    from rich.text import Text

    from kbtui.app.wrapped_text import wrap_in_columns

    text = Text("  f        filter the feed by category, tag or state\n  prose that goes on and on")
    lines = [line.plain for line in wrap_in_columns(text, 30)]
    assert lines == [
        "  f        filter the feed by",
        "           category, tag or",
        "           state",
        "  prose that goes on and on",
    ]
    assert [line.plain for line in wrap_in_columns(Text("  prose that goes on and on"), 16)] == [
        "  prose that",
        "  goes on and on",
    ]
