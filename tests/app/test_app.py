"""The app, driven with Textual's pilot: every key and the main reading flows."""

from __future__ import annotations

import os

import pytest
from textual.notifications import Notify

from kbtui.app.app import KbtuiApp
from kbtui.app.article_page import ArticlePage
from kbtui.app.feed_list import FeedList
from kbtui.app.help import HelpScreen
from kbtui.app.pickers import Picker
from kbtui.app.search_bar import SearchBar
from kbtui.app.viewer import ArticleViewer
from kbtui.app.wrapped_text import WrappedText
from kbtui.search.feed import FeedFilter
from kbtui.state.reading import ReadingState


async def started(app, pilot):
    """Wait for the check of the notes that starts once the feed is on screen."""
    await app.checked.wait()  # the check of the notes after the first frame
    await app.workers.wait_for_complete()
    await pilot.pause()


def page_text(app) -> str:
    """What the open note's page says, line by line."""
    return "\n".join(row.text.plain for row in app.query_one(ArticlePage).page.rows)


def feed_ids(app):
    return [entry.note.id for entry in app.query_one(FeedList).entries]


async def type_search(app, pilot, text):
    """Focus the search bar, type text key by key, and wait for the results."""
    await pilot.press("slash", *text)
    await app.workers.wait_for_complete()
    await pilot.pause()


def notified(into: list):
    """A message hook that keeps every notification the app shows."""

    def hook(message) -> None:
        if isinstance(message, Notify):
            into.append(message.notification)

    return hook


