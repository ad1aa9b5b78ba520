"""The app's typed messages: what workers report from their threads (handled on the UI
thread by ``@on`` handlers), and what a pane asks of the app."""

from __future__ import annotations

from textual.message import Message

from kbtui.search.indexer import SyncReport
from kbtui.search.results import SearchResults


class IndexingStarted(Message):
    """The check of the notes against the index began."""


class IndexingProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class IndexingFinished(Message):
    def __init__(self, report: SyncReport) -> None:
        super().__init__()
        self.report = report


class IndexingFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class NotesChanged(Message):
    """Paths under the notes folder changed on disk (relative to its root)."""

    def __init__(self, paths: set[str]) -> None:
        super().__init__()
        self.paths = paths


class SearchAnswered(Message):
    """The hits for what the search bar said when the search began."""

    def __init__(self, text: str, results: SearchResults) -> None:
        super().__init__()
        self.text, self.results = text, results


class SearchFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexDamaged(Message):
    """A note's document could not be read from the index while the feed was drawn."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class Notice(Message):
    """Something the reader should be told: the status line, and a notification if serious."""

    def __init__(self, text: str, severity: str = "") -> None:
        super().__init__()
        self.text, self.severity = text, severity


class MarkedRead(Message):
    """Notes (id, fingerprint) marked read at once, in the state file: now in memory too."""

    def __init__(self, notes: list[tuple[str, str]]) -> None:
        super().__init__()
        self.notes = notes
