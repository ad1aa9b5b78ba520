"""Keeping the index in step with the notes, for the app (without Textual): a sync in a
worker thread, with tantivy objects and a reading-state connection of its own, the marks of
renamed notes carried over to their new names, and what the status line says afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kbtui.search.indexer import Progress, SyncReport
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.state.reading import ReadingState


class IndexKeeper:
    def __init__(
        self, knowledge_base: KnowledgeBase, state: ReadingState, notices: list[str]
    ) -> None:
        self.knowledge_base = knowledge_base
        self.state = state
        self._notices = notices  # the session's: what the reader is told next
        self.root_unreadable: str | None = None  # why the last sync could not list the root
        self._state_carried_over = False  # a sync gave renamed notes their marks

    @property
    def notes_root(self) -> Path:
        return self.knowledge_base.notes_root

    def take_rebuild_reason(self) -> str | None:
        return self.knowledge_base.store.take_rebuild_reason()

    def sync(
        self,
        rebuild: bool = False,
        progress: Progress | None = None,
        changed: set[str] | None = None,
    ) -> SyncReport:
        """Bring the index up to date (only with the ``changed`` paths a watcher saw, if
        given); called in a worker, with tantivy objects of its own."""
        store = self.knowledge_base.store
        worker = KnowledgeBase(self.notes_root, store.directory, self.knowledge_base.synonyms)
        if changed is not None:
            report = worker.sync_changed(changed)
        else:
            report = worker.sync(rebuild=rebuild, progress=progress)
        root = [reason for folder, reason, _ in report.unreadable if folder == ""]
        self.root_unreadable = root[0] if root else None
        # A renamed note or folder shows as added (and removed). A watcher sees both sides
        # of a rename at once, so a note only added there is new: no need to read the
        # fingerprint of every note (seconds at 100,000) to look for where it came from.
        if report.added and (changed is None or report.removed):
            self._follow_renames(worker)
        return report

    def _follow_renames(self, worker: KnowledgeBase) -> None:
        """In the worker, with a state connection of its own; the app's state is read again
        when the sync ends (``index_changed``)."""
        state = ReadingState(self.notes_root, self.state.path)
        ids = (worker.store.manifest.read_files() or {}).keys()
        fingerprints = lambda: {note.id: note.fingerprint for note in worker.store.all_notes()}  # noqa: E731
        self._state_carried_over = bool(state.follow_renames(ids, fingerprints))
        self._notices.extend(state.take_notices())
        state.close()

    def sync_status(self, report: SyncReport) -> str:
        """The status line once a sync has ended: what changed and what to know, if anything."""
        parts = [report.changes()] if report.changed else []
        parts += report.notices()
        count = self.knowledge_base.store.note_count()
        return " · ".join(parts) or f"{count} note{'s' * (count != 1)}, index up to date"

    def watch_damage(self, told: Callable[[str], None]) -> None:
        """``told`` hears of a note the index cannot read back (see ``IndexStore``)."""
        self.knowledge_base.store.on_damage = told

    def index_changed(self) -> None:
        """Another thread or process committed to the index: see it."""
        self.knowledge_base.store.reload()
        if self._state_carried_over:
            self._state_carried_over = False
            self.state.reload()
