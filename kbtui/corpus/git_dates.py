"""A note's dates from git, when the notes folder is inside a git work tree.

A fresh clone gives every file the time of the clone, so file times say nothing there; the
history does. Each note git tracks at HEAD gets two dates from one pass over the history
(one ``git log`` for all notes, never one per note): **updated**, the last commit that
changed the file, and **created**, the first commit that added it. Renames are followed
(a note moved to another folder keeps its history), and a commit that only moves a note,
unchanged, does not count as updating it. The time of a commit is its author date: when the
change was written, which a rebase or a cherry-pick keeps. In a shallow clone the oldest
commit there is counts as the one that added every file it holds.

A reading is kept (by the index, ``kbtui.search.dating``) and handed back: while HEAD is the
commit it was read at, only ``git status`` runs; when HEAD has moved on from it (new commits,
a pull that fast-forwards), only the commits since are read, on top of it; after any other
move (a reset, a rebase) the whole history is read again.

A note with changes not yet committed (staged or not) was changed after its last commit, so
its updated date is unknown here (``None``: the note falls back to its file's time); its
created date stands. A note git does not track has no history at all.

Nothing here stops indexing: no git on PATH, a folder outside any work tree, git refusing
the repository (``safe.directory``), failing or taking too long all give no history, and
the last two a one-line ``problem``. git is run read-only: ``GIT_OPTIONAL_LOCKS=0`` keeps
``git status`` from refreshing the repository's index file, since kbtui never writes into
the notes folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kbtui.corpus.files import NOTE_SUFFIXES

GIT_TIMEOUT_SECONDS = 60  # each git command; beyond it the notes keep their files' times
# Variables that would point git at another repository than the notes folder's.
_REDIRECTING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE")  # fmt: skip
_NOT_A_REPOSITORY = b"not a git repository"
# HEAD and the tracked files changed since, under the notes folder (paths from the top).
_STATUS = ("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=no",
           "--no-renames", "--ignore-submodules=all", "--", ".")  # fmt: skip
# Each commit, children before parents, with its author time and the files it changed under
# the notes folder (paths from there), renames found (-M).
_LOG = ("log", "-M", "--name-status", "-z", "--topo-order", "--no-merges", "--no-color",
        "--no-ext-diff", "--relative", "--format=%x00%at")  # fmt: skip


class NoteHistory(NamedTuple):
    """A note's commits, as seconds since 1970 (author dates)."""

    created: int  # the first commit that added the file
    updated: int | None  # the last commit that changed it; None: changed since, uncommitted


