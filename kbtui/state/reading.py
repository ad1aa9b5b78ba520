"""Reading state that lasts: read/unread, scroll position, bookmarks, history, recent searches.

One SQLite database in the per-user data folder, shared by every notes root
(rows are keyed by the root and the note id). Every change is one short
transaction that writes only its own columns, in WAL mode with a busy timeout,
so two kbtui processes never lose each other's writes and a kill -9 at any
moment leaves the last committed state.

A note counts as *updated* when its content fingerprint differs from the one
recorded when it was read.

Reading state is never lost silently:

- Opening checks the whole file (``PRAGMA quick_check``: milliseconds for a state file). A
  damaged one is moved aside with a timestamp, and every row that can still be read is
  carried into a fresh file: through SQLite's own ``.recover`` (the ``sqlite3`` command) when
  it is installed, else row by row; rows the damage took are filled from the backup.
- A backup (``state.sqlite3.backup``) is taken with SQLite's online backup when the last one
  is over a day old; an emptied (0-byte) state file is restored from it.
- A state file kbtui may not write (a read-only folder or file) is opened read-only: the marks
  show, and changes are said not to be saved. Otherwise (a full disk, no data folder at all)
  the state lives in memory for the session.

Each of these is said by ``take_notices``, one line each.

The notes' rows of this root are read once and then kept in step with every write made
through this object (even a write the disk refused: the session goes on as the reader
expects), so the feed asks them of memory. Another process's writes show in a new object.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from kbtui import locations
from kbtui.corpus.files import id_from_key, id_key
from kbtui.state import recovery, renames

DATABASE_NAME = "state.sqlite3"
BACKUP_SUFFIX = ".backup"
RECENT_SEARCHES = 50
OPEN_ATTEMPTS = 20  # about 10 s in all, while another process sets the database up
BUSY_SECONDS = 5.0  # how long a write waits while another kbtui writes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS note_state (
    root TEXT NOT NULL,
    note_id TEXT NOT NULL,
    read_fingerprint TEXT,          -- NULL: unread
    read_at REAL,
    position REAL NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    last_opened REAL,
    fingerprint TEXT,               -- the note's content when last marked or opened
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

    def is_unread(self, fingerprint: str) -> bool:
        """Never read, or changed (now ``fingerprint``) since it was read."""
        return self.read_fingerprint is None or self.read_fingerprint != fingerprint


UNSEEN = NoteState()


class ReadingState:
    """The reading state of one notes root."""

    def __init__(self, notes_root: Path, path: Path | None = None) -> None:
        self.root = id_key(str(notes_root))  # as stored, like the ids
        self.path = path or locations.data_dir() / DATABASE_NAME
        self._notices: list[str] = []
        self._said: set[str] = set()  # each notice is given once a session
        self._writable = False  # set once the file on disk is open for writing
        self._connection = self._connect()
        self._states: dict[str, NoteState] | None = None  # read on first use

    # -- connection ------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size == 0:
                return self._replace_damaged_file("was emptied (0 bytes)")
            connection = self._open(str(self.path))
            if (verdict := recovery.check(connection)) != "ok":
                connection.close()
                return self._replace_damaged_file(f"was damaged ({verdict})")
        except sqlite3.DatabaseError as error:
            if recovery.is_corruption(error):
                return self._replace_damaged_file(f"was damaged ({error})")
            if recovery.is_read_only(error):
                return self._read_only(error)
            return self._in_memory(f"reading state not saved ({error})")
        except OSError as error:
            return self._in_memory(f"reading state not saved ({error.strerror or error})")
        self._writable = True
        recovery.back_up(connection, self.backup_path)
        return connection

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def _read_only(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        """The state file as it is, without writing to it (immutable: no lock or WAL files)."""
        try:
            uri = f"{self.path.resolve().as_uri()}?immutable=1"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
            connection.execute("SELECT count(*) FROM note_state").fetchone()
        except sqlite3.Error:
            return self._in_memory(f"reading state not saved ({error})")
        self._say(f"reading state is read-only ({error}): marks shown, changes not saved")
        return connection

    @staticmethod
    def _open(target: str) -> sqlite3.Connection:
        """Open and set up the database. Switching to WAL and creating the tables can meet
        another kbtui doing the same at the same moment; SQLite then says "locked" at once
        rather than waiting, so wait here a little and try again."""
        attempts = 0
        while True:
            connection = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None)
            try:
                connection.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
                if target != ":memory:":
                    connection.execute("PRAGMA journal_mode = WAL")
                    connection.execute("PRAGMA synchronous = NORMAL")
                connection.executescript(_SCHEMA)
                _add_fingerprint_column(connection)
                connection.execute("SELECT count(*) FROM note_state").fetchone()
                return connection
            except sqlite3.OperationalError as error:
                connection.close()
                attempts += 1
                if "locked" not in str(error) or attempts >= OPEN_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempts)

    def _replace_damaged_file(self, what: str) -> sqlite3.Connection:
        """Move the file aside, start a fresh one, and carry over every row that can be
        read: from the damaged file, then (for rows it lost) from the backup."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            connection = self._open(str(self.path))
        except (OSError, sqlite3.DatabaseError) as error:
            return self._in_memory(f"reading state damaged and not replaceable ({error})")
        self._writable = True
        recovered = recovery.carry_over(aside, connection) if aside.stat().st_size else 0
        backup = self.backup_path
        restored = recovery.carry_over(backup, connection) if backup.exists() else 0
        kept = f"kept as {aside.name}"
        if recovered or restored:
            parts = [f"{recovered} rows recovered"] if recovered else []
            parts += [f"{restored} restored from the backup"] if restored else []
            self._say(f"reading state {what}: {kept}; {', '.join(parts)}")
        else:
            self._say(f"reading state {what}: {kept}; nothing could be recovered, started afresh")
        return connection

    def _in_memory(self, notice: str) -> sqlite3.Connection:
        self._say(notice)
        return self._open(":memory:")

    def _say(self, notice: str) -> None:
        if notice not in self._said:
            self._said.add(notice)
            self._notices.append(notice)

    def take_notices(self) -> list[str]:
        """What went wrong with the state since last asked, oldest first; a notice already
        given this session is not given again (a full disk refuses every write)."""
        notices, self._notices = self._notices, []
        return notices

    def _write(self, sql: str, parameters: tuple) -> None:
        """One change, one transaction. If the disk refuses it, say so and carry on."""
        try:
            self._connection.execute(sql, parameters)
        except sqlite3.OperationalError as error:  # read-only folder, full disk, lock held
            self._say(f"reading state not saved ({error})")

    def close(self, back_up: bool = True) -> None:
        """Done with the state: a fresh backup of a sound file is taken on the way out
        (unless this was a worker's connection, used for one change)."""
        if self._writable and back_up:
            recovery.back_up(self._connection, self.backup_path, force=True)
        self._connection.close()

    # -- notes -------------------------------------------------------------------

    def get(self, note_id: str) -> NoteState:
        return self.all().get(note_id, UNSEEN)

    def all(self) -> Mapping[str, NoteState]:
        """Every note of this root with a state, by id (read-only: change it with the methods)."""
        return MappingProxyType(self._rows())

    def reload(self) -> None:
        """Read the rows again on next use, to see what another kbtui wrote meanwhile."""
        self._states = None

    def _rows(self) -> dict[str, NoteState]:
        if self._states is None:
            query = (
                "SELECT note_id, read_fingerprint, position, bookmarked, last_opened "
                "FROM note_state WHERE root = ?"
            )
            try:
                rows = self._connection.execute(query, (self.root,)).fetchall()
            except sqlite3.DatabaseError as error:  # damage the check at opening missed
                if not recovery.is_corruption(error):
                    raise
                self._connection.close()
                self._connection = self._replace_damaged_file(f"was damaged ({error})")
                rows = self._connection.execute(query, (self.root,)).fetchall()
            self._states = {id_from_key(row[0]): _note_state(row[1:]) for row in rows}
        return self._states

    # Each change may name the note's content fingerprint: it is what finds the note's
    # state again when its file or folder is renamed (``follow_renames``).

    def mark_read(self, note_id: str, fingerprint: str) -> None:
        self._set(note_id, read_fingerprint=fingerprint, read_at=time.time(),
                  fingerprint=fingerprint)  # fmt: skip

    def mark_unread(self, note_id: str, fingerprint: str | None = None) -> None:
        self._set(note_id, read_fingerprint=None, read_at=None, **_known(fingerprint))

    def set_position(self, note_id: str, position: float) -> None:
        self._set(note_id, position=max(0.0, position))

    def set_bookmarked(self, note_id: str, bookmarked: bool, fingerprint: str | None = None):
        self._set(note_id, bookmarked=int(bookmarked), **_known(fingerprint))

    def opened(self, note_id: str, fingerprint: str | None = None) -> None:
        self._set(note_id, last_opened=time.time(), **_known(fingerprint))

    def mark_all_read(self, notes: Collection[tuple[str, str]]) -> None:
        """Mark many notes (id, fingerprint) read in one transaction: 100,000 in under a
        second, where one transaction each would take minutes."""
        read_at = time.time()
        rows = [(self.root, id_key(note_id), fingerprint, read_at, fingerprint)
                for note_id, fingerprint in notes]  # fmt: skip
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(_upsert(("read_fingerprint", "read_at", "fingerprint")), rows)
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:  # read-only folder, full disk, lock held
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            self._say(f"reading state not saved ({error})")
        self.remember_read(notes)

    def remember_read(self, notes: Collection[tuple[str, str]]) -> None:
        """Notes marked read by another connection (``mark_all_read`` in a worker), now read
        here too, without reading the whole file again."""
        if self._states is None:
            return  # not read yet: they will be, from the file
        rows = self._states
        for note_id, fingerprint in notes:
            row = rows.get(note_id)  # (a new row made directly: replace() is 3 times slower)
            rows[note_id] = NoteState(fingerprint) if row is None else replace(
                row, read_fingerprint=fingerprint)  # fmt: skip

    def follow_renames(self, ids: Collection[str], notes: Callable[[], Mapping[str, str]]) -> int:
        """Give renamed notes the state they had (``kbtui.state.renames``): ``ids`` are this
        root's notes now, ``notes`` gives each one's fingerprint (asked only when some state
        lost its note). Returns how many notes got their state back."""
        moved = renames.follow(self._connection, self.root, ids, notes)
        if moved:
            self.reload()
            self._say(f"reading state of {moved} renamed note{'s' * (moved != 1)} carried over")
        return moved

    def _set(self, note_id: str, **columns: object) -> None:
        """Insert or update only the given columns, so concurrent writers touch only their own."""
        self._remember(note_id, columns)
        self._write(_upsert(tuple(columns)), (self.root, id_key(note_id), *columns.values()))

    def _remember(self, note_id: str, columns: dict[str, object]) -> None:
        """Keep the rows read from the database in step with a write to them."""
        rows = self._rows()
        changes = {name: read(columns[name]) for name, read in _COLUMNS.items() if name in columns}
        rows[note_id] = replace(rows.get(note_id, UNSEEN), **changes)

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


