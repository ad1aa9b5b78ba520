"""A reader's workflow, driven with the pilot: mark all read, next / previous unread, the
feed's order, what lasts to the next run, and keys from the config file."""

from __future__ import annotations

from kbtui.app.app import KbtuiApp
from kbtui.app.confirm import Confirm
from kbtui.app.feed_list import FeedList
from kbtui.app.help import HelpScreen, keys_text
from kbtui.app.viewer import ArticleViewer
from kbtui.search.feed import FeedFilter
from kbtui.state.reading import ReadingState
from tests.app.test_app import feed_ids, notified, open_and_settle, started, type_search

ALL = ["seq/ssm.md", "dl/long.md", "search/inv.md"]  # newest first


def header(app) -> str:
    return str(app.query_one("#feed-header").render()).splitlines()[1]


def status(app) -> str:
    return str(app.query_one("#status").render())


def read_ids(root) -> set[str]:
    state = ReadingState(root)
    return {note_id for note_id in ALL if state.get(note_id).read}


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_mark_all_read_asks_first_then_marks_every_note_the_feed_shows(corpus):
    notifications = []
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40), message_hook=notified(notifications)) as pilot:
        await started(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Mark 3 notes read?  y/n" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert not isinstance(app.screen, Confirm) and read_ids(corpus) == set()
        await pilot.press("A", "escape")  # Esc is no, too
        await settle(app, pilot)
        assert read_ids(corpus) == set() and header(app).startswith("3 unread")
        await pilot.press("A", "y")
        await settle(app, pilot)
        assert read_ids(corpus) == set(ALL)
        assert header(app).startswith("0 unread")
        assert not any(entry.unread for entry in app.query_one(FeedList).entries)
        assert status(app) == "Marked 3 notes read"
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm) and status(app) == "No unread notes here"


