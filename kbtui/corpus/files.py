"""Note files on disk: finding them and decoding their text.

A note is a ``.md`` or ``.markdown`` file anywhere under the notes root; hidden files and
folders (a name starting with ``.``) are skipped, and symlinked folders are not followed (so
a symlink loop cannot trap the walk). A note's id is its path relative to the root with
``/`` separators: stable across runs and machines.

On Linux a file name is bytes, and any of them but ``/`` and NUL may be in it: a newline, a
tab, bytes that are not UTF-8. The id keeps them all, as Python reads such a name (each bad
byte a lone surrogate, ``os.fsdecode``), so it names the file exactly and round-trips through
``show``, ``--json`` and the app. What must be valid UTF-8 (tantivy's terms, SQLite) stores
``id_key``, a form no real name can take, and reads it back with ``id_from_key``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG
from typing import NamedTuple

NOTE_SUFFIXES = (".md", ".markdown")
_SURROGATE = re.compile("[\ud800-\udfff]")
_KEY_MARK = "\x00"  # no file name holds a NUL


class NoteFile(NamedTuple):
    """A note file found by the walk: enough to tell whether it changed (a tuple: cheap)."""

    id: str
    location: str  # the file's path; a string, as a Path per file made the walk slow
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)


# NoteFile(...) goes through a Python-level __new__; this is the same tuple at a third of
# the cost, which counts at 100,000 notes per walk.
_note_file = tuple.__new__


def id_key(note_id: str) -> str:
    """The id as stored where text must be valid UTF-8: itself, unless the file name held
    bytes that are not UTF-8; then a NUL and the path's bytes in hex."""
    if _SURROGATE.search(note_id) is None:
        return note_id
    return _KEY_MARK + os.fsencode(note_id).hex()


def id_from_key(key: str) -> str:
    """The id ``id_key`` stored."""
    if key.startswith(_KEY_MARK):
        return os.fsdecode(bytes.fromhex(key[1:]))
    return key


class NoteUnreadable(Exception):
    """The file cannot be taken as a note at all (binary, unreadable, vanished)."""


def walk_notes(
    root: Path,
    folders: dict[str, int] | None = None,
    unreadable: list[tuple[str, str]] | None = None,
) -> Iterator[NoteFile]:
    """Every note file under root, in a stable order: a folder's files, then its folders.

    ``folders``, when given, is filled with each folder's modification time (by its path
    relative to root, ``""`` for root itself). ``unreadable`` gets each folder that could
    not be listed (its relative path, ending in ``/``, and why): its notes are unknown, not
    gone. One ``scandir`` per folder and one ``stat`` per note, with plain strings: every
    ``kbtui index`` pays this walk.
    """
    return _walk_folder(os.fspath(root), "", folders, unreadable)


def notes_at(root: Path, paths: Iterable[str]) -> Iterator[NoteFile]:
    """The note files at these paths (relative to root): a note itself, or every note in a
    folder; a path that is gone, hidden or not a note gives none."""
    top = os.fspath(root)
    for relative in sorted(set(paths)):
        if not relative or any(part.startswith(".") for part in relative.split("/")):
            continue
        path = os.path.join(top, relative)
        try:
            info = os.lstat(path)
            if S_ISLNK(info.st_mode):  # a linked note is read; a linked folder, as in a walk, not
                info = os.stat(path)
                if S_ISDIR(info.st_mode):
                    continue
        except OSError:
            continue
        if S_ISDIR(info.st_mode):
            yield from _walk_folder(path, relative + "/", None, None)
        elif S_ISREG(info.st_mode) and relative.lower().endswith(NOTE_SUFFIXES):
            yield _note_file(NoteFile, (relative, path, info.st_size, info.st_mtime_ns))


def _walk_folder(
    folder: str,
    prefix: str,
    folders: dict[str, int] | None,
    unreadable: list[tuple[str, str]] | None,
) -> Iterator[NoteFile]:
    try:
        if folders is not None:
            folders[prefix] = os.stat(folder).st_mtime_ns
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError:
        return  # removed mid-walk: its notes are gone
    except OSError as error:
        if unreadable is not None:
            unreadable.append((prefix, error.strerror or str(error)))
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder:
            if not entry.is_symlink():  # a symlinked folder could loop
                subfolders.append(entry)
            continue
        if not name.lower().endswith(NOTE_SUFFIXES):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # a dangling symlink or a file removed mid-walk
        if S_ISREG(info.st_mode):
            yield _note_file(NoteFile, (prefix + name, entry.path, info.st_size, info.st_mtime_ns))
    for entry in subfolders:
        yield from _walk_folder(entry.path, f"{prefix}{entry.name}/", folders, unreadable)


MAX_NOTE_BYTES = 256 * 1024 * 1024  # a note is text a person wrote; beyond this, skipped


def read_note_text(path: Path) -> tuple[str, list[str]]:
    """Decode a note file: UTF-8 (BOM allowed), UTF-16 by BOM, bad bytes replaced and reported."""
    raw = read_regular_file(path)
    problems: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        if b"\x00" in raw[:8192]:
            raise NoteUnreadable("binary file, not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = raw.decode("utf-8-sig", errors="replace")
            problems.append(f"invalid UTF-8 at byte {error.start}: replaced with U+FFFD")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def read_regular_file(path: Path) -> bytes:
    """A note's bytes, if it is a regular file: a FIFO, a device or a socket put where a note
    was would block or never end, so it is refused without waiting (opened non-blocking and
    checked before a byte is read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise NoteUnreadable(error.strerror or str(error)) from error
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not S_ISREG(info.st_mode):
            raise NoteUnreadable("not a regular file (a FIFO, device or socket)")
        if info.st_size > MAX_NOTE_BYTES:
            size = info.st_size // (1024 * 1024)
            raise NoteUnreadable(f"too large to be a note ({size} MB; the limit is 256 MB)")
        try:
            return handle.read()
        except OSError as error:
            raise NoteUnreadable(error.strerror or str(error)) from error
