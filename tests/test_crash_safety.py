"""Crashes at chosen instants: kill -9 at either side of a tantivy commit, and while tantivy
writes a delete file. The next run ends with the index and the manifest agreeing, no note
lost or doubled, and no full rebuild."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

KBTUI = Path(sys.executable).with_name("kbtui")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KBTUI), *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def indexed_ids(root: Path) -> list[str]:
    result = run("search", "--notes", str(root), "--json", "-n", "100000", "crashcase")
    assert result.returncode == 0, result.stderr
    return [hit["id"] for hit in json.loads(result.stdout)["hits"]]


def write(root: Path, number: int, text: str) -> None:
    (root / f"n{number:03d}.md").write_text(f"# 笔记 {number}\n\ncrashcase {text}\n" * 5, "utf-8")


@pytest.fixture
def indexed(notes_root):
    for number in range(40):
        write(notes_root, number, "原文")
    assert run("index", "--notes", str(notes_root)).returncode == 0
    return notes_root


def change_some(root: Path) -> set[str]:
    """Five notes changed, three added, one removed: what the folder then holds."""
    for number in range(5):
        write(root, number, "改过")
    for number in range(40, 43):
        write(root, number, "新的")
    (root / "n039.md").unlink()
    return {f"n{number:03d}.md" for number in range(43) if number != 39}


@pytest.mark.parametrize("point", ["before-commit", "after-commit"])
def test_a_kill_at_either_side_of_a_commit_loses_and_doubles_nothing(indexed, point):
    expected = change_some(indexed)
    crashed = run("index", "--notes", str(indexed), env={"KBTUI_CRASH_AT": point})
    assert crashed.returncode == -signal.SIGKILL
    after = run("index", "--notes", str(indexed))
    assert after.returncode == 0 and "rebuilding" not in after.stderr  # no full rebuild
    if point == "after-commit":  # the commit landed: nothing is left to do
        assert after.stdout.startswith("0 added, 0 updated, 0 removed, 42 unchanged")
    else:  # it did not: the same work is done again
        assert after.stdout.startswith("3 added, 5 updated, 1 removed, 34 unchanged")
    ids = indexed_ids(indexed)
    assert sorted(ids) == sorted(expected)  # each note once
    changed = run("search", "--notes", str(indexed), "--json", "-n", "50", "改过")
    assert len(json.loads(changed.stdout)["hits"]) == 5


@pytest.mark.slow
def test_a_writer_killed_as_it_writes_a_delete_file_does_not_stop_later_commits(notes_root):
    """tantivy names a delete file after the next commit's opstamp; one left by a killed
    writer made every later commit fail (FileAlreadyExists) until --rebuild."""
    for number in range(600):
        write(notes_root, number, "原文 " * 30)
    assert run("index", "--notes", str(notes_root)).returncode == 0
    index_dir = next((Path(os.environ["XDG_CACHE_HOME"])).rglob("meta.json")).parent
    killed_at = None
    for attempt in range(5):
        for number in range(300):
            write(notes_root, number, f"第 {attempt} 次改动")
        before = set(os.listdir(index_dir))
        command = [str(KBTUI), "index", "--notes", str(notes_root)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None:
            new = [name for name in set(os.listdir(index_dir)) - before if name.endswith(".del")]
            if new:
                process.kill()
                killed_at = new[0]
                break
        process.wait()
        if killed_at:
            break
        assert run("index", "--notes", str(notes_root)).returncode == 0
    assert killed_at, "the writer never got to write a delete file before it ended"
    again = run("index", "--notes", str(notes_root))
    assert again.returncode == 0, again.stderr
    ids = indexed_ids(notes_root)
    assert len(ids) == len(set(ids)) == 600


def test_a_fifo_where_a_note_was_is_refused_without_blocking(indexed):
    note = indexed / "n001.md"
    note.unlink()
    os.mkfifo(note)  # nothing will ever write to it: reading it would wait for ever
    shown = run("show", "--notes", str(indexed), "n001.md")  # (show syncs first)
    assert shown.returncode == 2
    assert "not a regular file" in shown.stderr or "no note matches" in shown.stderr
    index = run("index", "--notes", str(indexed))
    assert index.returncode == 0 and "n001.md" not in indexed_ids(indexed)


def test_a_read_only_cache_is_searched_as_it_is_with_a_notice(indexed):
    from tests.processes import as_a_user

    cache = Path(os.environ["XDG_CACHE_HOME"])
    write(indexed, 41, "后来加的")  # a change it will not be able to index
    folders = [cache, *[path for path in cache.rglob("*") if path.is_dir()]]
    try:
        for folder in folders:
            folder.chmod(0o555)
        found = as_a_user("search", "--notes", str(indexed), "crashcase", "-n", "100")
        assert found.returncode == 0 and found.stdout.count("· n0") == 40  # not n041
        assert "cannot write the index folder: searching it as it was" in found.stderr
        index = as_a_user("index", "--notes", str(indexed))
        assert index.returncode == 2 and "not updating it" in index.stderr
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert run("index", "--notes", str(indexed)).stdout.startswith("1 added")  # writable again
    assert len(indexed_ids(indexed)) == 41


ODD_NAMES = [
    b"bad-\xff\xfe.md", b"line\nbreak.md", b"tab\there.md", b"cr\rname.md", b"esc\x1b[2J.md"
]  # fmt: skip


def test_any_name_the_file_system_allows_is_a_note_whose_id_round_trips(notes_root):
    for number, name in enumerate(ODD_NAMES):
        with open(os.fsencode(notes_root) + b"/" + name, "wb") as handle:
            handle.write(f"# 怪名 {number}\n\noddname 第 {number} 篇\n".encode())
    (notes_root / "plain.md").write_text("# 平常\n\noddname 平常\n", "utf-8")
    indexed = run("index", "--notes", str(notes_root))
    assert indexed.returncode == 0 and indexed.stdout.startswith("6 added"), indexed.stderr
    found = run("search", "--notes", str(notes_root), "--json", "oddname")
    ids = [hit["id"] for hit in json.loads(found.stdout)["hits"]]
    assert sorted(os.fsencode(note_id) for note_id in ids) == sorted([*ODD_NAMES, b"plain.md"])
    for note_id in ids:  # each id, given back as the bytes it names, opens its note
        shown = run("show", "--notes", str(notes_root), note_id)
        assert shown.returncode == 0 and "oddname" in shown.stdout, (note_id, shown.stderr)
    plain = run("search", "--notes", str(notes_root), "oddname").stdout
    for drawn in ("bad-\\xff\\xfe.md", "line\\nbreak.md", "tab\\there.md", "cr\\rname.md",
                  "esc\\x1b[2J.md"):  # fmt: skip
        assert drawn in plain  # shown by its escapes, never as the bytes themselves
    assert "\x1b" not in plain and "\r" not in plain and "\t" not in plain


def garble_a_store_file(notes_root: Path) -> str:
    index_dir = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("meta.json")).parent
    store = max(index_dir.glob("*.store"), key=lambda path: path.stat().st_size)
    with open(store, "r+b") as handle:
        size = store.stat().st_size  # bytes overwritten in place, the footer left whole
        handle.seek(size // 4)
        handle.write((bytes(range(256)) * 8)[: size // 4])
    return store.name


def test_kbtui_index_finds_a_damaged_store_by_its_checksum_and_rebuilds(indexed):
    name = garble_a_store_file(indexed)
    result = run("index", "--notes", str(indexed))
    assert result.returncode == 0
    assert f"rebuilding the index: index damaged ({name} fails its checksum)" in result.stderr
    assert sorted(indexed_ids(indexed)) == [f"n{number:03d}.md" for number in range(40)]


def test_a_search_that_trips_over_a_damaged_store_repairs_it_and_answers(indexed):
    garble_a_store_file(indexed)
    result = run("search", "--notes", str(indexed), "--json", "-n", "100", "crashcase")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["hits"]) == 40
    assert "index damaged" in result.stderr


def test_a_rebuild_keeps_the_old_index_whole_until_it_commits(indexed):
    crashed = run(
        "index", "--rebuild", "--notes", str(indexed), env={"KBTUI_CRASH_AT": "before-commit"}
    )
    assert crashed.returncode == -signal.SIGKILL
    assert len(indexed_ids(indexed)) == 40  # the old index, whole
    stalled = subprocess.Popen(
        [str(KBTUI), "index", "--rebuild", "--notes", str(indexed)],
        env={**os.environ, "KBTUI_STALL_AT": "before-commit", "KBTUI_STALL_SECONDS": "4"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    index_dir = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("meta.json")).parent
    lock = index_dir / ".tantivy-writer.lock"
    deadline = time.monotonic() + 20
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the documents are added; it waits before its commit
    during = indexed_ids(indexed)
    lock.unlink()  # tantivy's lock deleted under the running rebuild
    second = run("index", "--rebuild", "--notes", str(indexed))
    first_out, first_err = stalled.communicate(timeout=60)
    assert len(during) == 40  # searched mid-rebuild: the old index, whole
    assert second.returncode == 0 and "another kbtui is updating the index" in second.stderr
    assert stalled.returncode == 0, first_err
    assert sorted(indexed_ids(indexed)) == [f"n{number:03d}.md" for number in range(40)]


@pytest.mark.slow
def test_a_rebuild_of_many_notes_never_shows_searches_a_part(notes_root):
    from kbtui.search.indexer import COMMIT_EVERY

    for number in range(COMMIT_EVERY + 100):
        (notes_root / f"m{number:05d}.md").write_text(f"crashcase {number}\n", "utf-8")
    assert run("index", "--notes", str(notes_root)).returncode == 0
    crashed = run("index", "--rebuild", "--notes", str(notes_root),
                  env={"KBTUI_CRASH_AT": "after-commit"})  # fmt: skip
    assert crashed.returncode == -signal.SIGKILL  # killed after its first (and only) commit
    from kbtui.search.knowledge_base import KnowledgeBase

    seen = KnowledgeBase(notes_root).store.note_count()  # what a search sees, before any sync
    assert seen == COMMIT_EVERY + 100  # all of them: never the first batch alone
    shutil.rmtree(next(Path(os.environ["XDG_CACHE_HOME"]).rglob("meta.json")).parent)
    building = subprocess.Popen(
        [str(KBTUI), "index", "--notes", str(notes_root)],
        env={**os.environ, "KBTUI_STALL_AT": "before-commit", "KBTUI_STALL_SECONDS": "6"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    marks = []
    while not marks and time.monotonic() < deadline:
        marks = list(Path(os.environ["XDG_CACHE_HOME"]).rglob("building"))
        time.sleep(0.05)
    during = run("search", "--notes", str(notes_root), "crashcase")
    building.wait(timeout=60)
    assert "the index is still being built by another kbtui: results are partial" in during.stderr


@pytest.mark.slow
def test_a_full_disk_mid_build_is_said_and_leaves_the_disk_as_it_was(notes_root, tmp_path):
    """The index's disk is a 3 MB tmpfs, mounted in a user namespace of its own (no root
    needed), too small for the notes: the build fails with one line and frees what it wrote."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is missing: .ci/run installs it")
    for number in range(1500):
        words = " ".join(f"w{(number * 7919 + k) % 5003:04d}x" for k in range(600))
        (notes_root / f"n{number:04d}.md").write_text(f"# note {number}\n\n{words}\n", "utf-8")
    cache = tmp_path / "small-disk"
    cache.mkdir()
    script = (
        f"mount -t tmpfs -o size=3m tmpfs '{cache}' && "
        f"XDG_CACHE_HOME='{cache}' '{KBTUI}' index --notes '{notes_root}'; echo \"rc=$?\"; "
        f"df -k '{cache}' | tail -1"
    )
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert "rc=2" in result.stdout, result.stderr
    (error,) = result.stderr.strip().splitlines()
    assert error.startswith("kbtui: the disk holding the index is full: ")
    used_kb = int(result.stdout.splitlines()[-1].split()[2])
    assert used_kb < 200  # the failed batch's segments were removed
