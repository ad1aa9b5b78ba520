"""Notes in a git repository get their dates from its history, not from the clone's file times.

Each test clones a repository made with commits at fixed dates, so every file of the clone has
the time of the clone, and indexes the clone through the knowledge base (or the installed
command) as a user would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kbtui.corpus import git_dates
from kbtui.corpus.git_dates import GitDates, read_git_dates, redated
from kbtui.search.knowledge_base import KnowledgeBase

KBTUI = Path(sys.executable).with_name("kbtui")
REAL_GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(
    REAL_GIT is None and not os.environ.get("CI"), reason="git is not installed"
)  # in CI git must be there (.ci/run installs it): the tests then fail rather than skip

T1, T2, T3, T4 = 1_600_000_000, 1_650_000_000, 1_700_000_000, 1_710_000_000
CAFE = os.fsdecode(b"caf\xe9\tx.md")  # not UTF-8, and a tab: git and kbtui must agree on it


def local(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds)


def git(folder: Path, *arguments: str, when: int | None = None) -> str:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
                   "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    if when is not None:
        environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    command = [REAL_GIT or "git", "-c", "init.defaultBranch=main", *arguments]
    done = subprocess.run(command, cwd=folder, env=environment, capture_output=True,
                          check=True, timeout=60)  # fmt: skip
    return done.stdout.decode()


def commit(repository: Path, when: int) -> None:
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", f"at {when}", when=when)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """Three commits, the notes in ``kb/``: edits, a move, a rename with an edit, a note
    deleted and added again, a name that is not UTF-8, a file outside the notes."""
    repository = tmp_path / "origin"
    repository.mkdir()
    git(repository, "init", "-q")
    kb = repository / "kb"
    write(kb / "a/alpha.md", "# Alpha\nalpha words v1\n")
    write(kb / "beta.md", "---\ndate: 2019-05-05\n---\n# Beta\nbeta words\n")
    write(kb / "gamma.md", "# Gamma\ngamma words\n")
    delta = "# Delta\n" + "".join(f"delta words, line {n}\n" for n in range(20))
    write(kb / "delta.md", delta)
    write(kb / "eps.md", "# Eps\nfirst eps\n")
    commit(repository, T1)
    write(kb / "a/alpha.md", "# Alpha\nalpha words v2\n")
    (kb / "eps.md").unlink()
    (kb / CAFE).write_text("# Café\ncafe words\n", encoding="utf-8")
    commit(repository, T2)
    (kb / "b").mkdir()
    (kb / "gamma.md").rename(kb / "b/gamma.md")  # moved, unchanged
    (kb / "delta.md").unlink()
    write(kb / "b/delta.md", delta + "one more line\n")  # similar: found as a rename
    write(kb / "eps.md", "# Eps\nsecond eps\n")
    write(repository / "outside.md", "# Outside\nnot under the notes folder\n")
    commit(repository, T3)
    return repository


@pytest.fixture
def clone(origin: Path, tmp_path: Path) -> Path:
    git(tmp_path, "clone", "-q", str(origin), "clone")
    return tmp_path / "clone"


def synced(root: Path) -> KnowledgeBase:
    knowledge_base = KnowledgeBase(root)
    knowledge_base.sync()
    return knowledge_base


def dates(knowledge_base: KnowledgeBase, note_id: str) -> tuple[dt.datetime, str, dt.datetime]:
    note = knowledge_base.store.get(note_id)
    assert note is not None, note_id
    return note.date, note.date_source, note.created


def test_a_fresh_clone_dates_each_note_by_its_commits(clone):
    knowledge_base = synced(clone / "kb")
    assert dates(knowledge_base, "a/alpha.md") == (local(T2), "git", local(T1))
    assert dates(knowledge_base, CAFE) == (local(T2), "git", local(T2))
    # A move alone is not an update, and the note keeps its history under its new name;
    # a rename with an edit is an update.
    assert dates(knowledge_base, "b/gamma.md") == (local(T1), "git", local(T1))
    assert dates(knowledge_base, "b/delta.md") == (local(T3), "git", local(T1))
    # Deleted, then added again: created when this file was added, not the earlier one.
    assert dates(knowledge_base, "eps.md") == (local(T3), "git", local(T3))


def test_front_matter_date_wins_over_git(clone):
    knowledge_base = synced(clone / "kb")
    assert dates(knowledge_base, "beta.md") == (dt.datetime(2019, 5, 5), "front matter", local(T1))


def test_a_date_kbtui_cannot_read_falls_back_to_the_last_commit(clone):
    write(clone / "kb/odd.md", "---\ndate: someday\n---\n# Odd\n")
    commit(clone, T4)
    knowledge_base = KnowledgeBase(clone / "kb")
    report = knowledge_base.sync()
    assert dates(knowledge_base, "odd.md") == (local(T4), "git", local(T4))
    problem = "date 'someday' is not a date kbtui can read; using its last commit's date"
    assert report.problems == [("odd.md", problem)]


def test_the_top_of_the_work_tree_as_notes_folder(clone):
    knowledge_base = synced(clone)
    assert dates(knowledge_base, "outside.md") == (local(T3), "git", local(T3))
    assert dates(knowledge_base, "kb/a/alpha.md") == (local(T2), "git", local(T1))


def test_untracked_and_modified_notes_use_their_files_times(clone):
    kb = clone / "kb"
    write(kb / "new.md", "# New\nnot added to git\n")
    write(kb / "a/alpha.md", "# Alpha\nedited, not committed\n")
    os.utime(kb / "new.md", (T4, T4))
    os.utime(kb / "a/alpha.md", (T4 + 60, T4 + 60))
    knowledge_base = synced(kb)
    assert dates(knowledge_base, "new.md") == (local(T4), "file time", local(T4))
    # Changed after its last commit: its file's time, but it was still created at T1.
    assert dates(knowledge_base, "a/alpha.md") == (local(T4 + 60), "file time", local(T1))
    git(clone, "add", "kb/a/alpha.md")  # staged is not committed either
    knowledge_base.sync()
    assert dates(knowledge_base, "a/alpha.md")[1] == "file time"


def test_committing_a_note_dates_it_though_its_file_is_unchanged(clone):
    kb = clone / "kb"
    write(kb / "a/alpha.md", "# Alpha\nedited\n")
    knowledge_base = synced(kb)
    assert dates(knowledge_base, "a/alpha.md")[1] == "file time"
    stat = (kb / "a/alpha.md").stat()
    commit(clone, T4)
    assert (kb / "a/alpha.md").stat().st_mtime_ns == stat.st_mtime_ns
    report = knowledge_base.sync()
    assert (report.updated, report.added) == (1, 0)
    assert dates(knowledge_base, "a/alpha.md") == (local(T4), "git", local(T1))
    git(clone, "reset", "-q", "--soft", "HEAD~1")  # undone: changed since its commit again
    knowledge_base.sync()
    assert dates(knowledge_base, "a/alpha.md")[1] == "file time"
    commit(clone, T4)
    knowledge_base.sync()
    git(clone, "reset", "-q", "--hard", "HEAD~1")  # HEAD went back: not the history since
    knowledge_base.sync()
    assert dates(knowledge_base, "a/alpha.md") == (local(T2), "git", local(T1))


def test_a_pull_that_changes_a_note_dates_it_again(origin, clone):
    kb = clone / "kb"
    knowledge_base = synced(kb)
    write(origin / "kb/a/alpha.md", "# Alpha\nalpha words v3\n")  # the same size as v2
    commit(origin, T4)
    before = (kb / "a/alpha.md").stat()
    git(clone, "pull", "-q", "--ff-only")
    # Its file as it was (size and time): only git can tell that the note changed.
    os.utime(kb / "a/alpha.md", ns=(before.st_atime_ns, before.st_mtime_ns))
    report = knowledge_base.sync()
    assert (report.updated, report.unchanged) == (1, 5)
    assert dates(knowledge_base, "a/alpha.md") == (local(T4), "git", local(T1))
    assert dates(knowledge_base, "b/gamma.md") == (local(T1), "git", local(T1))


@pytest.fixture
def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git on PATH that writes down each command it runs, then runs the real one."""
    folder = tmp_path / "logging-git"
    folder.mkdir()
    log = tmp_path / "git-calls.txt"
    script = folder / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{REAL_GIT}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def commands(log: Path) -> list[str]:
    """The git commands kbtui ran since the last look, without the options before them."""
    calls = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    known = ("status", "log", "rev-parse", "ls-tree", "merge-base")
    return [call[min(call.find(f" {c} ") + 1 or len(call) for c in known) :] for call in calls]