async def open_and_settle(app, pilot, key="enter", note_id=None):
    """Open the note under the cursor (by ``key``), or the note ``note_id``, and let it settle."""
    if note_id is None:
        await pilot.press(key)
    else:
        app.open_note(note_id)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_feed_newest_first_with_unread_count(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md", "search/inv.md"]
        header = str(app.query_one("#feed-header").render())
        assert "INCOMING TRANSMISSION" in header and "3 unread" in header
        assert app.focused is app.query_one(FeedList)


async def test_cursor_keys(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        feed = app.query_one(FeedList)
        await pilot.press("j")
        assert feed.cursor == 1
        await pilot.press("down", "down")
        assert feed.cursor == 2  # stops at the last entry
        await pilot.press("k")
        assert feed.cursor == 1
        await pilot.press("g")
        assert feed.cursor == 0
        await pilot.press("G")
        assert feed.cursor == 2
        await pilot.press("up", "home")
        assert feed.cursor == 0


async def test_open_short_note_marks_it_read(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot)
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "seq/ssm.md"
        assert isinstance(app.focused, ArticlePage)
        assert ReadingState(corpus).get("seq/ssm.md").read
        assert not app.query_one(FeedList).entries[0].unread


@pytest.mark.slow
async def test_long_note_is_read_only_at_the_end_and_position_is_kept(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("j")
        await open_and_settle(app, pilot)
        assert app.query_one(ArticleViewer).note.id == "dl/long.md"
        assert not ReadingState(corpus).get("dl/long.md").read
        await pilot.press("pagedown", "pagedown")
        await pilot.pause(0.6)
        position = ReadingState(corpus).get("dl/long.md").position
        assert position > 0
        await pilot.press("G")
        await pilot.pause(0.6)
        assert ReadingState(corpus).get("dl/long.md").read

    again = KbtuiApp(corpus)
    async with again.run_test(size=(120, 40)) as pilot:
        await started(again, pilot)
        assert not again.query_one(FeedList).entries[1].unread
        ReadingState(corpus).set_position("dl/long.md", 30)
        again.session.state.reload()  # another window saved a position meanwhile
        await pilot.press("j")
        await open_and_settle(again, pilot)
        assert again.query_one(ArticlePage).scroll_y == 30


async def test_mark_unread_read_and_bookmark_from_the_feed(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("m")
        assert ReadingState(corpus).get("seq/ssm.md").read
        await pilot.press("u")
        assert not ReadingState(corpus).get("seq/ssm.md").read
        await pilot.press("b")
        assert ReadingState(corpus).get("seq/ssm.md").bookmarked
        assert app.query_one(FeedList).entries[0].bookmarked
        await pilot.press("b")
        assert not ReadingState(corpus).get("seq/ssm.md").bookmarked


async def test_search_as_you_type_in_chinese_open_hit_and_escape(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("j")  # the feed cursor is on dl/long.md before searching
        await pilot.press("slash")
        bar = app.query_one(SearchBar)
        assert app.focused is bar
        bar.insert_text_at_cursor("索引")  # as an IME or a paste delivers it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert feed_ids(app) == ["search/inv.md", "seq/ssm.md"]  # the title match first
        assert "2 hits" in str(app.query_one("#feed-header").render())
        await open_and_settle(app, pilot)
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "search/inv.md"
        assert len(viewer.matches) == 1
        assert ReadingState(corpus).recent_searches() == ["索引"]
        await pilot.press("n")
        assert viewer.matches.number == 0
        await pilot.press("escape")
        await pilot.pause()
        assert bar.value == ""
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md", "search/inv.md"]
        assert app.query_one(FeedList).cursor == 1
        assert app.focused is app.query_one(FeedList)


async def test_typing_a_latin_query_key_by_key(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("slash", "m", "a", "m", "b", "a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(SearchBar).value == "mamba"
        assert feed_ids(app) == ["seq/ssm.md"]
        await pilot.press("up")  # no recent searches yet: the text stays
        assert app.query_one(SearchBar).value == "mamba"


async def test_recent_searches_recall_with_up_and_down(corpus):
    ReadingState(corpus).add_search("倒排索引")
    ReadingState(corpus).add_search("mamba")
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("slash", "up")
        bar = app.query_one(SearchBar)
        assert bar.value == "mamba"
        await pilot.press("up")
        assert bar.value == "倒排索引"
        await pilot.press("down")
        assert bar.value == "mamba"


async def test_follow_link_back_and_forward(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot)
        app.viewer.follow(0)  # the note's first link: ../search/inv.md
        await app.workers.wait_for_complete()
        await pilot.pause()
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "search/inv.md"
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        assert viewer.note.id == "seq/ssm.md"
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        assert viewer.note.id == "search/inv.md"
        await pilot.press("backspace")
        await app.workers.wait_for_complete()
        assert viewer.note.id == "seq/ssm.md"


async def test_links_picker_and_external_url(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("G")
        await open_and_settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, Picker)
        assert app.clipboard == "https://arxiv.org/abs/2312.00752"


async def open_the_best_hit(app, pilot, query: str) -> None:
    """Search for ``query`` as it is pasted into the search bar, and open the best hit."""
    await started(app, pilot)
    await pilot.press("slash")
    app.query_one(SearchBar).insert_text_at_cursor(query)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await open_and_settle(app, pilot)


async def follow_the_first_link(app, pilot) -> None:
    """Open the first note, list its links with o, and take the first."""
    await started(app, pilot)
    await open_and_settle(app, pilot)
    await pilot.press("o")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_clipboard_gets_exactly_the_link_that_is_shown(notes_root, write_note):
    url = "<https://example.com/a&#10;rm -rf ~&#10;&#27;[201~echo pwned>"  # decodes to \n, ESC
    write_note("a.md", f"[看这里]({url})\n", title="危险链接")
    app = KbtuiApp(notes_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow_the_first_link(app, pilot)
        copied = app.clipboard
    assert copied == "https://example.com/a rm -rf ~ echo pwned"  # as the notice shows it
    assert "\n" not in copied and "\x1b" not in copied


async def test_filter_picker_and_clear(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        labels = [str(option.prompt) for option in app.screen.query_one("#picker-list").options]
        assert "Tag: #SSM (2)" in labels and "Unread only (3)" in labels
        await pilot.press("down", "enter")  # "Unread only"
        await pilot.pause()
        assert app.session.feed_filter.unread_only
        app.set_filter(app.session.feed_filter.choosing("tag", "SSM"))
        await pilot.pause()
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md"]
        assert "tag: #SSM" in str(app.query_one("#feed-header").render())
        await pilot.press("F")
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md", "search/inv.md"]


async def test_bookmarked_only_filter(corpus):
    ReadingState(corpus).set_bookmarked("search/inv.md", True)
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.set_filter(FeedFilter(bookmarked_only=True))
        await pilot.pause()
        assert feed_ids(app) == ["search/inv.md"]


async def test_narrow_terminal_shows_one_pane(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        viewer = app.query_one(ArticleViewer)
        assert not viewer.display or viewer.region.width == 0
        await open_and_settle(app, pilot)
        assert viewer.region.width == 80
        assert app.query_one("#feed-pane").region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#feed-pane").region.width == 80
        assert app.focused is app.query_one(FeedList)
        await pilot.press("tab")
        await pilot.pause()
        assert viewer.region.width == 80


async def test_resizing_the_terminal_switches_between_one_pane_and_two(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        assert app.query_one(ArticleViewer).region.width > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.narrow and app.query_one(ArticleViewer).region.width == 0
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.narrow and app.query_one(ArticleViewer).region.width > 0


async def test_a_typo_in_the_search_bar_says_what_it_shows_and_marks_the_right_word(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await type_search(app, pilot, "mmaba ")
        assert feed_ids(app) == ["seq/ssm.md"]
        assert "showing results for mamba" in str(app.query_one("#feed-header").render())
        await open_and_settle(app, pilot)
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "seq/ssm.md" and len(viewer.matches) >= 1


async def test_escape_from_a_search_hit_on_a_narrow_terminal_returns_to_the_feed(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await type_search(app, pilot, "倒排索引")
        await open_and_settle(app, pilot)
        assert app.query_one(ArticleViewer).region.width == 80
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.results is None
        assert app.query_one("#feed-pane").region.width == 80
        assert app.focused is app.query_one(FeedList)


async def test_tab_moves_between_panes_on_a_wide_terminal(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot)
        assert isinstance(app.focused, ArticlePage)
        await pilot.press("tab")
        assert app.focused is app.query_one(FeedList)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticlePage)
        assert app.query_one("#feed-pane").region.width > 0


@pytest.mark.slow
async def test_help_screen_and_table_of_contents(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("j")
        await open_and_settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        toc = app.query_one("#toc")
        assert toc.display and toc.option_count == 2
        await pilot.press("end", "enter")  # the last heading, "结尾"
        await pilot.pause()
        assert app.query_one(ArticlePage).scroll_y > 0
        assert isinstance(app.focused, ArticlePage)


async def test_quit_key(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_note_changed_after_reading_shows_as_updated(corpus, write_note):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("m")
    write_note("seq/ssm.md", "Mamba 的内容改写了，多了一段。\n", title="状态空间模型与 Mamba",
               date="2026-01-11", category="序列模型")  # fmt: skip
    again = KbtuiApp(corpus)
    async with again.run_test(size=(120, 40)) as pilot:
        await started(again, pilot)
        first = again.query_one(FeedList).entries[0]
        assert first.note.id == "seq/ssm.md"
        assert first.updated and first.unread
        assert "3 unread" in str(again.query_one("#feed-header").render())


async def test_a_note_deleted_after_indexing_is_a_notification_not_a_crash(corpus):
    app = KbtuiApp(corpus)
    notifications = []
    async with app.run_test(size=(120, 40), message_hook=notified(notifications)) as pilot:
        await started(app, pilot)
        (corpus / "seq/ssm.md").unlink()
        await open_and_settle(app, pilot)
        assert app.query_one(ArticleViewer).note is None
        assert any("seq/ssm.md" in str(n.message) for n in notifications)


@pytest.mark.slow
async def test_command_palette_offers_the_apps_actions(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Filter the feed", "Rebuild the index", "Toggle light/dark theme"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "toggle light":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_enter_right_after_typing_opens_the_top_hit(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("slash", "m", "a", "m", "b", "a", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(ArticleViewer).note.id == "seq/ssm.md"


@pytest.mark.slow
async def test_page_keys_mouse_and_previous_match(corpus, write_note):
    for number in range(12):
        write_note(f"more/n{number:02d}.md", f"第 {number} 篇，提到 attention 两次：attention。\n",
                   title=f"补充 {number:02d}", date=f"2024-01-{number + 1:02d}")  # fmt: skip
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        feed = app.query_one(FeedList)
        await pilot.press("pagedown")
        assert feed.cursor == feed.size.height // 5
        await pilot.press("pageup")
        assert feed.cursor == 0
        await pilot.click(FeedList, offset=(10, 6))  # the second entry (5 rows each)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(ArticleViewer).note.id == feed.entries[1].note.id
        await pilot.press("slash")
        app.query_one(SearchBar).insert_text_at_cursor("注意力")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await open_and_settle(app, pilot)
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "dl/long.md" and len(viewer.matches) == 120
        await pilot.press("N")
        assert viewer.matches.number == 119
        await pilot.press("n", "n")
        assert viewer.matches.number == 1


async def test_o_follows_a_link_to_another_note(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await follow_the_first_link(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one(ArticleViewer).note.id == "search/inv.md"


@pytest.mark.slow
async def test_a_two_megabyte_note_opens_as_source_and_reads_like_any_other(notes_root, write_note):
    from kbtui.app.viewer import RawArticle

    paragraph = "很长的笔记，讨论注意力与显存。" * 30 + "\n\n"
    write_note("huge.md", paragraph * 2500 + "needle 在最后\n", title="巨大的笔记")
    assert (notes_root / "huge.md").stat().st_size > 2_000_000
    app = KbtuiApp(notes_root)
    shown_at_first = []  # lines in the reader when it says the note is shown

    def when_shown(message):
        if isinstance(message, ArticleViewer.Loaded):
            shown_at_first.append(app.query_one(RawArticle).document.line_count)

    async with app.run_test(size=(120, 40), message_hook=when_shown) as pilot:
        await open_the_best_hit(app, pilot, "needle")
        viewer = app.query_one(ArticleViewer)
        raw = app.query_one(RawArticle)
        assert viewer.large and raw.display and isinstance(app.focused, RawArticle)
        assert "large note" in app.query_one("#article-header", WrappedText).text.plain
        assert shown_at_first and shown_at_first[-1] < 5000  # its start first, then the rest
        while viewer.loading_rest:
            await pilot.pause(0.02)
        assert raw.document.line_count == 5002 and "needle 在最后" in raw.text
        assert not ReadingState(notes_root).get("huge.md").read
        await pilot.press("n")
        assert raw.selected_text == "needle"
        await pilot.press("G")
        await pilot.pause(0.6)
        assert ReadingState(notes_root).get("huge.md").read


async def test_the_app_runs_without_a_writable_data_folder(corpus, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    app = KbtuiApp(corpus)
    notifications = []
    async with app.run_test(size=(120, 40), message_hook=notified(notifications)) as pilot:
        await started(app, pilot)
        assert any("not saved" in str(n.message) for n in notifications)
        await open_and_settle(app, pilot)
        assert app.query_one(ArticleViewer).note.id == "seq/ssm.md"
        assert not app.query_one(FeedList).entries[0].unread  # read, for this session


def test_an_unexpected_crash_prints_one_line_not_a_traceback(corpus):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from kbtui.app.app import KbtuiApp\n"
        "class Broken(KbtuiApp):\n"
        "    def on_mount(self):\n"
        "        raise RuntimeError('boom')\n"
        "Broken(Path(sys.argv[1])).run(headless=True)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "kbtui: internal error: RuntimeError: boom (KBTUI_DEBUG=1 shows details)" in output


async def test_template_syntax_shows_as_text_and_html_as_what_it_says(notes_root, write_note):
    shown_as_text = ("{{ site.title }}", "{% include x.html %}", "<T> 与 <Foo0>")
    html = ('<div class="x">raw html</div>', "<script>alert(1)</script>", "前 <b>bold</b> 后")
    body = "\n\n".join([*shown_as_text, *html, "<!-- more -->"]) + "\n"
    write_note("tpl.md", body, title="模板")
    app = KbtuiApp(notes_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot)
        shown = page_text(app)
        for text in shown_as_text:
            assert text in shown
        assert "raw html" in shown and "前 bold 后" in shown
        assert "<" not in shown.replace("<T> 与 <Foo0>", "")  # no HTML tag is drawn
        assert "alert" not in shown  # a script is nothing
        assert "more" not in shown  # an HTML comment is nothing, as in any Markdown reader


@pytest.mark.slow
async def test_another_process_holding_the_index_makes_the_app_say_so(corpus, write_note):
    from kbtui.search.knowledge_base import KnowledgeBase

    KnowledgeBase(corpus).sync()
    holder = KnowledgeBase(corpus)
    writer = holder.store.index.writer(50_000_000, 1)
    try:
        write_note("new.md", "新内容\n", title="新笔记")
        app = KbtuiApp(corpus)
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            assert "another kbtui is updating the index" in str(app.query_one("#status").render())
            assert len(app.query_one(FeedList).entries) == 3  # the index as it was
    finally:
        writer.rollback()
        del writer


async def test_a_fifo_put_where_a_note_was_is_refused_and_the_app_stays_responsive(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        first = app.query_one(FeedList).current.note.id
        (corpus / first).unlink()
        os.mkfifo(corpus / first)  # nobody writes to it: a plain read would wait for ever
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert f"cannot read {first}: not a regular file" in status
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_damaged_document_shows_as_one_row_and_the_index_is_rebuilt(notes_root):
    for number in range(60):
        (notes_root / f"n{number:02d}.md").write_text(f"# 笔记 {number}\n\n正文。\n" * 40)
    app = KbtuiApp(notes_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(app, pilot)
        directory = app.session.knowledge_base.store.directory
        store = max(directory.glob("*.store"), key=lambda path: path.stat().st_size)
        with open(store, "r+b") as handle:  # bytes overwritten under the running app
            size = store.stat().st_size
            handle.seek(size // 4)
            handle.write((bytes(range(256)) * 8)[: size // 4])
        app.session.knowledge_base.store.reload()
        app.feed_pane.show_feed()
        for _ in range(12):  # scroll the whole feed past the damaged documents
            await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running  # it did not quit on the bad document
        titles = [entry.note.title for entry in app.feed.entries]
    assert sorted(titles) == sorted(f"笔记 {number}" for number in range(60))  # rebuilt whole


async def test_any_window_size_down_to_one_cell_keeps_the_app_running(corpus):
    import random

    rng = random.Random(11)
    app = KbtuiApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        states = [["enter"], ["t"], ["o"], ["escape", "escape", "f"]]
        states += [["escape", "question_mark"], ["escape", "slash", "m"]]
        for keys in states:
            for key in keys:
                await pilot.press(key)
                await app.workers.wait_for_complete()
            sizes = [(10, 10), (1, 1), (3, 8), (200, 2)]
            sizes += [(rng.randint(1, 30), rng.randint(1, 12)) for _ in range(2)]
            for width, height in [*sizes, (80, 24)]:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
            assert app.is_running, keys
    assert app.return_code in (None, 0)


async def test_a_note_of_many_pieces_is_read_a_piece_at_a_time(notes_root, write_note):
    from kbtui.app.raw_article import PIECE_LINES, RawArticle

    lines = [f"第 {n} 行 plain" for n in range(2 * PIECE_LINES + 500)]
    lines[PIECE_LINES * 2 + 100] = "needle 在第三段"
    write_note("pieces.md", "\n".join(lines) + "\n", title="很多段")
    app = KbtuiApp(notes_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_the_best_hit(app, pilot, "needle")
        raw = app.query_one(RawArticle)
        header = app.query_one("#article-header", WrappedText)
        assert raw.document.line_count <= PIECE_LINES  # one piece held, not the whole note
        assert f"lines 1-{PIECE_LINES:,} of" in header.text.plain.replace("\n", " ")
        await pilot.press("G")
        await pilot.pause(0.6)
        assert not ReadingState(notes_root).get("pieces.md").read  # a piece's end is not the end
        await pilot.press("n")  # the match is in the third piece: that piece comes
        await pilot.pause()
        assert raw.selected_text == "needle"
        assert f"lines {2 * PIECE_LINES + 1:,}-" in header.text.plain
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert f"lines {PIECE_LINES + 1:,}-{2 * PIECE_LINES:,}" in header.text.plain


async def test_news_that_arrives_as_the_app_closes_is_no_error(corpus):
    # A live-reload sync can end while the app is closing, its status bar already removed:
    # saying so must not raise (it made the quit an internal error, exit status 2).
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await app.query_one("#status").remove()
        app.say("3 added, 0 updated, 0 removed")
        await pilot.pause()
    assert app.return_code in (None, 0)
