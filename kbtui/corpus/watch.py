"""Changes to the notes folder as they happen, from the operating system's file events
(inotify, FSEvents, ReadDirectoryChangesW, through watchfiles): nothing is polled.

Each batch is the set of paths that changed, relative to the notes root, with hidden files
and folders left out (``.git``, ``.obsidian``, an editor's ``.note.md.swp``). A path may
be a note, a folder (created, renamed or deleted with its notes) or any other file; the
indexer works out which notes that touches (``indexer.sync_changed``). Events that arrive
within ``GATHER_MS`` of each other come as one batch: an editor's save is several events,
and a ``git checkout`` hundreds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

GATHER_MS = 50  # a batch ends once the folder has been quiet this long
LONGEST_BATCH_MS = 400  # and is handed on after this long at most, however busy the folder


class Stop(Protocol):
    def is_set(self) -> bool: ...


class StopWhen:
    """Stop watching once any of the conditions holds (an event set, a worker cancelled)."""

    def __init__(self, *conditions: Callable[[], bool]) -> None:
        self.conditions = conditions

    def is_set(self) -> bool:
        return any(condition() for condition in self.conditions)


def watch_notes(root: Path, stop: Stop) -> Iterator[set[str]]:
    """Batches of changed paths under ``root`` until ``stop`` is set (asked every
    ``GATHER_MS``). Raises OSError when the system cannot watch the folder (too many folders
    for the inotify limit, a folder that vanished)."""
    import watchfiles  # only the app watches: a one-shot command never loads it

    top = os.path.realpath(root)
    for changes in watchfiles.watch(
        top,
        watch_filter=lambda _, path: _is_shown(top, path),
        debounce=LONGEST_BATCH_MS,
        step=GATHER_MS,
        stop_event=stop,
        raise_interrupt=False,
        ignore_permission_denied=True,
    ):
        paths = {relative for _, path in changes if (relative := _relative(top, path))}
        if paths:
            yield paths


def _relative(top: str, path: str) -> str:
    relative = os.path.relpath(path, top)
    if relative == "." or relative.startswith(".."):
        return ""
    return relative.replace(os.sep, "/")


def _is_shown(top: str, path: str) -> bool:
    """Not hidden, and inside the notes folder: what a walk of the notes would see."""
    relative = _relative(top, path)
    return bool(relative) and not any(part.startswith(".") for part in relative.split("/"))
