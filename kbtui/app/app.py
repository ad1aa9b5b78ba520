"""The kbtui app: feed pane, article viewer and search bar over one knowledge base.

The app keeps what is on screen; everything else (the index, the reading state, the filter,
the search and its results, the history) is the ``Session``'s, which knows nothing of
Textual. Anything slow runs in a worker thread that posts a typed message
(``kbtui.app.messages``): bringing the index up to date after the first frame, and each
search as you type (a newer keystroke's search replaces the older one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from kbtui.app.base import TerminalApp
from kbtui.app.editing import edit_in_editor
from kbtui.app.feed_list import FeedList
from kbtui.app.feed_pane import FeedPane
from kbtui.app.help import HelpScreen
from kbtui.app.key_bindings import bindings
from kbtui.app.keymap import effective_keys
from kbtui.app.messages import IndexingFailed, IndexingFinished, Notice
from kbtui.app.pickers import Picker
from kbtui.app.session import Session
from kbtui.app.themes import DARK_THEME, LIGHT_THEME
from kbtui.app.viewer import ArticleViewer
from kbtui.corpus.safety import one_line
from kbtui.errors import KbtuiError, NoteNotFoundError
from kbtui.search.documents import IndexedNote
from kbtui.search.feed import FeedFilter
from kbtui.search.synonyms import SynonymTable

NARROW_WIDTH = 80

# The app's own entries in the command palette (ctrl+p), beside Textual's: (title, help, action).
PALETTE = [
    ("Filter the feed", "By category, tag, unread or bookmarked", "filter"),
    ("Clear the filter", "Show all notes", "clear_filter"),
    ("Unread only", "Toggle showing only unread notes", "toggle_filter('unread_only')"),
    ("Bookmarked only", "Toggle showing only bookmarked notes", "toggle_filter('bookmarked_only')"),
    ("Mark all read", "Mark every note the feed shows read (asks first)", "feed('mark_all_read')"),
    ("Next unread note", "Open the next unread note of the feed", "feed('next_unread', 1)"),
    ("Sort: newest first", "Order the feed by date, newest first", "feed('sort', 'date')"),
    ("Sort: by title", "Order the feed by title", "feed('sort', 'title')"),
    ("Sort: last opened first", "The notes you opened last first", "feed('sort', 'opened')"),
    ("Rebuild the index", "Index every note again", "rebuild"),
    ("Toggle light/dark theme", "Switch between the light and dark theme", "toggle_theme"),
    ("Table of contents", "Show or hide the note's contents", "toggle_toc"),
    ("Keys and query syntax", "Open the help screen", "help"),
]


class KbtuiApp(TerminalApp):
    CSS_PATH = Path(__file__).with_name("kbtui.tcss")
    TITLE = "kbtui"

    BINDINGS = bindings("app")  # (kbtui.app.keymap holds every key)

    def __init__(
        self,
        notes_root: Path,
        index_dir: Path | None = None,
        synonyms: SynonymTable | None = None,
        notices: Iterable[str] = (),
        live_reload: bool = False,
        editor: str | None = None,
        keys: Mapping[str, str] | None = None,
        theme: str | None = None,
    ) -> None:
        """``keys`` rebinds actions (``kbtui.app.keymap``); ``theme`` is the config file's."""
        super().__init__()
        self.session = Session(notes_root, index_dir, synonyms, list(notices))
        self.live_reload = live_reload  # off in tests that wait for every worker to end
        self.editor = editor  # the config file's editor: (after $VISUAL and $EDITOR)
        self.checked = asyncio.Event()  # set when the first check of the notes has ended
        self.bound_keys = effective_keys(keys or {})  # every action's keys, for the help
        self.set_keymap(dict(keys or {}))
        self.configured_theme = theme
        self.theme = self.session.settings.theme(theme, self.available_themes) or DARK_THEME

    def key_work_pending(self) -> bool:
        """Work a key set going that the next key must wait for: a note being opened, notes
        being marked read, or a search that Enter is waiting on to open its best hit."""
        busy = any(w.group in ("open", "mark") and not w.is_finished for w in self.workers)
        return busy or self.feed_pane.awaiting_answer

    # -- the widgets -------------------------------------------------------------

    @property
    def feed_pane(self) -> FeedPane:
        return self.query_one(FeedPane)

    @property
    def feed(self) -> FeedList:
        return self.feed_pane.feed

    @property
    def viewer(self) -> ArticleViewer:
        return self.query_one(ArticleViewer)

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield FeedPane(self.session, self.live_reload, id="feed-pane")
            yield ArticleViewer(self.session, id="viewer")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._fit(self.size.width)
        if rebuilt := self.session.index_keeper.take_rebuild_reason():
            self.say(f"Rebuilding the index: {rebuilt}")
        self.feed_pane.show_feed()
        self.feed.focus()
        self.say_notices()
        # After the first frame: the walk of every note holds the GIL for most of a second
        # at 100,000 notes, and the feed is already right for all but the changed notes.
        self.call_after_refresh(self.feed_pane.sync_index)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)  # (self.size is still the old size here)

    def _fit(self, width: int) -> None:
        self.screen.set_class(width <= NARROW_WIDTH, "narrow")

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("narrow")

    def _show_reader(self, reading: bool) -> None:
        self.screen.set_class(reading, "reading")

    # -- telling the reader ------------------------------------------------------

    def say(self, message: str, severity: str = "") -> None:
        """The status bar's line (none once the app closes); a warning or error notifies too."""
        for status in self.query("#status").results(Static):
            status.update(Text(one_line(message)))
        if severity:
            self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    def say_notices(self) -> None:
        """What the session's parts have to tell (a damaged state file, a broken config)."""
        for notice in self.session.take_notices():
            self.say(notice, "warning")

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        self.say(message.text, message.severity)

    @on(IndexingFinished)
    @on(IndexingFailed)
    def _notes_checked(self, message: IndexingFinished | IndexingFailed) -> None:
        self.checked.set()
        if isinstance(message, IndexingFinished):  # the open note, if it changed, drawn anew
            self.viewer.changed_on_disk(message.report.changed_ids)

    # -- the feed --------------------------------------------------------------

    @on(FeedList.Opened)
    def _open_from_feed(self, message: FeedList.Opened) -> None:
        self.open_note(message.note_id)

    # -- reading -----------------------------------------------------------------

    @work(exclusive=True, group="open")
    async def open_note(
        self, note_id: str, remember: bool = True, anchor: str = "", focus: bool = True
    ) -> None:
        """Show a note; ``focus`` takes the reader to it (not when it is shown again because
        it changed on disk)."""
        self.viewer.save_position()
        try:
            opened = self.session.open(note_id, remember, anchor)
        except KbtuiError as error:
            self.say(str(error), "warning" if isinstance(error, NoteNotFoundError) else "error")
            return
        if focus:
            self._show_reader(True)
        await self.viewer.show(opened)
        if focus:
            self.viewer.focus_body()

    def on_unmount(self) -> None:
        self.session.state.close()

    def _target_note(self) -> IndexedNote | None:
        """The note an action means: the open one when the article has focus, else the feed's."""
        viewer, focused = self.viewer, self.focused
        if viewer.note is not None and focused and viewer in focused.ancestors_with_self:
            return viewer.note
        return self.feed.current.note if self.feed.current else viewer.note

    @on(ArticleViewer.ReadingChanged)
    def _reading_changed(self) -> None:
        self.feed_pane.show_feed()
        self.say_notices()

    def action_mark(self, read: bool) -> None:
        if note := self._target_note():
            self.session.set_read(note, read)
            self._reading_changed()
            verb = "Marked read" if read else "Marked unread"
            self.notify(f"{verb}: {one_line(note.title)}", timeout=2, markup=False)

    def action_bookmark(self) -> None:
        if note := self._target_note():
            bookmarked = self.session.toggle_bookmark(note)
            self._reading_changed()
            verb = "Bookmarked" if bookmarked else "Bookmark removed"
            self.notify(f"{verb}: {one_line(note.title)}", timeout=2, markup=False)

    def action_edit(self) -> None:
        """The note in the user's editor; indexed (and shown) again when the editor exits."""
        if note := self._target_note():
            if problem := edit_in_editor(self, self.session.notes_root / note.id, self.editor):
                self.say(problem, "warning")
            self.feed_pane.sync_index(changed={note.id})

    # -- moving around -----------------------------------------------------------

    def action_history(self, step: int) -> None:
        """Back (-1) or forward (1) through the notes opened, as a browser does."""
        note_id = self.session.back() if step < 0 else self.session.forward()
        if note_id is not None:
            self.open_note(note_id, remember=False)

    def action_focus_search(self) -> None:
        self._show_reader(False)
        self.feed_pane.search_bar.focus()

    def action_escape(self) -> None:
        """Out of a search, then out of the article (one pane at a time), then to the feed."""
        reading_alone = self.narrow and self.screen.has_class("reading")
        if self.feed_pane.searching:
            self.feed_pane.clear_search()
        elif not reading_alone and self.focused is not self.feed_pane.search_bar:
            return
        self._show_reader(False)
        self.feed.focus()

    def action_switch_pane(self) -> None:
        focused = self.focused
        if focused is self.feed_pane.search_bar:
            self.feed.focus()
        elif focused is not None and self.viewer in focused.ancestors_with_self:
            self._show_reader(False)
            self.feed.focus()
        elif self.viewer.note is not None:
            self._show_reader(True)
            self.viewer.focus_body()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.bound_keys))

    def action_feed(self, method: str, *arguments: object) -> None:
        """What the feed pane does from anywhere: sort, next unread note, mark all read."""
        getattr(self.feed_pane, method)(*arguments)

    # -- links -------------------------------------------------------------------

    def action_links(self) -> None:
        self.viewer.show_links(*self.session.links())

    @on(ArticleViewer.OpenRequested)
    def _open_requested(self, message: ArticleViewer.OpenRequested) -> None:
        again = message.again  # the open note, changed on disk: the reader stays where they are
        self.open_note(message.note_id, not again, message.anchor, focus=not again)

    # -- filters -----------------------------------------------------------------

    def action_filter(self) -> None:
        title = f"Filter the feed · now: {self.session.feed_filter.describe()}"
        self.push_screen(Picker(title, self.session.filter_choices()), self.set_filter)

    def set_filter(self, feed_filter: FeedFilter | None) -> None:
        if feed_filter is not None:
            self.feed_pane.set_filter(feed_filter)

    def action_clear_filter(self) -> None:
        self.set_filter(FeedFilter())

    # -- command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, partial(self.run_action, action))

    def action_toggle_filter(self, field: str) -> None:
        self.set_filter(self.session.feed_filter.toggled(field))

    def action_rebuild(self) -> None:
        self.feed_pane.sync_index(rebuild=True)

    def action_toggle_toc(self) -> None:
        self.viewer.action_toggle_toc()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def watch_theme(self, theme: str) -> None:  # chosen in the palette: kept for the next run
        self.session.settings.choose_theme(theme, self.configured_theme, DARK_THEME)


def run_app(
    notes_root: Path,
    synonyms: SynonymTable | None = None,
    notices: Iterable[str] = (),
    editor: str | None = None,
    keys: Mapping[str, str] | None = None,
    theme: str | None = None,
) -> bool:
    """Run the app until it quits; True for a clean quit, False after an internal error."""
    app = KbtuiApp(
        notes_root, synonyms=synonyms, notices=notices, live_reload=True, editor=editor,
        keys=keys, theme=theme,
    )  # fmt: skip
    app.run()
    return not app.return_code