def test_an_unchanged_head_reads_no_history(clone, git_calls):
    knowledge_base = synced(clone / "kb")
    assert [c.split()[0] for c in commands(git_calls)] == ["status", "rev-parse", "ls-tree", "log"]
    report = knowledge_base.sync()
    assert not report.changed
    (status,) = commands(git_calls)  # the history comes from beside the index
    assert status.startswith("status ")
    head = git(clone, "rev-parse", "HEAD").strip()
    write(clone / "outside.md", "# Outside\nchanged, outside the notes\n")
    commit(clone, T4)
    report = knowledge_base.sync()  # HEAD moved on: only the commits since are read
    assert not report.changed
    log = [c for c in commands(git_calls) if c.startswith("log ")]
    assert len(log) == 1 and f" {head}..HEAD -- ." in log[0]
    assert KnowledgeBase(clone / "kb").sync().changed is False
    assert [c.split()[0] for c in commands(git_calls)] == ["status"]


def test_after_a_pull_the_commits_since_give_what_the_whole_history_gives(origin, clone):
    kb = clone / "kb"
    before = read_git_dates(kb)
    (origin / "kb/b").rename(origin / "kb/c")  # moved, unchanged: the dates stay
    delta = origin / "kb/c/delta.md"
    write(delta, delta.read_text(encoding="utf-8") + "edited while moved\n")
    (origin / "kb/eps.md").unlink()
    write(origin / "kb/new.md", "# New\n")
    commit(origin, T4)
    (origin / "kb" / CAFE).write_text("# Café\nedited\n", encoding="utf-8")
    write(origin / "kb/eps.md", "# Eps\nthird eps\n")
    commit(origin, T4 + 60)
    git(clone, "pull", "-q", "--ff-only")
    after = read_git_dates(kb, before)
    assert after.history is not before.history
    assert after == read_git_dates(kb)  # the whole history read again
    assert after.history == {
        "a/alpha.md": (T1, T2), "beta.md": (T1, T1), "c/gamma.md": (T1, T1),
        "c/delta.md": (T1, T4), "eps.md": (T4 + 60, T4 + 60), "new.md": (T4, T4),
        CAFE: (T2, T4 + 60),
    }  # fmt: skip


