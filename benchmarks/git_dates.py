"""What dating notes from git costs: the one pass over the history, and the cached path.

    python benchmarks/git_dates.py [--files 2000] [--commits 3000] [--runs 5] [--work DIR]

Writes a repository with git fast-import into the work folder (a temporary one by default):
FILES notes in ``notes/`` (a tenth of them with Chinese names), first added, then edited,
moved or renamed with an edit over COMMITS commits in all, one to three files a commit, and a
fresh clone of it, so every file has the time of the clone. Then the median of RUNS of:

- the git pass: ``read_git_dates`` with nothing cached (git status, rev-parse, ls-tree and
  the one git log), as the first sync after a clone runs it, with the notes folder a
  subfolder (``notes/``) and the top of the work tree;
- the cached path: ``read_git_dates`` with HEAD unchanged (one git status), and reading back
  the cache kept beside the index (``git-dates.json``);
- HEAD moved on by 10 commits (as by a pull): the commits since, read on top of the cache;
- a sync that finds nothing changed, in the clone and in a copy of its notes outside git.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kbtui.corpus.git_dates import GitDates, read_git_dates
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.manifest import Manifest

START = 1_500_000_000  # the first commit's time; each next one an hour later
FOLDERS = ["algorithms", "deep-learning", "generative", "llm", "python", "search", "vision"]


def history_stream(files: int, commits: int, seed: int = 7) -> bytes:
    """A fast-import stream: the notes added two a commit, then edited, moved and renamed."""
    rng = random.Random(seed)
    paths: list[str] = []
    chunks: list[bytes] = []

    def blob(text: str) -> bytes:
        data = text.encode()
        return b"data %d\n%s\n" % (len(data), data)

    def name(n: int) -> str:
        stem = f"笔记{n:05d}" if n % 10 == 0 else f"note-{n:05d}"
        return f"notes/{rng.choice(FOLDERS)}/{stem}.md"

    for number in range(commits):
        when = START + 3600 * number
        ops: list[bytes] = []
        if len(paths) < files:
            for _ in range(min(2, files - len(paths))):
                path = name(len(paths))
                paths.append(path)
                ops.append(b"M 100644 inline %s\n" % path.encode() + blob(f"# {path}\n\nfirst\n"))
        else:
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(paths))
                if rng.random() < 0.03:  # moved to another folder
                    new = f"notes/{rng.choice(FOLDERS)}/moved-{number}-{at}.md"
                    ops.append(b"R %s %s\n" % (paths[at].encode(), new.encode()))
                    paths[at] = new
                else:
                    lines = range(rng.randint(3, 60))
                    body = "".join(f"line {k} of edit {number}\n" for k in lines)
                    ops.append(b"M 100644 inline %s\n" % paths[at].encode() + blob(body))
        person = b"A <a@example.com> %d +0000\n" % when
        message = blob(f"commit {number}")
        chunks.append(b"commit refs/heads/main\nauthor " + person + b"committer " + person)
        chunks.append(message + b"".join(ops) + b"\n")
    return b"".join(chunks) + b"done\n"


def make_clone(work: Path, files: int, commits: int) -> Path:
    origin, clone = work / "origin.git", work / "clone"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=origin, check=True,
                   input=history_stream(files, commits))  # fmt: skip
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=origin, check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    return clone


def add_commits(clone: Path, count: int) -> None:
    """New commits in the clone, each editing one note, an hour after the last."""
    notes = sorted((clone / "notes").rglob("*.md"))
    for number in range(count):
        with open(notes[number * 37 % len(notes)], "a", encoding="utf-8") as note:
            note.write(f"added by commit {number}\n")
        when = f"@{START + 3600 * (10**6 + number)} +0000"
        environment = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        who = ["-c", "user.name=A", "-c", "user.email=a@example.com"]
        command = ["git", *who, "commit", "-qam", f"edit {number}"]
        subprocess.run(command, cwd=clone, env=environment, check=True)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="folder for the repository (default: a temp one)")
    options = parser.parse_args()
    temporary = None
    if options.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="kbtui-git-dates-")
        options.work = Path(temporary.name)
    options.work.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(options.work / "cache")  # never the user's own
    os.environ["XDG_DATA_HOME"] = str(options.work / "data")

    start = time.perf_counter()
    clone = make_clone(options.work, options.files, options.commits)
    made = time.perf_counter() - start
    notes = clone / "notes"
    fresh = read_git_dates(notes)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=clone, check=True,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"repository: {len(fresh.history)} notes at HEAD, {count} commits "
          f"(made and cloned in {made:.1f} s) in {options.work}")  # fmt: skip
    assert fresh.history and not fresh.problem, fresh.problem

    cold = median_seconds(lambda: read_git_dates(notes), options.runs)
    top = median_seconds(lambda: read_git_dates(clone), options.runs)
    warm = median_seconds(lambda: read_git_dates(notes, fresh), options.runs)
    knowledge_base = KnowledgeBase(notes)
    start = time.perf_counter()
    knowledge_base.sync()
    build = time.perf_counter() - start
    manifest: Manifest = knowledge_base.store.manifest
    cache_bytes = (manifest.directory / "git-dates.json").stat().st_size
    load = median_seconds(lambda: GitDates.from_data(manifest.read_git_dates()), options.runs)
    in_git = median_seconds(lambda: KnowledgeBase(notes).sync(), options.runs)
    plain = options.work / "plain-notes"
    shutil.copytree(notes, plain)
    KnowledgeBase(plain).sync()
    outside = median_seconds(lambda: KnowledgeBase(plain).sync(), options.runs)
    add_commits(clone, 10)
    pulled = median_seconds(lambda: read_git_dates(notes, fresh), options.runs)
    assert read_git_dates(notes, fresh) == read_git_dates(notes)

    rows = [
        ("git pass (status, rev-parse, ls-tree, log)", f"{cold * 1000:.0f} ms"),
        ("git pass, notes at the top of the work tree", f"{top * 1000:.0f} ms"),
        ("HEAD 10 commits on: the commits since", f"{pulled * 1000:.0f} ms"),
        ("cached path: git status, HEAD unchanged", f"{warm * 1000:.1f} ms"),
        (f"cached path: read git-dates.json ({cache_bytes // 1024} KB)", f"{load * 1000:.1f} ms"),
        ("full index build of the clone", f"{build:.2f} s"),
        ("sync, nothing changed, in the clone", f"{in_git * 1000:.0f} ms"),
        ("sync, nothing changed, same notes outside git", f"{outside * 1000:.0f} ms"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(json.dumps({"runs": options.runs, "files": options.files, "commits": options.commits}))
    if temporary is not None:
        temporary.cleanup()


if __name__ == "__main__":
    main()
