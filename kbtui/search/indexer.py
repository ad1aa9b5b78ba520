"""Keeping the index in step with the notes folder, and saying what that did.

Only notes whose size or modification time changed since the manifest was written are read
again, and those whose dates from git changed (``kbtui.search.dating``). Work is committed
every ``COMMIT_EVERY`` notes, each commit followed by the manifest, so a run that is killed
keeps what it had committed and the next run carries on. The manifest is written only after a
commit, so after a crash it can only be older than the index: notes changed since are
re-indexed (each deleted by id before it is added), and a count that disagrees with the
index's makes the next open start over. So nothing is indexed twice.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import tantivy

from kbtui.corpus.files import NoteFile, NoteUnreadable, id_key, notes_at, walk_notes
from kbtui.corpus.notes import load_note
from kbtui.errors import KbtuiError
from kbtui.search.dating import NoteDating
from kbtui.search.documents import note_document
from kbtui.search.manifest import IndexedFiles, Manifest
from kbtui.search.schema import ID
from kbtui.search.store import BUILDING_MARK, IndexStore
from kbtui.search.verify import damaged_files

COMMIT_EVERY = 5000
PARALLEL_FROM = 500  # notes to index before a second writer thread pays for itself

Progress = Callable[[int, int], None]  # (notes done, notes to do)


@dataclass
class SyncReport:
    """What one sync did, and the one wording of it for the command line and the app."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (note id, reason)
    problems: list[tuple[str, str]] = field(default_factory=list)  # indexed, with a fallback
    known_problems: list[tuple[str, str]] = field(default_factory=list)  # from earlier syncs
    rebuilt: str | None = None  # why the index was built from scratch
    # Folders that could not be listed: (relative path ending in "/", "" for the root, why,
    # how many of its notes stay as last indexed).
    unreadable: list[tuple[str, str, int]] = field(default_factory=list)
    notes_root: str = ""  # named when the root itself cannot be read
    read_only: str | None = None  # why the index could not be updated
    changed_ids: set[str] = field(default_factory=set)  # the notes added, updated or removed
    dates_problem: str = ""  # why git could not date the notes, in a git work tree

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def changes(self) -> str:
        """What changed, short enough for a status line."""
        return f"{self.added} added, {self.updated} updated, {self.removed} removed"

    def summary(self) -> str:
        """Every note accounted for, as ``kbtui index`` prints it."""
        return f"{self.changes()}, {self.unchanged} unchanged, {len(self.skipped)} skipped"

    def notices(self, list_problems: bool = False) -> list[str]:
        """One line for each thing the user should know; the problem notes one by one when
        asked (``kbtui index``), else counted with where to see them."""
        lines = []
        if self.rebuilt:
            lines.append(f"rebuilding the index: {self.rebuilt}")
        if self.read_only:
            lines.append(self.read_only)
        for folder, reason, kept in self.unreadable:
            name = f"folder {folder}" if folder else f"the notes folder {self.notes_root}"
            lines.append(f"cannot read {name}: {reason}; {_kept(kept)}")
        if list_problems:
            lines += [f"skipped {note_id}: {reason}" for note_id, reason in self.skipped]
            problems = sorted([*self.known_problems, *self.problems])
            lines += [f"{note_id}: {problem}" for note_id, problem in problems]
            lines += [self.dates_problem] if self.dates_problem else []
        elif self.skipped or self.problems:
            count = len(self.skipped) + len(self.problems)
            hint = "'kbtui index' lists them"
            lines.append(f"{count} note problem(s) while indexing; {hint}")
        return lines


def _kept(count: int) -> str:
    if not count:
        return "none of its notes are indexed"
    return f"its {count} note{'s' * (count != 1)} kept as last indexed"


