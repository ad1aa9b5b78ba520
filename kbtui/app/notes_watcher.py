"""Live reload: the notes folder watched in a worker thread, each batch of changes posted as
``NotesChanged`` for the feed pane to index (``kbtui.corpus.watch`` says what is watched).

The watcher blocks in the operating system's file events until the app ends; a folder the
system cannot watch (the inotify limit reached, say) turns live reload off with one notice,
and the app goes on as before: notes are brought up to date at each start.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import work
from textual.widget import Widget
from textual.worker import get_current_worker

from kbtui.app.messages import NotesChanged, Notice
from kbtui.corpus.watch import StopWhen, watch_notes
from kbtui.errors import first_line


class NotesWatcher(Widget):
    """Nothing on screen: it owns the watching thread, and stops it when unmounted."""

    def __init__(self, notes_root: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes_root = notes_root
        self._stop = threading.Event()

    def on_mount(self) -> None:
        self._watch()

    @work(thread=True, group="watch")
    def _watch(self) -> None:
        worker = get_current_worker()  # cancelled when the app ends, before its threads are joined
        stop = StopWhen(self._stop.is_set, lambda: worker.is_cancelled)
        try:
            for paths in watch_notes(self.notes_root, stop):
                self.post_message(NotesChanged(paths))
        except (OSError, RuntimeError, ImportError) as error:
            self.post_message(Notice(f"Live reload is off: {first_line(error)}", "warning"))

    def on_unmount(self) -> None:
        self._stop.set()
