"""The notes' dates from git, kept beside the index: which notes a sync must date again.

What git said (``kbtui.corpus.git_dates``) is kept as it was when the index was last brought
up to date. While HEAD stays, it is used again and no history is read. A note whose dates
differ from it (a pull, a commit, an edit not yet committed, a reset) is read again even if
its file did not change. It is written only after the index has committed those dates, so a
sync cut short dates the same notes again next time, and none is left with an old date.
"""

from __future__ import annotations

from kbtui.corpus.git_dates import GitDates, NoteHistory, read_git_dates, redated
from kbtui.search.store import IndexStore


class NoteDating:
    """git's reading of the notes for one sync, and the notes whose dates it changed."""

    def __init__(self, store: IndexStore, rebuild: bool = False) -> None:
        self._manifest = store.manifest
        # A rebuild reads git afresh too: `kbtui index --rebuild` is the way to retry it.
        self._before = None if rebuild else GitDates.from_data(store.manifest.read_git_dates())
        self.now = read_git_dates(store.notes_root, self._before)
        self.redated = redated(self._before, self.now)

    def history(self, note_id: str) -> NoteHistory | None:
        return self.now.of(note_id)

    def save(self) -> None:
        """Keep this reading, once the index holds the dates it gave."""
        if self.now != self._before:
            self._manifest.write_git_dates(self.now.as_data())
