"""Getting back what a damaged reading-state file still holds (see ``kbtui.state.reading``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

TABLES = ("note_state", "recent_search")
BACKUP_EVERY_SECONDS = 24 * 3600


def is_corruption(error: sqlite3.DatabaseError) -> bool:
    message = str(error).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message


def is_read_only(error: sqlite3.DatabaseError) -> bool:
    message = str(error).lower()
    return "readonly" in message or "read-only" in message or "unable to open" in message


def check(connection: sqlite3.Connection) -> str:
    """``ok``, or what SQLite's check of every page found first."""
    rows = connection.execute("PRAGMA quick_check").fetchall()
    return "ok" if rows == [("ok",)] else "; ".join(str(row[0]) for row in rows[:2])


def back_up(connection: sqlite3.Connection, backup: Path, force: bool = False) -> None:
    """A copy of a sound state file, on closing and at least once a day (SQLite's online
    backup: consistent even while another kbtui writes)."""
    try:
        fresh = time.time() - backup.stat().st_mtime < BACKUP_EVERY_SECONDS
    except OSError:
        fresh = False  # no backup yet
    if fresh and not force:
        return
    temporary = backup.with_name(backup.name + ".tmp")
    try:
        with sqlite3.connect(temporary) as copy:
            connection.backup(copy)
        copy.close()
        os.replace(temporary, backup)
    except (OSError, sqlite3.Error):
        temporary.unlink(missing_ok=True)  # no backup this time; the state itself is fine


def carry_over(source: Path, target: sqlite3.Connection) -> int:
    """Copy into ``target`` every row of the state tables that can be read from ``source``,
    keeping rows ``target`` already has; how many were added."""
    before = row_count(target)
    readable = recovered_copy(source)
    try:
        for table in TABLES:
            try:
                rows = readable.execute(f"SELECT * FROM {table}").fetchall()
            except sqlite3.Error:
                rows = rows_one_by_one(readable, table)
            columns = [row[1] for row in readable.execute(f"PRAGMA table_info({table})")]
            wanted = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
            shared = [name for name in columns if name in wanted]
            picks = [columns.index(name) for name in shared]
            marks = ", ".join("?" for _ in shared)
            target.executemany(
                f"INSERT OR IGNORE INTO {table} ({', '.join(shared)}) VALUES ({marks})",
                [tuple(row[at] for at in picks) for row in rows],
            )
    except sqlite3.Error:
        pass  # what was copied stays; the rest is lost, and the notice says how much came
    finally:
        readable.close()
    return row_count(target) - before


def recovered_copy(source: Path) -> sqlite3.Connection:
    """The damaged file's content as SQLite's ``.recover`` rebuilds it (in memory), or the
    file itself opened read-only when the ``sqlite3`` command is not installed."""
    command = shutil.which("sqlite3")
    if command is not None:
        try:
            script = subprocess.run([command, str(source), ".recover"], capture_output=True,
                                    text=True, timeout=60, errors="replace").stdout  # fmt: skip
            memory = sqlite3.connect(":memory:")
            memory.executescript(script)
            if all(_has_table(memory, table) for table in TABLES):
                return memory
            memory.close()
        except (OSError, subprocess.SubprocessError, sqlite3.Error):
            pass
    return sqlite3.connect(f"{source.resolve().as_uri()}?immutable=1", uri=True)


def _has_table(connection: sqlite3.Connection, table: str) -> bool:
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,))
    return found.fetchone() is not None


def rows_one_by_one(connection: sqlite3.Connection, table: str) -> list[tuple]:
    """The rows that can be read around damaged pages, by rowid."""
    rows = []
    try:
        last = connection.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.Error:
        last = 100_000
    for rowid in range(1, last + 1):
        try:
            row = connection.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,))
            rows.extend(row.fetchall())
        except sqlite3.Error:
            continue
    return rows


def row_count(connection: sqlite3.Connection) -> int:
    return sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
               for table in TABLES)  # fmt: skip