async def test_mark_all_read_marks_what_the_filter_or_the_search_shows(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.set_filter(FeedFilter(tag="SSM"))
        await pilot.pause()
        chosen = set(feed_ids(app))
        assert chosen == {"seq/ssm.md", "dl/long.md"}
        await pilot.press("A")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("Mark 2 notes read?")
        await pilot.press("y")
        await settle(app, pilot)
        assert read_ids(corpus) == chosen
        await pilot.press("F")
        await type_search(app, pilot, "倒排")
        unread_hits = [e.note.id for e in app.query_one(FeedList).entries if e.unread]
        await pilot.press("tab", "A")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").render())
        assert unread_hits == ["search/inv.md"]
        assert question.startswith("Mark 1 hit read?")
        await pilot.press("y")
        await settle(app, pilot)
        assert read_ids(corpus) == chosen | set(unread_hits)


async def test_next_and_previous_unread_open_notes_from_feed_and_article(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        viewer = app.query_one(ArticleViewer)
        await open_and_settle(app, pilot, "J")  # the note under the cursor: unread, not open
        assert viewer.note.id == "seq/ssm.md" and app.query_one(FeedList).cursor == 0
        await open_and_settle(app, pilot, "J")  # from the article, which has the focus now
        assert viewer.note.id == "dl/long.md" and app.focused is not app.query_one(FeedList)
        await open_and_settle(app, pilot, "J")
        assert viewer.note.id == "search/inv.md"
        await open_and_settle(app, pilot, "J")
        assert viewer.note.id == "search/inv.md" and status(app) == "No more unread notes"
        await open_and_settle(
            app, pilot, "K"
        )  # the long note is still unread (not read to its end)
        assert viewer.note.id == "dl/long.md" and app.query_one(FeedList).cursor == 1
        await open_and_settle(app, pilot, "K")
        assert viewer.note.id == "dl/long.md" and status(app) == "No more unread notes"


async def test_the_order_cycles_keeps_the_cursor_and_the_header_says_it(corpus):
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        feed = app.query_one(FeedList)
        await pilot.press("j", "j")
        await open_and_settle(app, pilot)  # search/inv.md, opened last
        assert header(app) == "2 unread · all notes · newest first"
        await pilot.press("s")
        await pilot.pause()
        assert header(app).endswith("· by title")
        assert feed_ids(app) == ["dl/long.md", "search/inv.md", "seq/ssm.md"]  # 一 倒 状
        assert feed.current.note.id == "search/inv.md"  # the cursor stayed on its note
        await pilot.press("s")
        await pilot.pause()
        assert header(app).endswith("· last opened first")
        assert feed_ids(app) == ["search/inv.md", "seq/ssm.md", "dl/long.md"]
        assert feed.current.note.id == "search/inv.md"
        await pilot.press("s")
        await pilot.pause()
        assert header(app).endswith("· newest first") and feed_ids(app) == ALL
        await app.run_action("feed('sort', 'title')")  # as the command palette runs it
        await pilot.pause()
        assert feed_ids(app)[0] == "dl/long.md" and status(app) == "Feed sorted: by title"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Mark all read", "Next unread note", "Sort: by title", "Sort: newest first"):
            assert wanted in titles


async def test_the_order_and_the_theme_last_to_the_next_run(corpus):
    async def run(app, change=None):
        """The feed's header line and first note when the app has started."""
        async with app.run_test(size=(120, 40)) as pilot:
            await started(app, pilot)
            seen = header(app), feed_ids(app)[0]
            if change is not None:
                await change(app, pilot)
                await pilot.pause()
        return seen

    async def sort_and_lighten(app, pilot):
        await pilot.press("s")
        await app.run_action("toggle_theme")  # the palette's light/dark

    assert await run(KbtuiApp(corpus), sort_and_lighten) == (
        "3 unread · all notes · newest first", "seq/ssm.md"
    )  # fmt: skip
    again = KbtuiApp(corpus)
    assert await run(again) == ("3 unread · all notes · by title", "dl/long.md")
    assert again.theme == "textual-light"

    async def nord(app, pilot):
        app.theme = "nord"  # as Textual's own theme picker sets it

    await run(KbtuiApp(corpus, theme="dracula"), nord)  # chosen over the config's dracula
    assert KbtuiApp(corpus, theme="dracula").theme == "nord"
    assert KbtuiApp(corpus, theme="gruvbox").theme == "gruvbox"  # the config was edited since


async def test_a_theme_that_is_none_gives_the_default_and_says_so(corpus, isolated_home):
    settings = isolated_home / "data" / "kbtui" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"theme": "no-such-theme", "theme_over": ""}')
    notifications = []
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40), message_hook=notified(notifications)) as pilot:
        await started(app, pilot)
        assert app.theme == "textual-dark"
        assert any("no theme 'no-such-theme'" in str(n.message) for n in notifications)


async def test_keys_from_the_config_replace_the_defaults(corpus):
    app = KbtuiApp(corpus, keys={"mark_all_read": "ctrl+a", "next_unread": "full_stop"})
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await open_and_settle(app, pilot, "J")
        assert app.query_one(ArticleViewer).note is None  # J is no longer next unread
        await open_and_settle(app, pilot, "full_stop")
        assert app.query_one(ArticleViewer).note.id == "seq/ssm.md"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+a       mark every note the feed shows read" in keys_text(app.screen.keys)


async def test_next_unread_under_unread_only_goes_on_from_the_note_that_left(corpus, write_note):
    write_note("dl/amp.md", "混合精度。\n", title="混合精度", date="2025-04-01")
    app = KbtuiApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        app.set_filter(FeedFilter(unread_only=True))
        await pilot.pause()
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md", "dl/amp.md", "search/inv.md"]
        await pilot.press("j", "j")
        await open_and_settle(app, pilot, "J")  # dl/amp.md: read, and gone from the feed
        assert app.query_one(ArticleViewer).note.id == "dl/amp.md"
        assert feed_ids(app) == ["seq/ssm.md", "dl/long.md", "search/inv.md"]
        await open_and_settle(app, pilot, "J")
        assert app.query_one(ArticleViewer).note.id == "search/inv.md"  # the next, not the top
