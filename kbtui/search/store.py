"""The tantivy index of one notes folder, on disk: opened, started over when damaged, and read.

The index is a cache kept in the per-user cache folder, never in the notes folder. Opening
checks it against its manifest (``kbtui.search.manifest``): a missing, unreadable or
mismatched manifest, an index tantivy cannot open, or a count of documents that disagrees with
the manifest's (index files lost or replaced) starts the index over, empty, and the reason is
kept for the next sync to report. Only one process at a time decides to create or wipe the
folder (a lock file beside it).

A cache folder kbtui cannot write (a read-only file system, a folder without write
permission) holding a usable index is searched as it is: tantivy cannot open an index without
writing its lock file, so a copy in a temporary folder is opened, and ``read_only`` says why
nothing is updated.

Reading never loads more than it shows: the feed is one sorted search, and each note's stored
document is read when its row is drawn (``NoteList``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import tantivy

try:
    import fcntl  # POSIX; elsewhere creation is not serialised between processes
except ImportError:  # pragma: no cover
    fcntl = None

from kbtui import locations
from kbtui.corpus.files import id_key
from kbtui.errors import first_line
from kbtui.search.analysis import register_analyzers
from kbtui.search.documents import IndexedNote, indexed_note
from kbtui.search.manifest import Manifest, committed_opstamp
from kbtui.search.note_list import NoteList
from kbtui.search.read_only import open_copy
from kbtui.search.schema import DATE, ID, INDEX_FORMAT, build_schema

BUILDING_MARK = "building"  # present while an empty index is being filled (indexer.sync)
WRITER_HEAP_BYTES = 128_000_000  # shared by the writer's threads
DISK_FULL_BYTES = 4 * 1024 * 1024  # less free after a failed write: the disk was full
LOCK_WAIT_SECONDS = 2.0
_DAMAGE_MARKERS = (
    "corrupt", "FileDoesNotExist", "Footer", "IoError", "IO error", "Failed to open", "deserial"
)  # fmt: skip


class IndexStore:
    """The index of one notes root: opened on first use, read by id, listed newest first."""

    def __init__(self, notes_root: Path, directory: Path | None = None) -> None:
        self.notes_root = notes_root
        self.directory = directory or locations.index_dir(notes_root)
        self.schema = build_schema()
        self.manifest = Manifest(self.directory, notes_root)
        self._index: tantivy.Index | None = None
        self._rebuild_reason: str | None = None
        self._copy: tempfile.TemporaryDirectory[str] | None = None  # of a read-only index
        self.read_only: str | None = None  # why the index cannot be updated, if it cannot
        self._folder_handle: int | None = None  # the index folder, locked while writing
        # Told when a listed note's document cannot be read (the app rebuilds the index).
        self.on_damage: Callable[[str], None] | None = None

    def writable(self) -> bool:
        """Whether the index folder (or, before it exists, its parent) can be written."""
        folder = self.directory if self.directory.exists() else self.directory.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return os.access(folder, os.W_OK)

    # -- opening -----------------------------------------------------------------

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            if not self.writable():
                self._index = self._open_copy()
            else:
                with self._folder_lock():
                    self._index = self._open_locked()
        return self._index

    def _open_copy(self) -> tantivy.Index:
        self._copy, index = open_copy(self.directory, self.schema, self.manifest, self.notes_root)
        self.read_only = "cannot write the index folder: searching it as it was, not updating it"
        return index

    @contextlib.contextmanager
    def _folder_lock(self) -> Iterator[None]:
        """Only one process at a time decides to create (or wipe) the index folder."""
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        with open(self.directory.with_name(self.directory.name + ".lock"), "a") as handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _open_locked(self) -> tantivy.Index:
        self.directory.mkdir(parents=True, exist_ok=True)
        head = self.manifest.read_head()
        reason = None
        if head is None or not self.manifest.exists():
            reason = "no index yet" if not any(self.directory.iterdir()) else "manifest missing"
        elif head.get("schema") != INDEX_FORMAT:
            reason = "index format changed"
        elif head.get("root") != str(self.notes_root):
            reason = "index belongs to another notes folder"
        if reason is None:
            try:
                index = tantivy.Index(self.schema, path=str(self.directory), reuse=True)
                register_analyzers(index)
                described = head.get("opstamp") == committed_opstamp(self.directory)
                if described and index.searcher().num_docs == head["notes"]:
                    return index
                settled = self._settle(index)
                if settled is None:
                    return index  # another kbtui is between a commit and its manifest now
                head = self.manifest.read_head() if settled else None
                if head is not None and index.searcher().num_docs == head["notes"]:
                    return index
                reason = "index and manifest disagree (index files lost or replaced)"
            except ValueError as error:
                reason = f"index damaged ({first_line(error)})"
        return self._create_empty(reason)

    def _settle(self, index: tantivy.Index) -> bool | None:
        """The manifest made to describe the last commit after a crash (see ``Manifest``),
        under the writer's lock; None while another process holds it."""
        writer = self._try_writer(index, WRITER_HEAP_BYTES // 8, 1)
        if writer is None:
            return None
        try:
            return self.manifest.settle()
        finally:
            del writer  # released at once: nothing else refers to it
            self.release_writer()

    def _create_empty(self, reason: str) -> tantivy.Index:
        if reason != "no index yet":
            self._rebuild_reason = reason
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.directory), reuse=False)
        register_analyzers(index)
        self.manifest.write({})
        return index

    def start_over(self) -> None:
        """Wipe the index (found damaged while in use) and open it empty, for a sync to refill."""
        with self._folder_lock():
            self._index = self._create_empty("damaged while in use")
        self._rebuild_reason = None

    def take_rebuild_reason(self) -> str | None:
        """Why opening the index had to start it over (said once), or None."""
        _ = self.index
        reason, self._rebuild_reason = self._rebuild_reason, None
        return reason

    @property
    def started_over(self) -> bool:
        """Whether opening started the index over and no sync has reported it yet."""
        _ = self.index
        return self._rebuild_reason is not None

    def reload(self) -> None:
        """See what another process (or a worker thread) committed."""
        self.index.reload()

    def take_writer(self, threads: int = 1) -> tantivy.IndexWriter | None:
        """The index's writer, waiting briefly while another process holds it; None if it stays
        held. Give it back with ``release_writer``.

        Besides tantivy's lock file, which a user or a cleaner can delete while it is held
        (two rebuilds then ran at once, and one failed), the writer holds a lock on the index
        folder itself, which no one can delete while the folder is there."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        threads = min(threads, os.cpu_count() or 1)
        while (writer := self._try_writer(self.index, WRITER_HEAP_BYTES, threads)) is None:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)
        # A writer killed mid-commit leaves files no commit refers to, among them a delete
        # file named as the next commit's will be, which would then fail every commit
        # (FileAlreadyExists); tantivy removes what it does not use.
        writer.garbage_collect_files()
        return writer

    def _try_writer(
        self, index: tantivy.Index, heap: int, threads: int
    ) -> tantivy.IndexWriter | None:
        """The folder's lock and tantivy's writer, both or neither; None while another
        process holds either."""
        if not self._lock_folder():
            return None
        try:
            return index.writer(heap, threads)
        except ValueError as error:
            self.release_writer()
            if "LockBusy" in str(error):
                return None
            raise

    def remove_unused_files(self) -> None:
        """After a failed write: the files no commit refers to go (a fresh writer's garbage
        collection in ``take_writer``), so a full disk is not kept full by a dead batch."""
        with contextlib.suppress(ValueError, OSError):
            writer = self.take_writer()
            if writer is not None:
                _remove_unreferenced(self.directory)  # what tantivy's own sweep leaves
                del writer
            self.release_writer()

    def disk_full(self) -> bool:
        """Whether the disk of the index has no room left (what a failed write most likely
        met: tantivy reports it only as a killed writer thread)."""
        try:
            return shutil.disk_usage(self.directory).free < DISK_FULL_BYTES
        except OSError:
            return False

    def release_writer(self) -> None:
        if self._folder_handle is not None:
            os.close(self._folder_handle)  # closing releases the lock
            self._folder_handle = None

    def being_built(self) -> bool:
        """Whether another process is filling this index from empty: a search sees part."""
        return (self.directory / BUILDING_MARK).exists() and self.writing_elsewhere()

    def writing_elsewhere(self) -> bool:
        """Whether another process holds the writer (say, building the index now)."""
        if self._folder_handle is not None:
            return False
        if not self._lock_folder():
            return True
        self.release_writer()
        return False

    def _lock_folder(self) -> bool:
        if fcntl is None:
            return True
        handle = os.open(self.directory, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            return False
        self._folder_handle = handle
        return True

    # -- reading -----------------------------------------------------------------

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def get(self, note_id: str) -> IndexedNote | None:
        searcher = self.searcher()
        query = tantivy.Query.term_query(self.schema, ID, id_key(note_id))
        result = searcher.search(query, limit=1)
        if not result.hits:
            return None
        return indexed_note(searcher.doc(result.hits[0][1]))

    def all_notes(self) -> list[IndexedNote]:
        """Every note, newest first, each read from the index (a second per ~20,000 notes)."""
        return list(self.listing())

    def listing(self, query: tantivy.Query | None = None) -> NoteList:
        """The notes a query matches (all by default), newest first, read only when shown."""
        searcher = self.searcher()
        if searcher.num_docs == 0:
            return NoteList(searcher, [])
        query = query or tantivy.Query.all_query()
        result = searcher.search(query, limit=searcher.num_docs, order_by_field=DATE)
        return NoteList(searcher, [address for _, address in result.hits], self._damage_seen)

    def _damage_seen(self, reason: str) -> None:
        if self.on_damage is not None:
            self.on_damage(reason)

    def note_count(self) -> int:
        return self.searcher().num_docs

    def count(self, query: tantivy.Query) -> int:
        return self.searcher().search(query, limit=1).count

    def term_counts(self, field: str) -> list[tuple[str, int]]:
        """Each value of an exact field (CATEGORY_KEY, TAG_KEY) and its number of notes."""
        searcher = self.searcher()
        if searcher.num_docs == 0:
            return []
        return searcher.terms_with_prefix(field, "", filter_query=tantivy.Query.all_query())


_SEGMENT_FILE = re.compile(r"([0-9a-f]{32})\.(?:(\d+)\.del|[a-z]+)")


def _remove_unreferenced(directory: Path) -> None:
    """Delete the segment files tantivy's last commit does not name (``meta.json``), under
    the writer's lock: the pieces of a batch a full disk or a kill cut short."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    living = {}
    for segment in meta["segments"]:
        deletes = segment.get("deletes") or {}
        living[segment["segment_id"].replace("-", "")] = deletes.get("opstamp")
    for entry in os.scandir(directory):
        match = _SEGMENT_FILE.fullmatch(entry.name)
        if match is None:
            continue
        segment, del_opstamp = match.group(1), match.group(2)
        stale_deletes = del_opstamp is not None and int(del_opstamp) != living.get(segment)
        if segment not in living or stale_deletes:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def is_damage(error: ValueError) -> bool:
    """Whether tantivy's error is about the index files (rebuildable), not about the query."""
    return any(marker in str(error) for marker in _DAMAGE_MARKERS)