def test_git_is_never_asked_to_write_into_the_notes_folder(clone):
    touched = clone / "kb/b/gamma.md"
    os.utime(touched, (T4, T4))  # git status would refresh its index file for this
    index_file = clone / ".git/index"
    before = index_file.read_bytes(), index_file.stat().st_mtime_ns
    synced(clone / "kb")
    assert (index_file.read_bytes(), index_file.stat().st_mtime_ns) == before


def test_a_shallow_clone_dates_from_the_history_it_has(origin, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "shallow")
    knowledge_base = synced(tmp_path / "shallow/kb")
    assert dates(knowledge_base, "a/alpha.md") == (local(T3), "git", local(T3))


def test_without_git_on_path_notes_use_their_files_times(clone, tmp_path, monkeypatch):
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    alpha = clone / "kb/a/alpha.md"
    os.utime(alpha, (T4, T4))
    knowledge_base = KnowledgeBase(clone / "kb")
    report = knowledge_base.sync()
    assert dates(knowledge_base, "a/alpha.md") == (local(T4), "file time", local(T4))
    assert report.dates_problem == ""  # silent: nothing the user must act on


def test_a_folder_outside_any_repository_runs_no_git(notes_root, write_note, git_calls):
    write_note("plain.md", "# Plain\n", mtime=T2)
    knowledge_base = synced(notes_root)
    assert dates(knowledge_base, "plain.md") == (local(T2), "file time", local(T2))
    assert commands(git_calls) == []


def test_git_too_slow_falls_back_with_one_line(clone, tmp_path, monkeypatch):
    folder = tmp_path / "slow-git"
    folder.mkdir()
    (folder / "git").write_text("#!/bin/sh\nexec sleep 10\n")
    (folder / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(git_dates, "GIT_TIMEOUT_SECONDS", 0.2)
    knowledge_base = KnowledgeBase(clone / "kb")
    report = knowledge_base.sync()
    assert dates(knowledge_base, "a/alpha.md")[1] == "file time"
    assert report.dates_problem == (
        "dates from git unavailable, using the files' times: git status took over 0.2 s"
    )
    assert report.dates_problem in report.notices(list_problems=True)
    assert report.dates_problem not in report.notices()  # `kbtui search` stays quiet


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the clone to another user")
def test_a_repository_git_refuses_falls_back_in_the_command(clone):
    for folder, _, files in os.walk(clone):
        for name in [".", *files]:
            os.chown(os.path.join(folder, name), 12345, 12345)  # safe.directory refuses it
    result = subprocess.run([str(KBTUI), "--notes", str(clone / "kb"), "index"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "6 added" in result.stdout
    lines = [line for line in result.stderr.splitlines() if "dates from git" in line]
    assert len(lines) == 1 and "dubious ownership" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_shows_where_each_date_came_from(clone):
    kb = str(clone / "kb")
    assert subprocess.run([str(KBTUI), "--notes", kb, "index"], timeout=60).returncode == 0
    result = subprocess.run([str(KBTUI), "--notes", kb, "search", "--json", "words"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    hits = {hit["id"]: hit for hit in json.loads(result.stdout)["hits"]}
    alpha = hits["a/alpha.md"]
    assert alpha["date_source"] == "git"
    assert alpha["date"] == local(T2).isoformat()
    assert alpha["created"] == local(T1).isoformat()
    assert hits["beta.md"]["date_source"] == "front matter"


def test_redated_compares_what_each_note_is_dated_by():
    before = GitDates("h1", "", {"a.md": (1, 2), "b.md": (1, 3)}, frozenset({"b.md"}))
    assert redated(None, before) == {"a.md", "b.md"}
    same_head = GitDates("h1", "", before.history, frozenset())
    assert redated(before, same_head) == {"b.md"}  # committed: dated by git now
    moved = GitDates("h2", "", {"a.md": (1, 2), "b.md": (1, 4), "c.md": (5, 5)}, frozenset())
    assert redated(same_head, moved) == {"b.md", "c.md"}
    assert GitDates.from_data(moved.as_data()) == moved
    assert GitDates.from_data({"head": "h"}) is None
    assert read_git_dates(Path("/")) == GitDates()  # outside any work tree
