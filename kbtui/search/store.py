"""The search index of one notes root: build it, keep it in step with the files, search it.

The index is a cache kept in the per-user cache folder, never in the notes
folder. Beside tantivy's files sits ``manifest.json``: the schema version, the
notes root, and each indexed note's size and modification time. It is written
only after a commit, so after a crash it can only be older than the index: notes
changed since are re-indexed (each deleted by id before it is added), and notes
the index holds but the manifest does not show as a count that disagrees, which
means a rebuild, as does a missing, unreadable or mismatched manifest or an
index tantivy cannot open. So nothing is ever indexed twice.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import os
import shutil
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, overload

import tantivy

try:
    import fcntl  # POSIX; elsewhere creation is not serialised between processes
except ImportError:  # pragma: no cover
    fcntl = None

from kbtui import locations
from kbtui.config import load_config
from kbtui.corpus.safety import terminal_safe
from kbtui.errors import KbtuiError, NoteNotFoundError
from kbtui.search.analysis import compound_words, register_analyzers
from kbtui.search.query import ParsedQuery
from kbtui.search.ranking import SearchResults, run_search
from kbtui.search.schema import (
    BODY,
    DATE,
    ID,
    META,
    SCHEMA_VERSION,
    build_schema,
)
from kbtui.search.synonyms import SynonymTable, load_synonyms

if TYPE_CHECKING:
    from kbtui.corpus.notes import Note, NoteFile

# Reading notes (kbtui.corpus.notes and what it needs) is imported where notes are read, so that
# a search, which only reads the index, starts without it.

MANIFEST_NAME = "manifest.json"
HEAD_NAME = "manifest-head.json"  # the manifest's schema, root and count: all opening needs
FRESHNESS_NAME = "freshness.json"
TRUST_FROM_NOTES = 5000  # below this many notes a one-shot command always walks them first
TRUST_SECONDS = 300
RACY_SECONDS = 2  # a folder time this close to a sync cannot be told from it
WRITER_HEAP_BYTES = 128_000_000  # shared by the writer's threads
COMMIT_EVERY = 5000
PARALLEL_FROM = 500  # notes to index before a second writer thread pays for itself
LOCK_WAIT_SECONDS = 2.0

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexedNote:
    """What the index knows of a note: everything the feed and a hit show."""

    id: str
    title: str
    date: dt.datetime
    category: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    series: str
    summary: str
    excerpt: str
    aliases: tuple[str, ...]
    draft: bool
    chars: int
    words: int
    reading_minutes: int
    fingerprint: str


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (note id, reason)
    problems: list[tuple[str, str]] = field(default_factory=list)  # indexed, with a fallback
    rebuilt: str | None = None  # why the index was built from scratch
    read_only: str | None = None  # why the index could not be updated

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class NoteIndex:
    """The tantivy index for one notes root."""

    def __init__(
        self, notes_root: Path, directory: Path | None = None, synonyms: SynonymTable | None = None
    ) -> None:
        self.notes_root = notes_root
        self._synonyms = synonyms
        self.directory = directory or locations.index_dir(notes_root)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._rebuild_reason: str | None = None
        self.notices: list[str] = []  # one-line messages for the user, e.g. a rebuild

    # -- opening -------------------------------------------------------------

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            self._index = self._open()
        return self._index

    def _open(self) -> tantivy.Index:
        with self._folder_lock():
            return self._open_locked()

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
        manifest = self._read_head()
        reason = None
        if manifest is None or not self._manifest_path().exists():
            reason = "no index yet" if not any(self.directory.iterdir()) else "manifest missing"
        elif manifest.get("schema") != SCHEMA_VERSION:
            reason = "index format changed"
        elif manifest.get("root") != str(self.notes_root):
            reason = "index belongs to another notes folder"
        if reason is None:
            try:
                index = tantivy.Index(self.schema, path=str(self.directory), reuse=True)
                register_analyzers(index)
                if index.searcher().num_docs == manifest["notes"]:
                    return index
                if _being_written(index):
                    return index  # another kbtui committed and is writing the manifest now
                reason = "index and manifest disagree (index files lost or replaced)"
            except ValueError as error:
                reason = f"index damaged ({_first_line(error)})"
        return self._create_empty(reason)

    def take_rebuild_reason(self) -> str | None:
        """Why opening the index had to start it over (once), or None."""
        _ = self.index
        reason, self._rebuild_reason = self._rebuild_reason, None
        return reason

    def reload(self) -> None:
        """See what another process (or a worker thread) committed."""
        self.index.reload()

    def _create_empty(self, reason: str) -> tantivy.Index:
        if reason != "no index yet":
            self._rebuild_reason = reason
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.directory), reuse=False)
        register_analyzers(index)
        self._write_manifest({})
        return index

    def _manifest_path(self) -> Path:
        return self.directory / MANIFEST_NAME

    def _read_manifest(self) -> dict | None:
        """The manifest, its notes as ``files``: id -> (size, mtime_ns); None if unreadable.

        On disk the notes are three parallel lists (ids, sizes, times): at 100,000 notes
        that reads a third faster than an object of pairs.
        """
        try:
            data = self._read_json(MANIFEST_NAME)
            ids, sizes, times = data.pop("ids"), data.pop("sizes"), data.pop("mtimes")
            data["files"] = dict(zip(ids, zip(sizes, times, strict=True), strict=True))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return data

    def _read_json(self, name: str):
        """One of the small files kept beside tantivy's; OSError or ValueError if unreadable."""
        return json.loads((self.directory / name).read_text(encoding="utf-8"))

    def _write_json(self, name: str, data: dict) -> None:
        """Replace one of those files whole: a reader sees the old one or the new one."""
        temporary = self.directory / (name + ".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.directory / name)

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            info = self._manifest_path().stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def _write_manifest(self, files: dict[str, tuple[int, int]]) -> None:
        data = {"schema": SCHEMA_VERSION, "root": str(self.notes_root), "ids": list(files)}
        data["sizes"] = [size for size, _ in files.values()]
        data["mtimes"] = [mtime for _, mtime in files.values()]
        self._write_json(MANIFEST_NAME, data)
        head = {"schema": SCHEMA_VERSION, "root": str(self.notes_root), "notes": len(files)}
        self._write_json(HEAD_NAME, head)

    def _read_head(self) -> dict | None:
        """Schema, root and number of notes of the manifest (written after it, so never newer)."""
        try:
            data = self._read_json(HEAD_NAME)
            return data if isinstance(data, dict) and isinstance(data.get("notes"), int) else None
        except (OSError, ValueError):
            return None

    # -- keeping in step -----------------------------------------------------

    def sync(self, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
        """Bring the index up to date with the notes folder; only changed files are read.

        Work is committed every ``COMMIT_EVERY`` notes, each commit followed by the
        manifest, so a run that is killed keeps what it had committed and the next run
        carries on from there.
        """
        index = self.index
        report = SyncReport(rebuilt=self.take_rebuild_reason())
        manifest = None if rebuild else self._read_manifest()
        if manifest is None and not rebuild and index.searcher().num_docs:
            rebuild, report.rebuilt = True, "manifest unreadable"  # not knowing what is indexed
        folders: dict[str, int] = {}
        from kbtui.corpus.notes import scan_notes

        on_disk = {found[0]: found for found in scan_notes(self.notes_root, folders)}
        known = {} if rebuild or manifest is None else manifest["files"]
        removed, to_read = self._changes(on_disk, known)
        report.unchanged = len(on_disk) - len(to_read)
        if not rebuild and not removed and not to_read:
            self._write_freshness(len(on_disk), folders)
            return report

        stamp = self._manifest_stamp()
        writer = self._take_writer(threads=2 if len(to_read) >= PARALLEL_FROM else 1)
        if writer is None:
            report.read_only = "another kbtui is updating the index; using it as it is"
            report.unchanged = len(on_disk)
            return report
        if self._manifest_stamp() != stamp and not rebuild:  # another kbtui synced meanwhile
            known = (self._read_manifest() or {}).get("files", {})
            removed, to_read = self._changes(on_disk, known)
            report.unchanged = len(on_disk) - len(to_read)
        files = dict(known)
        try:
            if rebuild:
                writer.delete_all_documents()  # under the lock, unlike deleting the folder
            for note_id in removed:
                writer.delete_documents_by_term(ID, note_id)
                files.pop(note_id, None)
                report.removed += 1
            for done, (note_file, existed) in enumerate(to_read, start=1):
                self._index_one(writer, note_file, existed, files, report)
                if progress is not None:
                    progress(done, len(to_read))
                if done % COMMIT_EVERY == 0:
                    writer.commit()
                    self._write_manifest(files)
            writer.commit()
            self._write_manifest(files)  # at once: another process compares the two on open
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer
        self._write_freshness(len(files), folders)
        index.reload()
        return report

    def needs_sync(self) -> bool:
        """Whether a one-shot command (``kbtui search``, ``kbtui show``) should sync first.

        Walking 100,000 notes costs more than the search itself, so a large knowledge
        base (``TRUST_FROM_NOTES`` notes or more) is trusted as last synced for
        ``TRUST_SECONDS``, unless one of its folders changed: a note added, removed or
        renamed (editors that save by renaming included) shows in its folder's time. An
        edit written in place shows within ``TRUST_SECONDS``, or at once in the app and
        after ``kbtui index``. A small knowledge base is always walked first.
        """
        _ = self.index  # opening may have found it damaged and started it over
        if self._rebuild_reason is not None:
            return True
        try:
            data = self._read_json(FRESHNESS_NAME)
            if data["root"] != str(self.notes_root) or data["notes"] < TRUST_FROM_NOTES:
                return True
            if not 0 <= time.time() - data["synced_at"] < TRUST_SECONDS:
                return True
            folders = data["folders"]
            if max(folders.values(), default=0) >= (data["synced_at"] - RACY_SECONDS) * 1e9:
                return True  # a folder changed just before that sync: it may have missed it
            root = str(self.notes_root)
            return any(os.stat(f"{root}/{p}").st_mtime_ns != t for p, t in folders.items())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return True

    def _write_freshness(self, notes: int, folders: dict[str, int]) -> None:
        data = {"root": str(self.notes_root), "synced_at": time.time(), "notes": notes}
        data["folders"] = folders
        with contextlib.suppress(OSError):  # without it the next command syncs: slower, not wrong
            self._write_json(FRESHNESS_NAME, data)

    @staticmethod
    def _changes(
        on_disk: dict[str, tuple[str, str, int, int]], known: dict[str, tuple[int, int]]
    ) -> tuple[list[str], list[tuple[NoteFile, bool]]]:
        """The notes gone from disk, and the notes to read (and whether the index has them)."""
        from kbtui.corpus.notes import NoteFile

        removed = [note_id for note_id in known if note_id not in on_disk]
        to_read = [
            (NoteFile(*found), note_id in known)
            for note_id, found in on_disk.items()
            if known.get(note_id) != found[2:]
        ]
        return removed, to_read

    def _index_one(self, writer, note_file, existed: bool, files: dict, report: SyncReport) -> None:
        """Replace one note's document (delete by id, then add), or record why it was skipped.

        A note the manifest does not know is not in the index (opening checks that the two
        agree, and rebuilds when they do not), so only a known note is deleted first: a
        delete per new note made a full build a quarter slower.
        """
        from kbtui.corpus import notes

        if existed:
            writer.delete_documents_by_term(ID, note_file.id)
        files.pop(note_file.id, None)
        try:
            note = notes.load_note(self.notes_root, note_file)
        except notes.NoteUnreadable as error:
            report.skipped.append((note_file.id, str(error)))
            return
        writer.add_document(self._document(note))
        files[note_file.id] = (note_file.size, note_file.mtime_ns)
        report.problems.extend((note.id, problem) for problem in note.problems)
        if existed:
            report.updated += 1
        else:
            report.added += 1

    def _take_writer(self, threads: int = 1) -> tantivy.IndexWriter | None:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(WRITER_HEAP_BYTES, min(threads, os.cpu_count() or 1))
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.1)

    def _document(self, note: Note) -> tantivy.Document:
        from kbtui.corpus.markdown import to_plain_text

        body = terminal_safe(to_plain_text(note.body))
        path_words = note.id.rsplit(".", 1)[0].replace("/", " ")
        titles = [note.title, *note.aliases]
        meta = {
            "title": note.title,
            "date": note.date.isoformat(),
            "categories": list(note.categories),
            "tags": list(note.tags),
            "series": note.series,
            "summary": note.summary,
            "excerpt": note.excerpt,
            "aliases": list(note.aliases),
            "draft": note.draft,
            "chars": note.chars,
            "words": note.words,
            "minutes": note.reading_minutes,
            "fingerprint": note.fingerprint,
        }
        return tantivy.Document(
            id=note.id,
            title=titles,
            title_parts=titles,
            tags=list(note.tags),
            category=list(note.categories),
            series=note.series,
            path=path_words,
            path_parts=path_words,
            body=body,
            body_parts=compound_words(body),
            date=note.date.replace(tzinfo=dt.UTC),
            category_key=list(note.categories),
            tag_key=list(note.tags),
            fingerprint=note.fingerprint,
            meta=json.dumps(meta, ensure_ascii=False).encode("utf-8"),
        )

    # -- reading -------------------------------------------------------------

    def search(self, parsed: ParsedQuery, limit: int = 10) -> SearchResults:
        """Ranked hits for a parsed query; equal scores go to the newer note.

        Damage that shows only when searching (a lost positions file, a garbled store)
        rebuilds the index from the notes and searches again; ``notices`` says so.
        """
        try:
            return self._search(parsed, limit)
        except ValueError as error:
            if not _is_damage(error):
                raise
            self.notices.append(f"rebuilding the index: index damaged ({_first_line(error)})")
            with self._folder_lock():
                self._index = self._create_empty("damaged at search time")
            self._rebuild_reason = None
            self.sync()
            return self._search(parsed, limit)

    def _search(self, parsed: ParsedQuery, limit: int) -> SearchResults:
        def load(document: tantivy.Document) -> tuple[IndexedNote, str]:
            return _indexed_note(document), document.get_first(BODY) or ""

        searcher = self.index.searcher()
        return run_search(searcher, self.schema, parsed, self.synonyms, limit, load)

    @property
    def synonyms(self) -> SynonymTable:
        """The shipped synonym groups and the user's; a broken config is said once and skipped."""
        if self._synonyms is None:
            try:
                config = load_config()
                problem, extra = config.synonyms_problem, config.synonyms
            except KbtuiError as error:
                problem, extra = str(error), ()
            if problem:
                self.notices.append(f"{problem}; using the shipped synonyms only")
            self._synonyms = load_synonyms(extra)
        return self._synonyms

    def get(self, note_id: str) -> IndexedNote | None:
        searcher = self.index.searcher()
        result = searcher.search(tantivy.Query.term_query(self.schema, ID, note_id), limit=1)
        if not result.hits:
            return None
        return _indexed_note(searcher.doc(result.hits[0][1]))

    def all_notes(self) -> list[IndexedNote]:
        """Every note, newest first, each read from the index (a second per ~20,000 notes)."""
        return list(self.listing())

    def listing(self, query: tantivy.Query | None = None) -> NoteList:
        """The notes a query matches (all by default), newest first, read only when shown."""
        searcher = self.index.searcher()
        if searcher.num_docs == 0:
            return NoteList(searcher, [])
        query = query or tantivy.Query.all_query()
        result = searcher.search(query, limit=searcher.num_docs, order_by_field=DATE)
        return NoteList(searcher, result.hits)

    def note_count(self) -> int:
        return self.index.searcher().num_docs

    def count(self, query: tantivy.Query) -> int:
        return self.index.searcher().search(query, limit=1).count

    def term_counts(self, field: str) -> list[tuple[str, int]]:
        """Each value of an exact field (CATEGORY_KEY, TAG_KEY) and its number of notes."""
        searcher = self.index.searcher()
        if searcher.num_docs == 0:
            return []
        return searcher.terms_with_prefix(field, "", filter_query=tantivy.Query.all_query())

    def resolve(self, reference: str) -> IndexedNote:
        """The one note a user means: by id (with or without .md), path ending, or title part."""
        wanted = reference.strip().strip("/")
        for candidate in (wanted, f"{wanted}.md", f"{wanted}.markdown"):
            if found := self.get(candidate):
                return found  # an exact id: no need to read every note
        notes = self.all_notes()
        folded = wanted.casefold()
        tiers = (
            [n for n in notes if n.id in (wanted, f"{wanted}.md", f"{wanted}.markdown")],
            [
                n
                for n in notes
                if n.id.endswith(f"/{wanted}") or n.id.rsplit(".", 1)[0].endswith(f"/{wanted}")
            ],
            [n for n in notes if n.title.casefold() == folded],
            [n for n in notes if folded and folded in n.title.casefold()],
        )
        for candidates in tiers:
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                listed = ", ".join(note.id for note in candidates[:5])
                more = "" if len(candidates) <= 5 else f" and {len(candidates) - 5} more"
                raise NoteNotFoundError(
                    f"'{reference}' names {len(candidates)} notes: {listed}{more}; give more of it"
                )
        raise NoteNotFoundError(f"no note matches '{reference}'")

    def read_body(self, note_id: str, with_front_matter: bool = False) -> str:
        """A note's Markdown as it is on disk now (without its front matter unless asked)."""
        from kbtui.corpus import notes

        try:
            text, _ = notes.read_note_text(self.notes_root / note_id)
        except notes.NoteUnreadable as error:
            raise KbtuiError(f"cannot read {note_id}: {error}") from error
        from kbtui.corpus.frontmatter import split_front_matter

        return text if with_front_matter else split_front_matter(text).body


class NoteList(Sequence[IndexedNote]):
    """Notes in feed order, each read from the index the first time it is asked for.

    A feed of 100,000 notes costs one sorted search (about 20 ms) and then only the
    rows on screen; the most recently read notes are kept.
    """

    KEEP = 1024

    def __init__(self, searcher: tantivy.Searcher, hits: list[tuple[int, object]]) -> None:
        self._searcher = searcher
        self._addresses = [address for _, address in hits]
        self._seconds = [-(key // 1_000_000_000) for key, _ in hits]  # ascending, for bisect
        self._kept: OrderedDict[int, IndexedNote] = OrderedDict()

    def __len__(self) -> int:
        return len(self._addresses)

    @overload
    def __getitem__(self, position: int) -> IndexedNote: ...
    @overload
    def __getitem__(self, position: slice) -> list[IndexedNote]: ...
    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        note = self._kept.get(position)
        if note is None:
            note = _indexed_note(self._searcher.doc(self._addresses[position]))
            self._kept[position] = note
            if len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(position)
        return note

    def position_of(self, note: IndexedNote) -> int | None:
        """Where a note stands, found by its date: only notes of the same second are read."""
        second = -int(note.date.replace(tzinfo=dt.UTC).timestamp())
        start = bisect.bisect_left(self._seconds, second)
        end = bisect.bisect_right(self._seconds, second)
        return next((i for i in range(start, end) if self[i].id == note.id), None)


def _indexed_note(document: tantivy.Document) -> IndexedNote:
    meta = json.loads(document.get_first(META))
    return IndexedNote(
        id=document.get_first(ID),
        title=meta["title"],
        date=dt.datetime.fromisoformat(meta["date"]),
        category=meta["categories"][0] if meta["categories"] else "",
        categories=tuple(meta["categories"]),
        tags=tuple(meta["tags"]),
        series=meta["series"],
        summary=meta["summary"],
        excerpt=meta["excerpt"],
        aliases=tuple(meta["aliases"]),
        draft=meta["draft"],
        chars=meta["chars"],
        words=meta["words"],
        reading_minutes=meta["minutes"],
        fingerprint=meta["fingerprint"],
    )


def _being_written(index: tantivy.Index) -> bool:
    """Whether another process holds the index's writer lock."""
    try:
        writer = index.writer(WRITER_HEAP_BYTES // 8, 1)
    except ValueError as error:
        return "LockBusy" in str(error)
    del writer  # released at once: nothing else refers to it
    return False


_DAMAGE_MARKERS = ("corrupt", "FileDoesNotExist", "Footer", "IoError", "Failed to open", "deserial")


def _is_damage(error: ValueError) -> bool:
    """Whether tantivy's error is about the index files (rebuildable), not about the query."""
    return any(marker in str(error) for marker in _DAMAGE_MARKERS)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:120] if str(error).strip() else type(error).__name__
