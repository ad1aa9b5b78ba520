"""Reading state that lasts: read/unread, scroll position, bookmarks, history, recent searches.

One SQLite database in the per-user data folder, shared by every notes root
(rows are keyed by the root and the note id). Every change is one short
transaction that writes only its own columns, in WAL mode with a busy timeout,
so two kbtui processes never lose each other's writes and a kill -9 at any
moment leaves the last committed state.

A note counts as *updated* when its content fingerprint differs from the one
recorded when it was read.

If the database cannot be used (a corrupt file, a read-only folder, a full
disk) kbtui keeps working: a corrupt file is moved aside with a timestamp and
a fresh one started; otherwise the state lives in memory for the session.
Either way ``notice`` says what happened, in one line.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kbtui import locations

DATABASE_NAME = "state.sqlite3"
RECENT_SEARCHES = 50
OPEN_ATTEMPTS = 20  # about 10 s in all, while another process sets the database up

_SCHEMA = """
CREATE TABLE IF NOT EXISTS note_state (
    root TEXT NOT NULL,
    note_id TEXT NOT NULL,
    read_fingerprint TEXT,          -- NULL: unread
    read_at REAL,
    position REAL NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    last_opened REAL,
    PRIMARY KEY (root, note_id)
);
CREATE TABLE IF NOT EXISTS recent_search (
    root TEXT NOT NULL,
    query TEXT NOT NULL,
    searched_at REAL NOT NULL,
    PRIMARY KEY (root, query)
);
"""


@dataclass(frozen=True)
class NoteState:
    read_fingerprint: str | None = None
    position: float = 0.0
    bookmarked: bool = False
    last_opened: dt.datetime | None = None

    @property
    def read(self) -> bool:
        return self.read_fingerprint is not None

    def updated_since_read(self, fingerprint: str) -> bool:
        return self.read_fingerprint is not None and self.read_fingerprint != fingerprint


UNSEEN = NoteState()


class ReadingState:
    """The reading state of one notes root."""

    def __init__(self, notes_root: Path, path: Path | None = None) -> None:
        self.root = str(notes_root)
        self.path = path or locations.data_dir() / DATABASE_NAME
        self.notice: str | None = None
        self._connection = self._connect()

    # -- connection ------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._open(str(self.path))
        except sqlite3.DatabaseError as error:
            if _is_corruption(error):
                return self._replace_corrupt_file()
            return self._in_memory(f"reading state not saved ({error})")
        except OSError as error:
            return self._in_memory(f"reading state not saved ({error.strerror or error})")

    @staticmethod
    def _open(target: str) -> sqlite3.Connection:
        """Open and set up the database. Switching to WAL and creating the tables can meet
        another kbtui doing the same at the same moment; SQLite then says "locked" at once
        rather than waiting, so wait here a little and try again."""
        attempts = 0
        while True:
            connection = sqlite3.connect(target, timeout=5.0, isolation_level=None)
            try:
                connection.execute("PRAGMA busy_timeout = 5000")
                if target != ":memory:":
                    connection.execute("PRAGMA journal_mode = WAL")
                    connection.execute("PRAGMA synchronous = NORMAL")
                connection.executescript(_SCHEMA)
                connection.execute("SELECT count(*) FROM note_state").fetchone()
                return connection
            except sqlite3.OperationalError as error:
                connection.close()
                attempts += 1
                if "locked" not in str(error) or attempts >= OPEN_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempts)

    def _replace_corrupt_file(self) -> sqlite3.Connection:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            connection = self._open(str(self.path))
        except (OSError, sqlite3.DatabaseError) as error:
            return self._in_memory(f"reading state damaged and not replaceable ({error})")
        self.notice = f"reading state was damaged: kept as {aside.name}, started afresh"
        return connection

    def _in_memory(self, notice: str) -> sqlite3.Connection:
        self.notice = notice
        return self._open(":memory:")

    def _write(self, sql: str, parameters: tuple) -> None:
        """One change, one transaction. If the disk refuses it, say so once and carry on."""
        try:
            self._connection.execute(sql, parameters)
        except sqlite3.OperationalError as error:  # read-only folder, full disk, lock held
            self.notice = f"reading state not saved ({error})"

    def close(self) -> None:
        self._connection.close()

    # -- notes -------------------------------------------------------------------

    def get(self, note_id: str) -> NoteState:
        row = self._connection.execute(
            "SELECT read_fingerprint, position, bookmarked, last_opened FROM note_state "
            "WHERE root = ? AND note_id = ?",
            (self.root, note_id),
        ).fetchone()
        return _note_state(row) if row else UNSEEN

    def all(self) -> dict[str, NoteState]:
        rows = self._connection.execute(
            "SELECT note_id, read_fingerprint, position, bookmarked, last_opened FROM note_state "
            "WHERE root = ?",
            (self.root,),
        )
        return {row[0]: _note_state(row[1:]) for row in rows}

    def mark_read(self, note_id: str, fingerprint: str) -> None:
        self._set(note_id, read_fingerprint=fingerprint, read_at=time.time())

    def mark_unread(self, note_id: str) -> None:
        self._set(note_id, read_fingerprint=None, read_at=None)

    def set_position(self, note_id: str, position: float) -> None:
        self._set(note_id, position=max(0.0, position))

    def set_bookmarked(self, note_id: str, bookmarked: bool) -> None:
        self._set(note_id, bookmarked=int(bookmarked))

    def opened(self, note_id: str) -> None:
        self._set(note_id, last_opened=time.time())

    def _set(self, note_id: str, **columns: object) -> None:
        """Insert or update only the given columns, so concurrent writers touch only their own."""
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{name} = excluded.{name}" for name in columns)
        self._write(
            f"INSERT INTO note_state (root, note_id, {names}) VALUES (?, ?, {marks}) "
            f"ON CONFLICT (root, note_id) DO UPDATE SET {updates}",
            (self.root, note_id, *columns.values()),
        )

    # -- searches ----------------------------------------------------------------

    def add_search(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        self._write(
            "INSERT INTO recent_search (root, query, searched_at) VALUES (?, ?, ?) "
            "ON CONFLICT (root, query) DO UPDATE SET searched_at = excluded.searched_at",
            (self.root, query, time.time()),
        )
        self._write(
            "DELETE FROM recent_search WHERE root = ? AND query NOT IN (SELECT query FROM "
            "recent_search WHERE root = ? ORDER BY searched_at DESC LIMIT ?)",
            (self.root, self.root, RECENT_SEARCHES),
        )

    def recent_searches(self) -> list[str]:
        """Newest first."""
        rows = self._connection.execute(
            "SELECT query FROM recent_search WHERE root = ? ORDER BY searched_at DESC, rowid DESC",
            (self.root,),
        )
        return [row[0] for row in rows]


def _note_state(row: tuple) -> NoteState:
    fingerprint, position, bookmarked, last_opened = row
    opened = dt.datetime.fromtimestamp(last_opened) if last_opened is not None else None
    return NoteState(fingerprint, float(position or 0), bool(bookmarked), opened)


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    message = str(error).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message
