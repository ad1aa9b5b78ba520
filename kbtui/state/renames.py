"""Reading state that follows renamed notes: a note's file, its folder or the notes folder
itself renamed between runs keeps its marks, found again by the note's content fingerprint.

A state row whose note is gone (from this root, or whose root folder no longer exists) goes
to the one note now without a state that has its fingerprint, if exactly one has it: moved
within the root, copied from another (whose folder may only be unmounted, so its rows stay).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from kbtui.corpus.files import id_from_key, id_key

_COPY = (
    "INSERT OR IGNORE INTO note_state (root, note_id, read_fingerprint, read_at, position, "
    "bookmarked, last_opened, fingerprint) SELECT ?, ?, read_fingerprint, read_at, position, "
    "bookmarked, last_opened, fingerprint FROM note_state WHERE root = ? AND note_id = ?"
)
_MOVE = "UPDATE note_state SET note_id = ? WHERE root = ? AND note_id = ?"


def follow(
    connection: sqlite3.Connection,
    root: str,
    ids: Collection[str],
    notes: Callable[[], Mapping[str, str]],
) -> int:
    """Carry renamed notes' state over; ``notes`` (id -> fingerprint of every note of
    ``root`` now) is asked for only when some state has lost its note."""
    rows = connection.execute(
        "SELECT root, note_id, coalesce(fingerprint, read_fingerprint) FROM note_state"
    ).fetchall()
    present = {id_key(note_id) for note_id in ids}  # the rows hold ids as stored
    vanished = {other for other, _, _ in rows
                if other != root and not Path(id_from_key(other)).exists()}  # fmt: skip
    orphans: dict[str, list[tuple[str, str]]] = {}
    for row_root, note_id, fingerprint in rows:
        gone = (row_root == root and note_id not in present) or row_root in vanished
        if gone and fingerprint:
            orphans.setdefault(fingerprint, []).append((row_root, note_id))
    if not orphans:
        return 0
    here = {note_id for row_root, note_id, _ in rows if row_root == root}
    stateless: dict[str, list[str]] = {}
    for note_id, fingerprint in notes().items():
        key = id_key(note_id)
        if key not in here and fingerprint in orphans:
            stateless.setdefault(fingerprint, []).append(key)
    moved = 0
    for fingerprint, new_ids in stateless.items():
        if len(new_ids) != 1 or len(orphans[fingerprint]) != 1:
            continue  # the same text in several notes: no telling which is which
        (old_root, old_id), new_id = orphans[fingerprint][0], new_ids[0]
        try:
            if old_root == root:
                connection.execute(_MOVE, (new_id, old_root, old_id))
            else:
                connection.execute(_COPY, (root, new_id, old_root, old_id))
        except sqlite3.OperationalError:
            break  # a read-only or full state: the marks stay where they were
        moved += 1
    return moved
