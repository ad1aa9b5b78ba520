"""The index is a cache: damage is detected, rebuilt with a one-line notice, and nothing crashes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query

KBTUI = Path(sys.executable).with_name("kbtui")
REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KBTUI), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def small(notes_root, write_note):
    for number in range(12):
        write_note(f"n{number:02d}.md", f"faultcase 第 {number} 篇\n", title=f"笔记 {number}")
    write_note("ssm.md", "Mamba 与选择性扫描。\n", title="Mamba 笔记")
    index = KnowledgeBase(notes_root)
    index.sync()
    return notes_root, index.store.directory


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("damage", ["remove", "truncate"])
@pytest.mark.parametrize(
    "suffix", ["pos", "store", "idx", "term", "fast", "fieldnorm", "meta.json"]
)
def test_damaged_index_files_are_rebuilt_with_a_notice(small, damage, suffix):
    root, directory = small
    targets = [p for p in directory.iterdir() if p.name.endswith(f".{suffix}") or p.name == suffix]
    assert targets
    for target in targets:
        target.unlink() if damage == "remove" else truncate(target)
    result = run("search", "--notes", str(root), "mamba")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("Mamba 笔记")
    assert "Traceback" not in result.stderr
    notice = [line for line in result.stderr.splitlines() if "rebuilding the index" in line]
    assert len(notice) == 1
    total = run("search", "--notes", str(root), "--json", "faultcase")
    assert '"total": 12' in total.stdout  # rebuilt whole, nothing duplicated


def test_deleting_the_whole_index_is_safe(small):
    root, directory = small
    import shutil

    shutil.rmtree(directory)
    result = run("search", "--notes", str(root), "mamba")
    assert result.returncode == 0 and "Mamba 笔记" in result.stdout


def test_damage_seen_only_at_search_time_is_recovered(small):
    root, directory = small
    for positions in directory.glob("*.pos"):
        positions.unlink()
    index = KnowledgeBase(root)  # opens fine: the damage shows when a phrase needs positions
    results = index.search(parse_query("选择性扫描"), 5)
    assert [hit.note.id for hit in results.hits] == ["ssm.md"]
    assert results.notices and "rebuilding the index" in results.notices[0]


@pytest.mark.slow
def test_a_held_writer_lock_means_read_only_with_a_notice(small, write_note):
    root, _ = small
    holder = KnowledgeBase(root)
    writer = holder.store.index.writer(50_000_000, 1)  # another process would hold it the same way
    try:
        write_note("new.md", "lockcase\n", title="新笔记")
        started = time.monotonic()
        result = run("index", "--notes", str(root))
        assert result.returncode == 0 and time.monotonic() - started < 30
        assert "another kbtui is updating the index" in result.stderr
        searched = run("search", "--notes", str(root), "mamba")
        assert searched.returncode == 0 and "Mamba 笔记" in searched.stdout
    finally:
        writer.rollback()
        del writer
    after = run("index", "--notes", str(root))
    assert "1 added" in after.stdout


def generate_notes(root: Path, count: int, seed: int) -> None:
    """Realistic notes from the benchmark's seeded generator."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from make_corpus import note_text

    rng = random.Random(seed)
    for number in range(count):
        (root / f"g{number:05d}.md").write_text(note_text(rng, number), encoding="utf-8")


@pytest.mark.slow
def test_two_indexers_at_once_neither_crashes(notes_root):
    generate_notes(notes_root, 1500, seed=5)
    first = subprocess.Popen([str(KBTUI), "index", "--notes", str(notes_root)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    second = run("index", "--notes", str(notes_root))
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (err, second.stderr)
    assert "Traceback" not in err + second.stderr
    assert len(KnowledgeBase(notes_root).store.all_notes()) == 1500


@pytest.mark.slow
def test_kill_9_during_indexing_then_the_next_run_finishes(notes_root):
    count = 12_000  # more than one batch of COMMIT_EVERY
    generate_notes(notes_root, count, seed=9)
    process = subprocess.Popen([str(KBTUI), "index", "--notes", str(notes_root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    manifest = KnowledgeBase(notes_root).store.directory / "manifest.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.stat().st_size > 10_000:  # a batch has been committed
            break
        time.sleep(0.05)
    assert process.poll() is None, "indexing finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    result = run("index", "--notes", str(notes_root))
    assert result.returncode == 0
    added = int(result.stdout.split(" added")[0])
    assert 0 < added < count  # the committed batch was kept; the rest was finished now
    notes = KnowledgeBase(notes_root).store.all_notes()
    assert len(notes) == count and len({note.id for note in notes}) == count
