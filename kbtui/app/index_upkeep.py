"""Keeping the index in step with the notes, for the feed: nothing on screen.

One sync at a time runs in a worker thread and posts typed messages (started, progress,
finished or failed), which reach this widget first and then the feed pane, which redraws:
the check of every note after the first frame, a rebuild (asked for, or after damage seen
while drawing the feed), and, with live reload, the paths the ``NotesWatcher`` saw change.
Changes seen while a sync runs wait for it, and are indexed next.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widget import Widget

from kbtui.app.messages import (
    IndexDamaged,
    IndexingFailed,
    IndexingFinished,
    IndexingProgress,
    IndexingStarted,
    NotesChanged,
    Notice,
)
from kbtui.app.notes_watcher import NotesWatcher
from kbtui.app.session import Session
from kbtui.corpus.safety import one_line
from kbtui.errors import KbtuiError


class IndexUpkeep(Widget):
    def __init__(self, session: Session, live_reload: bool = False) -> None:
        super().__init__()
        self.session = session
        self.live_reload = live_reload
        self.indexing = False  # a sync is under way
        self._repairing = False  # a rebuild for damage seen in the feed is under way
        self._changes_waiting: set[str] = set()  # seen by the watcher during a sync

    def compose(self) -> ComposeResult:
        if self.live_reload:
            yield NotesWatcher(self.session.notes_root)

    def on_mount(self) -> None:
        keeper = self.session.index_keeper
        keeper.watch_damage(lambda reason: self.post_message(IndexDamaged(reason)))

    def sync(self, rebuild: bool = False, changed: set[str] | None = None) -> None:
        """Bring the index up to date in the background (only with the ``changed`` paths,
        when a watcher names them); the feed refreshes when it ends. One sync at a time:
        changes seen meanwhile wait for it, and are indexed next."""
        if changed is not None and self.indexing:
            self._changes_waiting |= changed
            return
        self.indexing = True
        self._sync_worker(rebuild, changed)

    @on(NotesChanged)
    def _notes_changed(self, message: NotesChanged) -> None:
        self.sync(changed=message.paths)

    def _sync_waiting_changes(self) -> None:
        if self._changes_waiting:
            changed, self._changes_waiting = self._changes_waiting, set()
            self.sync(changed=changed)

    @work(thread=True, group="index")
    def _sync_worker(self, rebuild: bool, changed: set[str] | None) -> None:
        self.post_message(IndexingStarted())
        try:
            report = self.session.index_keeper.sync(
                rebuild, progress=self._post_progress, changed=changed
            )
        except (KbtuiError, OSError, ValueError) as error:
            self.post_message(IndexingFailed(str(error)))
            return
        self.post_message(IndexingFinished(report))

    def _post_progress(self, done: int, total: int) -> None:
        self.post_message(IndexingProgress(done, total))

    @on(IndexingStarted)
    def _indexing_started(self) -> None:
        self.indexing = True
        self.post_message(Notice("Checking notes for changes…"))

    @on(IndexingProgress)
    def _indexing_progress(self, message: IndexingProgress) -> None:
        self.post_message(Notice(f"Indexing {message.done}/{message.total} notes…"))

    @on(IndexDamaged)
    def _index_damaged(self, message: IndexDamaged) -> None:
        """A feed row the index could not read: the rest shows, and the index is rebuilt
        (once: rows drawn meanwhile say the same)."""
        if self._repairing:
            return
        self._repairing = True
        self.post_message(Notice(f"Index damaged ({one_line(message.reason)[:80]}): rebuilding"))
        self.sync(rebuild=True)

    @on(IndexingFailed)
    def _indexing_failed(self, message: IndexingFailed) -> None:
        self.indexing = False
        self.post_message(Notice(f"Indexing failed: {message.error}", "error"))
        self._sync_waiting_changes()

    @on(IndexingFinished)
    def _indexing_finished(self, message: IndexingFinished) -> None:
        self.indexing = False
        self._repairing = False
        self.session.index_keeper.index_changed()
        self.post_message(Notice(self.session.index_keeper.sync_status(message.report)))
        self._sync_waiting_changes()