@dataclass(frozen=True)
class GitDates:
    """What git says of the notes at one HEAD: the history of each note tracked there, and
    which of them have uncommitted changes."""

    head: str = ""  # the commit HEAD named; "" outside a work tree or before the first commit
    prefix: str = ""  # where the notes folder is in the work tree: "" or ending in "/"
    history: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> created, updated
    changed: frozenset[str] = frozenset()  # ids with uncommitted changes
    problem: str = ""  # why git could not be read, when it should have been

    def of(self, note_id: str) -> NoteHistory | None:
        """The note's dates, or None when git has no history of it."""
        dates = self.history.get(note_id)
        if dates is None:
            return None
        return NoteHistory(dates[0], None if note_id in self.changed else dates[1])

    def as_data(self) -> dict[str, Any]:
        """A form JSON can hold (``from_data`` reads it back): three parallel lists."""
        return {"head": self.head, "prefix": self.prefix, "problem": self.problem,
                "ids": list(self.history), "created": [c for c, _ in self.history.values()],
                "updated": [u for _, u in self.history.values()],
                "changed": sorted(self.changed)}  # fmt: skip

    @classmethod
    def from_data(cls, data: Any) -> GitDates | None:
        """What ``as_data`` wrote; None when it is not that."""
        try:
            dates = zip(data["created"], data["updated"], strict=True)
            history = dict(zip(data["ids"], dates, strict=True))
            known = cls(str(data["head"]), str(data["prefix"]), history,
                        frozenset(data["changed"]), str(data["problem"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None
        if not all(isinstance(t, int) for pair in history.values() for t in pair):
            return None
        return known


def redated(before: GitDates | None, now: GitDates) -> set[str]:
    """The notes whose dates from git differ between two readings (a pull, a commit, an
    edit not yet committed): the index must date them again even if their files did not
    change. With no earlier reading, every note git dates now."""
    if before is None:
        return set(now.history)
    if before.history is now.history or before.history == now.history:  # HEAD kept
        return set(now.history) & (before.changed ^ now.changed)
    ids = before.history.keys() | now.history.keys()
    return {note_id for note_id in ids if before.of(note_id) != now.of(note_id)}


def read_git_dates(root: Path, known: GitDates | None = None) -> GitDates:
    """The notes' dates from git; the history of ``known`` is used again when HEAD is the
    commit it was read at, so an unchanged HEAD costs one ``git status`` and no history."""
    if shutil.which("git") is None or not _inside_work_tree(root):
        return GitDates()
    try:
        head, changed_paths = _status(root)
    except _NotARepository:
        return GitDates()
    except _GitFailed as error:
        return GitDates(problem=_unavailable(error))
    if not head:
        return GitDates()  # no commit yet: nothing has a history
    if known is not None and known.head == head:  # a failure too: retried when HEAD moves
        prefix, history, problem = known.prefix, known.history, known.problem
    else:
        try:
            prefix = os.fsdecode(_git(root, "rev-parse", "--show-prefix").rstrip(b"\n"))
            history, problem = _history(root, prefix, _earlier(root, prefix, known)), ""
        except _GitFailed as error:
            prefix, history, problem = "", {}, _unavailable(error)
    inside = (path[len(prefix) :] for path in changed_paths if path.startswith(prefix))
    changed = frozenset(note_id for note_id in inside if note_id in history)
    return GitDates(head, prefix, history, changed, problem)


def _unavailable(error: Exception) -> str:
    return f"dates from git unavailable, using the files' times: {error}"


def _inside_work_tree(root: Path) -> bool:
    """Whether a folder above the notes (or the notes folder) holds ``.git``: outside a
    repository, no git runs at all."""
    try:
        folder = root.resolve()
    except OSError:
        return False
    # os.path.exists: a folder kbtui may not look into (chmod 000) has no .git it can see.
    return any(os.path.exists(parent / ".git") for parent in (folder, *folder.parents))


def _status(root: Path) -> tuple[str, list[str]]:
    """HEAD's commit ("" before the first one) and the work tree's paths with changes not
    committed (from the top of the work tree), from one ``git status``."""
    output = _git(root, *_STATUS)
    head = ""
    changed: list[str] = []
    entries = iter(output.split(b"\0"))
    for entry in entries:
        if entry.startswith(b"# branch.oid "):
            oid = entry[len(b"# branch.oid ") :].decode("ascii", "replace")
            head = "" if oid == "(initial)" else oid
        elif entry[:2] in (b"1 ", b"u ", b"2 "):
            fields = {b"1": 8, b"2": 9, b"u": 10}[entry[:1]]  # fields before the path
            changed.append(os.fsdecode(entry.split(b" ", fields)[-1]))
            if entry.startswith(b"2 "):
                changed.append(os.fsdecode(next(entries, b"")))  # the path it came from
    return head, changed


def _earlier(root: Path, prefix: str, known: GitDates | None) -> GitDates | None:
    """``known``, if HEAD moved on from the commit it was read at (a pull that fast-forwards,
    new commits): then only the commits since are read. None: the whole history is."""
    if known is None or not known.head or known.problem or known.prefix != prefix:
        return None
    try:
        _git(root, "merge-base", "--is-ancestor", known.head, "HEAD")
    except _GitFailed:  # not an ancestor (a reset, a rebase), or no longer there at all
        return None
    return known


def _history(root: Path, prefix: str, earlier: GitDates | None) -> dict[str, tuple[int, int]]:
    """Each note file at HEAD under the notes folder: (created, updated), from one walk of
    the history, newest commit first; of the commits since ``earlier`` only, when given,
    the rest coming from it."""
    at_head = [os.fsdecode(path) for path in
               _git(root, "ls-tree", "-r", "-z", "--name-only", "HEAD").split(b"\0")
               if path.lower().endswith(_SUFFIXES) and b"/." not in b"/" + path]  # fmt: skip
    since = [f"{earlier.head}..HEAD"] if earlier is not None else []
    # A path limits the walk to commits that change the notes, at the cost of a second
    # comparison of trees per commit: worth it in a subfolder, not at the top.
    output = _git(root, *_LOG, *since, *(["--", "."] if prefix else []))
    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    # Whose history an older commit's path is (a renamed note's old name leads to its new
    # one); None once the file at that path is another one (deleted, or added there).
    owner: dict[str, str | None] = {}
    try:
        for when, status, path, new_path in _changes(output):
            if status == b"D":
                owner[path] = None
                continue
            current = new_path or path  # the file this commit leaves at that path
            name = owner.get(current, current)
            if name is not None:
                created[name] = min(created.get(name, when), when)
                if status != b"R100":  # moved unchanged: not an update
                    updated[name] = max(updated.get(name, when), when)
            if status == b"A" or new_path:  # older commits at this path: another file
                owner[current] = None
            if status.startswith(b"R"):  # older commits at its old path: this file
                owner[path] = name
    except (ValueError, IndexError) as error:
        raise _GitFailed(f"git log gave output kbtui cannot read ({error})") from error
    for path, (first, last) in (earlier.history if earlier is not None else {}).items():
        name = owner.get(path, path)  # the commits before: as if walked on to them
        if name is not None:
            created[name] = min(created.get(name, first), first)
            updated[name] = max(updated.get(name, last), last)
    return {
        path: (created[path], updated.get(path, created[path]))
        for path in at_head
        if path in created
    }


_SUFFIXES = tuple(suffix.encode() for suffix in NOTE_SUFFIXES)


def _changes(output: bytes) -> Iterator[tuple[int, bytes, str, str]]:
    """(commit time, status, path, new path of a rename or "") for each file in each commit
    of ``git log --name-status -z --format=%x00%at``. A commit starts with an empty field
    (no path is empty), then its time; each file is its status, then one path (two for a
    rename or a copy)."""
    fields = output.split(b"\0")
    when, at = 0, 0
    while at < len(fields):
        if not fields[at]:
            if at + 1 < len(fields) and fields[at + 1]:
                when = int(fields[at + 1])
            at += 2
            continue
        status = fields[at].lstrip(b"\n")
        if status[:1] in (b"R", b"C"):
            yield when, status, os.fsdecode(fields[at + 1]), os.fsdecode(fields[at + 2])
            at += 3
        else:
            yield when, status[:1], os.fsdecode(fields[at + 1]), ""
            at += 2


class _GitFailed(Exception):
    """git ran and could not answer: the message says why, in one line."""


class _NotARepository(_GitFailed):
    """The notes folder is not in a work tree after all (a ``.git`` git does not take)."""


def _git(root: Path, *arguments: str) -> bytes:
    """One git command in the notes folder, its output as bytes (file names are bytes)."""
    environment = {k: v for k, v in os.environ.items() if k not in _REDIRECTING}
    environment.update(LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
    command = ["git", "-c", "log.showSignature=false", *arguments]  # no signatures in its output
    try:
        done = subprocess.run(command, cwd=root, env=environment, capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=GIT_TIMEOUT_SECONDS)  # fmt: skip
    except subprocess.TimeoutExpired as error:
        raise _GitFailed(f"git {arguments[0]} took over {GIT_TIMEOUT_SECONDS} s") from error
    except OSError as error:  # git vanished, or cannot run
        raise _NotARepository(str(error)) from error
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[:1] or [b"exit status %d" % done.returncode]
        if _NOT_A_REPOSITORY in done.stderr:
            raise _NotARepository(os.fsdecode(message[0]))
        raise _GitFailed(message[0].decode("utf-8", "replace"))
    return done.stdout