def sync(store: IndexStore, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
    """Bring the index up to date with the notes folder; ``rebuild`` starts it over."""
    index = store.index
    manifest = store.manifest
    report = SyncReport(rebuilt=store.take_rebuild_reason(), notes_root=str(store.notes_root))
    if store.read_only:
        report.read_only = store.read_only
        report.unchanged = store.note_count()
        return report
    if not rebuild and (damaged := damaged_files(store.directory)):
        rebuild = True  # all documents replaced under the lock; the damaged files then go
        report.rebuilt = f"index damaged ({damaged[0]} fails its checksum)"
    known_files = None if rebuild else manifest.read_files()
    if known_files is None and not rebuild and index.searcher().num_docs:
        rebuild, report.rebuilt = True, "manifest unreadable"  # not knowing what is indexed
    folders: dict[str, int] = {}
    unreadable: list[tuple[str, str]] = []
    on_disk = {found.id: found for found in walk_notes(store.notes_root, folders, unreadable)}
    known = {} if rebuild or known_files is None else known_files
    if unreadable:
        _keep_unlisted(on_disk, known, unreadable, folders, report)
    dating = NoteDating(store, rebuild)
    report.dates_problem = dating.now.problem
    removed, to_read = _changes(on_disk, known, dating.redated)
    report.unchanged = len(on_disk) - len(to_read)
    problems = {} if rebuild else manifest.read_problems()
    if not rebuild and not removed and not to_read:
        report.known_problems = _listed(problems, on_disk)
        manifest.write_freshness(len(on_disk), folders)
        dating.save()
        return report

    stamp = manifest.stamp()
    writer = store.take_writer(threads=2 if len(to_read) >= PARALLEL_FROM else 1)
    if writer is None:
        report.read_only = "another kbtui is updating the index; using it as it is"
        report.unchanged = len(on_disk)
        return report
    if manifest.stamp() != stamp and not rebuild:  # another kbtui synced meanwhile
        known = manifest.read_files() or {}
        removed, to_read = _changes(on_disk, known, dating.redated)
        report.unchanged = len(on_disk) - len(to_read)
    held, writer = [writer], None  # _apply owns it now (see there)
    count = _apply(
        store, held, report, removed, to_read, known, problems, rebuild, dating, progress, on_disk
    )
    manifest.write_freshness(count, folders)
    dating.save()  # once the index holds the dates it gave
    return report


def sync_changed(store: IndexStore, changed: Iterable[str]) -> SyncReport:
    """Bring the index up to date with the paths a file watcher saw change (relative to the
    notes root: notes, or folders, which are walked), without walking the whole folder.

    A known note under a changed path that is no longer there is removed, so a deleted or
    renamed folder takes its notes with it. The folders' times are not recorded: the next
    full sync walks, as it must, since this one saw only part of the folder.
    """
    manifest = store.manifest
    known = None if store.started_over else manifest.read_files()
    if store.read_only or known is None:
        return sync(store)  # the whole walk: it says why, and knows what to do
    report = SyncReport(notes_root=str(store.notes_root))
    changed = set(changed)
    found = {note.id: note for note in notes_at(store.notes_root, changed)}
    removed = _gone_under(store, changed, found, known)
    to_read = [
        (note, note.id in known) for note in found.values() if known.get(note.id) != note[2:]
    ]
    if not removed and not to_read:
        return report
    writer = store.take_writer()
    if writer is None:
        report.read_only = "another kbtui is updating the index; using it as it is"
        return report
    # No git is read here: a note saved since its last commit is dated by its file time
    # anyway, and a commit (no file changes) is seen by the next full sync.
    held, writer = [writer], None  # _apply owns it now (see there)
    _apply(store, held, report, removed, to_read, known, manifest.read_problems(), False, None)
    return report


def _gone_under(
    store: IndexStore, changed: set[str], found: dict[str, NoteFile], known: IndexedFiles
) -> list[str]:
    """The known notes that are no longer there: at a changed path that is gone, or in a
    changed folder (gone, renamed, or emptied). A note saved in place is a file still there,
    so the usual event costs no look at the other notes."""
    missing = {path for path in changed if not os.path.isfile(store.notes_root / path)}
    if not missing:
        return []
    folders = tuple(f"{path}/" for path in missing)
    return [
        note_id
        for note_id in known
        if note_id not in found and (note_id in missing or note_id.startswith(folders))
    ]


def _apply(
    store: IndexStore,
    held: list[tantivy.IndexWriter],
    report: SyncReport,
    removed: list[str],
    to_read: list[tuple[NoteFile, bool]],
    known: IndexedFiles,
    problems: dict[str, list[str]],
    rebuild: bool,
    dating: NoteDating | None,
    progress: Progress | None = None,
    on_disk: dict[str, NoteFile] | None = None,
) -> int:
    """Write what changed with the writer taken: notes removed, read again or added,
    committed (in batches, see ``sync``), and the manifest and problems that go with it.
    Returns how many notes the index holds now.

    The writer comes in a list that nothing else refers to, taken out here: after a failed
    write this must be the last reference, dropped before the clean-up, since tantivy's lock
    and its files in use go only with the writer (a caller's variable would keep them).
    """
    writer = held.pop()
    index, manifest = store.index, store.manifest
    files = dict(known)
    # A rebuild of a usable index commits once, at the end: until then every search sees the
    # old index whole, and a kill leaves it as it was. Filling an empty index commits every
    # COMMIT_EVERY notes (a kill loses one batch), and says meanwhile that it is building.
    batches = not (rebuild and index.searcher().num_docs)
    building = store.directory / BUILDING_MARK
    if batches and len(to_read) > COMMIT_EVERY:
        building.touch()
    try:
        if rebuild:
            writer.delete_all_documents()  # under the lock, unlike deleting the folder
        for note_id in removed:
            writer.delete_documents_by_term(ID, id_key(note_id))
            files.pop(note_id, None)
            problems.pop(note_id, None)
            report.removed += 1
        for note_file, _ in to_read:
            problems.pop(note_file.id, None)
        if on_disk is not None:
            report.known_problems = _listed(problems, on_disk)
        for done, (note_file, existed) in enumerate(to_read, start=1):
            _index_one(store, writer, note_file, existed, files, report, dating)
            if progress is not None:
                progress(done, len(to_read))
            if batches and done % COMMIT_EVERY == 0:
                _commit(writer, manifest, files)
        _commit(writer, manifest, files)
        writer.wait_merging_threads()
    except BaseException as error:
        with contextlib.suppress(ValueError):  # a writer a full disk killed cannot roll back
            writer.rollback()
        error.__traceback__ = None  # its frames hold the writer, and so tantivy's lock
        writer = None
        store.release_writer()
        _clean_up_after(store, error)
        raise
    finally:
        writer = None  # dropped: tantivy's lock goes with it
        store.release_writer()
        building.unlink(missing_ok=True)
    for note_id, problem in report.problems:
        problems.setdefault(note_id, []).append(problem)
    manifest.write_problems(problems)
    report.changed_ids.update(removed)
    report.changed_ids.update(note_file.id for note_file, _ in to_read)
    index.reload()
    return len(files)


def _clean_up_after(store: IndexStore, error: BaseException) -> None:
    """A failed write: the files it left go (a full disk stays full otherwise), and a full
    disk is said as such (tantivy reports it only as a killed writer thread)."""
    full = isinstance(error, ValueError) and store.disk_full()
    store.remove_unused_files()
    if full:
        raise KbtuiError(f"the disk holding the index is full: {store.directory}") from error


def _commit(writer: tantivy.IndexWriter, manifest: Manifest, files: IndexedFiles) -> None:
    """One tantivy commit and the manifest it makes true, in two phases (see ``Manifest``)."""
    manifest.write_pending(files, base=writer.commit_opstamp)
    crash_point("before-commit")
    opstamp = writer.commit()
    crash_point("after-commit")
    manifest.promote(opstamp, len(files))


def crash_point(name: str) -> None:
    """Where the fault tests kill the process, as kill -9 would (``KBTUI_CRASH_AT=name``),
    or hold it for a few seconds (``KBTUI_STALL_AT=name``) to act while it is there."""
    if os.environ.get("KBTUI_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("KBTUI_STALL_AT") == name:
        time.sleep(float(os.environ.get("KBTUI_STALL_SECONDS", "3")))


def _listed(problems: dict[str, list[str]], on_disk: dict[str, NoteFile]) -> list[tuple[str, str]]:
    return [(note_id, text) for note_id, texts in problems.items() if note_id in on_disk
            for text in texts]  # fmt: skip


def _keep_unlisted(
    on_disk: dict[str, NoteFile],
    known: IndexedFiles,
    unreadable: list[tuple[str, str]],
    folders: dict[str, int],
    report: SyncReport,
) -> None:
    """The indexed notes of a folder that could not be listed stay as they are: unknown is
    not gone. Its time is not trusted, so the next command looks again (making a folder
    readable does not change its time)."""
    for folder, reason in unreadable:
        kept = [note_id for note_id in known if note_id.startswith(folder)]
        for note_id in kept:
            size, mtime = known[note_id]
            on_disk.setdefault(note_id, NoteFile(note_id, "", size, mtime))
        folders[folder] = -1
        report.unreadable.append((folder, reason, len(kept)))


def _changes(
    on_disk: dict[str, NoteFile], known: IndexedFiles, redated: set[str]
) -> tuple[list[str], list[tuple[NoteFile, bool]]]:
    """The notes gone from disk, and the notes to read (and whether the index has them):
    changed on disk, or ``redated`` by git (unless in a folder that could not be listed)."""
    removed = [note_id for note_id in known if note_id not in on_disk]
    to_read = [
        (found, note_id in known)
        for note_id, found in on_disk.items()
        if known.get(note_id) != found[2:] or (note_id in redated and found.location)
    ]
    return removed, to_read


def _index_one(
    store: IndexStore,
    writer: tantivy.IndexWriter,
    note_file: NoteFile,
    existed: bool,
    files: IndexedFiles,
    report: SyncReport,
    dating: NoteDating | None,
) -> None:
    """Replace one note's document (delete by id, then add), or record why it was skipped.

    A note the manifest does not know is not in the index (opening checks that the two
    agree, and starts over when they do not), so only a known note is deleted first: a
    delete per new note made a full build a quarter slower.
    """
    if existed:
        writer.delete_documents_by_term(ID, id_key(note_file.id))
    files.pop(note_file.id, None)
    try:
        history = dating.history(note_file.id) if dating is not None else None
        note = load_note(store.notes_root, note_file, history)
    except NoteUnreadable as error:
        report.skipped.append((note_file.id, str(error)))
        return
    writer.add_document(note_document(note))
    files[note_file.id] = (note_file.size, note_file.mtime_ns)
    report.problems.extend((note.id, problem) for problem in note.problems)
    if existed:
        report.updated += 1
    else:
        report.added += 1