def _upsert(columns: tuple[str, ...]) -> str:
    """The statement that sets these columns of a note's row (root, id, then their values),
    making the row if there is none."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns)
    return (
        f"INSERT INTO note_state (root, note_id, {names}) VALUES (?, ?, {marks}) "
        f"ON CONFLICT (root, note_id) DO UPDATE SET {updates}"
    )


def _known(fingerprint: str | None) -> dict[str, str]:
    return {"fingerprint": fingerprint} if fingerprint else {}


def _add_fingerprint_column(connection: sqlite3.Connection) -> None:
    """State files from before renamed notes were followed lack the column."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(note_state)")}
    if "fingerprint" not in columns:
        try:
            connection.execute("ALTER TABLE note_state ADD COLUMN fingerprint TEXT")
        except sqlite3.OperationalError as error:
            if "duplicate column" not in str(error):
                raise


def _opened_at(seconds: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(seconds) if seconds is not None else None


def _note_state(row: tuple) -> NoteState:
    fingerprint, position, bookmarked, last_opened = row
    return NoteState(fingerprint, float(position or 0), bool(bookmarked), _opened_at(last_opened))


# Each column a write may set -> how the NoteState field reads it.
_COLUMNS = {
    "read_fingerprint": lambda value: value,
    "position": lambda value: float(value or 0),
    "bookmarked": bool,
    "last_opened": _opened_at,
}
