"""The small JSON files kept beside tantivy's: what is indexed, and when it was last checked.

``manifest.json``
    The schema version, the notes root, and each indexed note's size and modification time.
``manifest-head.json``
    The manifest's schema, root, number of notes and the tantivy commit (opstamp) it
    describes: all that opening the index needs (100,000 entries are not read to open it).

The index and the manifest commit as one, in two phases. Before each tantivy commit the
manifest it will make true is written as ``manifest-pending.json``, naming the commit it
follows (``base``); after the commit it is renamed to ``manifest.json`` and the head records
the new opstamp. Whatever instant a crash comes at, opening can tell from tantivy's own
``meta.json`` which manifest describes the index (``Manifest.settle``): the commit landed or
it did not, and no note is indexed twice or forgotten.
``problems.json``
    What went wrong reading each indexed note that has a problem (bad UTF-8, broken front
    matter): so ``kbtui index`` can list them while the notes stay unchanged.
``git-dates.json``
    What git said of the notes' dates when the index was last brought up to date
    (``kbtui.search.dating``): read again only when HEAD moves.
``freshness.json``
    When the index was last brought up to date and each folder's time then: what lets a
    one-shot command trust a large knowledge base without walking it (``kbtui.search.indexer``).

Each file is replaced whole (written beside, then renamed), so a reader sees the old one or
the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from kbtui.search.schema import INDEX_FORMAT

MANIFEST_NAME = "manifest.json"
HEAD_NAME = "manifest-head.json"
PENDING_NAME = "manifest-pending.json"
TANTIVY_META = "meta.json"
FRESHNESS_NAME = "freshness.json"
PROBLEMS_NAME = "problems.json"
GIT_DATES_NAME = "git-dates.json"

IndexedFiles = dict[str, tuple[int, int]]  # note id -> (size, mtime_ns)
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, AttributeError)


class Manifest:
    """The side files of one index folder."""

    def __init__(self, directory: Path, notes_root: Path) -> None:
        self.directory = directory
        self.root = str(notes_root)

    def exists(self) -> bool:
        return (self.directory / MANIFEST_NAME).exists()

    def read_head(self) -> dict[str, Any] | None:
        """Schema, root and number of notes; None if missing or unreadable."""
        try:
            data = self._read(HEAD_NAME)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("notes"), int) else None

    def read_files(self) -> IndexedFiles | None:
        """Every indexed note's (size, mtime_ns); None if the manifest is missing or unreadable.

        On disk the notes are three parallel lists (ids, sizes, times): at 100,000 notes that
        reads a third faster than an object of pairs.
        """
        try:
            data = self._read(MANIFEST_NAME)
            ids, sizes, times = data["ids"], data["sizes"], data["mtimes"]
            return dict(zip(ids, zip(sizes, times, strict=True), strict=True))
        except _UNREADABLE:
            return None

    def write(self, files: IndexedFiles) -> None:
        """The manifest of an index just created (tantivy's first opstamp is 0)."""
        self._write(MANIFEST_NAME, self._files_data(files, base=None))
        self._write_head(len(files), committed_opstamp(self.directory))

    def write_pending(self, files: IndexedFiles, base: int) -> None:
        """Phase one, before a commit: what the index will hold once the commit after
        ``base`` lands."""
        self._write(PENDING_NAME, self._files_data(files, base))

    def promote(self, opstamp: int, notes: int) -> None:
        """Phase two, after the commit ``opstamp``: the pending manifest is the manifest."""
        os.replace(self.directory / PENDING_NAME, self.directory / MANIFEST_NAME)
        self._write_head(notes, opstamp)

    def settle(self) -> bool:
        """After a crash, make the manifest the one that describes tantivy's last commit;
        False when none does (the two disagree: the index must be rebuilt). Called with the
        writer's lock held, so no other process is between the two phases."""
        head = self.read_head()
        committed = committed_opstamp(self.directory)
        if head is None or committed is None:
            return False
        if "opstamp" not in head:
            return True  # written before two-phase manifests: the old checks apply
        pending = self.directory / PENDING_NAME
        if head["opstamp"] == committed:
            pending.unlink(missing_ok=True)  # a commit that never came
            return True
        for name in (PENDING_NAME, MANIFEST_NAME):  # the commit landed; a phase was cut short
            try:
                data = self._read(name)
                if data.get("base") != head["opstamp"]:
                    continue
                notes = len(data["ids"])
            except _UNREADABLE:
                continue
            if name == PENDING_NAME:
                os.replace(pending, self.directory / MANIFEST_NAME)
            self._write_head(notes, committed)
            return True
        return False

    def _files_data(self, files: IndexedFiles, base: int | None) -> dict[str, Any]:
        data: dict[str, Any] = {"schema": INDEX_FORMAT, "root": self.root, "base": base}
        data["ids"] = list(files)
        data["sizes"] = [size for size, _ in files.values()]
        data["mtimes"] = [mtime for _, mtime in files.values()]
        return data

    def _write_head(self, notes: int, opstamp: int | None) -> None:
        head = {"schema": INDEX_FORMAT, "root": self.root, "notes": notes, "opstamp": opstamp}
        self._write(HEAD_NAME, head)

    def stamp(self) -> tuple[int, int] | None:
        """The manifest's time and size: changes when another process writes it."""
        try:
            info = (self.directory / MANIFEST_NAME).stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def read_freshness(self) -> dict[str, Any] | None:
        """When the last sync ended, how many notes it saw, and each folder's time then."""
        try:
            data = self._read(FRESHNESS_NAME)
            if data["root"] != self.root:
                return None
            return {key: data[key] for key in ("synced_at", "notes", "folders")}
        except _UNREADABLE:
            return None

    def write_freshness(self, notes: int, folders: dict[str, int]) -> None:
        data = {"root": self.root, "synced_at": time.time(), "notes": notes, "folders": folders}
        with contextlib.suppress(OSError):  # without it the next command syncs: slower, not wrong
            self._write(FRESHNESS_NAME, data)

    def read_problems(self) -> dict[str, list[str]]:
        """Each indexed note's problems, by id (empty when none were recorded)."""
        try:
            data = self._read(PROBLEMS_NAME)
            if data["schema"] != INDEX_FORMAT or data["root"] != self.root:
                return {}
            problems = data["problems"]
            return {str(k): [str(p) for p in v] for k, v in problems.items()}
        except _UNREADABLE:
            return {}

    def write_problems(self, problems: dict[str, list[str]]) -> None:
        data = {"schema": INDEX_FORMAT, "root": self.root, "problems": problems}
        with contextlib.suppress(OSError):  # a hint lost, nothing else
            self._write(PROBLEMS_NAME, data)

    def read_git_dates(self) -> Any:
        """What ``write_git_dates`` kept for this root, or None."""
        try:
            data = self._read(GIT_DATES_NAME)
            return data["dates"] if data["root"] == self.root else None
        except _UNREADABLE:
            return None

    def write_git_dates(self, dates: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # without it git is read, and notes dated, again
            self._write(GIT_DATES_NAME, {"root": self.root, "dates": dates})

    def _read(self, name: str) -> Any:
        # surrogateescape, both ways: an id or folder with bytes that are not UTF-8 is
        # written as those bytes and read back as the same string (``corpus.files``).
        path = self.directory / name
        return json.loads(path.read_text(encoding="utf-8", errors="surrogateescape"))

    def _write(self, name: str, data: dict[str, Any]) -> None:
        temporary = self.directory / (name + ".tmp")
        text = json.dumps(data, ensure_ascii=False)
        temporary.write_text(text, encoding="utf-8", errors="surrogateescape")
        os.replace(temporary, self.directory / name)


def committed_opstamp(directory: Path) -> int | None:
    """The opstamp of tantivy's last commit, from its ``meta.json`` (None if unreadable)."""
    try:
        opstamp = json.loads((directory / TANTIVY_META).read_text(encoding="utf-8"))["opstamp"]
    except _UNREADABLE:
        return None
    return opstamp if isinstance(opstamp, int) else None
