"""When a one-shot command may answer from the index without walking the notes first.

Kept apart from ``kbtui.search.indexer`` so that a search that needs no sync never loads the
reading of notes (``kbtui.corpus``): that is a tenth of a cold ``kbtui search``.
"""

from __future__ import annotations

import os
import time

from kbtui.search.store import IndexStore

TRUST_FROM_NOTES = 5000  # below this many notes a one-shot command always walks them first
TRUST_SECONDS = 300
RACY_SECONDS = 2  # a folder time this close to a sync cannot be told from it


def needs_sync(store: IndexStore) -> bool:
    """Whether a one-shot command (``kbtui search``, ``kbtui show``) should sync first.

    Walking 100,000 notes costs more than the search itself, so a large knowledge base
    (``TRUST_FROM_NOTES`` notes or more) is trusted as last synced for ``TRUST_SECONDS``,
    unless one of its folders changed: a note added, removed or renamed (editors that save by
    renaming included) shows in its folder's time. An edit written in place shows within
    ``TRUST_SECONDS``, or at once in the app and after ``kbtui index``. A small knowledge base
    is always walked first.
    """
    if store.started_over:  # opening found it damaged or outdated: it is empty now
        return True
    fresh = store.manifest.read_freshness()
    try:
        if fresh is None or fresh["notes"] < TRUST_FROM_NOTES:
            return True
        if not 0 <= time.time() - fresh["synced_at"] < TRUST_SECONDS:
            return True
        folders = fresh["folders"]
        if max(folders.values(), default=0) >= (fresh["synced_at"] - RACY_SECONDS) * 1e9:
            return True  # a folder changed just before that sync: it may have missed it
        root = str(store.notes_root)
        return any(os.stat(f"{root}/{p}").st_mtime_ns != t for p, t in folders.items())
    except (OSError, ValueError, TypeError, AttributeError):
        return True
