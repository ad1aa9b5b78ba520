"""Soak test: kill -9 at random instants of builds, updates and reading-state writes, then
check that the next run recovers with nothing lost or doubled. Not a CI test: it runs for
minutes and prints one line per trial and a summary.

    python benchmarks/soak_kill9.py [--trials 100] [--notes 3000] [--seed 1] [--work DIR]

Each trial picks one of:
- build: ``kbtui index --rebuild`` of the whole folder;
- update: a random tenth of the notes changed, some added, some removed, then ``kbtui index``;
- state: a process marking notes read and bookmarked, one transaction each, printing each
  mark once it is committed;
and kills it with SIGKILL after a random delay within its usual run time. Then ``kbtui index``
runs and the trial passes when: the index holds every note on disk exactly once, a second
``kbtui index`` finds nothing to do (index and manifest agree), no rebuild from scratch was
needed after an update, and every mark printed before the kill is still there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KBTUI = Path(sys.executable).with_name("kbtui")
STATE_WRITER = """
import sys
from pathlib import Path
from kbtui.state.reading import ReadingState
state = ReadingState(Path(sys.argv[1]))
for number in range(int(sys.argv[2]), 10**9):
    note = f"n{number % int(sys.argv[3]):05d}.md"
    state.mark_read(note, f"fingerprint-{number}")
    state.set_bookmarked(note, number % 2 == 0)
    print(note, number % 2 == 0, flush=True)
"""


def write_note(root: Path, number: int, version: int) -> None:
    words = " ".join(f"词{(number * 31 + k * 7 + version) % 997} term{k % 50}" for k in range(80))
    (root / f"n{number:05d}.md").write_text(f"# 笔记 {number} v{version}\n\nsoakcase {words}\n")


def kbtui(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KBTUI), *args], capture_output=True, text=True, env=env,
                          timeout=600)  # fmt: skip


def indexed_ids(env: dict, notes: Path) -> list[str]:
    result = kbtui(env, "search", "--notes", str(notes), "--json", "-n", "1000000", "soakcase")
    return (
        [hit["id"] for hit in json.loads(result.stdout)["hits"]] if result.returncode == 0 else []
    )


def kill_after(command: list[str], env: dict, delay: float) -> tuple[bool, str]:
    """Run and SIGKILL after ``delay`` seconds; whether it was killed, and its output."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    try:
        out, _ = process.communicate(timeout=delay)
        return False, out
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        return True, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="kbtui-soak-"))
    shutil.rmtree(work, ignore_errors=True)
    notes = work / "notes"
    notes.mkdir(parents=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"),
           "XDG_CONFIG_HOME": str(work / "config"), "HOME": str(work / "home")}  # fmt: skip
    versions = {number: 0 for number in range(args.notes)}
    for number in versions:
        write_note(notes, number, 0)
    started = time.monotonic()
    kbtui(env, "index", "--notes", str(notes))
    build_seconds = time.monotonic() - started
    next_number, written = args.notes, 0
    recovered = killed = lost = doubled = marks_lost = rebuilds = 0
    for trial in range(1, args.trials + 1):
        kind = rng.choice(["build", "update", "state"])
        marks: dict[str, bool] = {}
        if kind == "build":
            was_killed, _ = kill_after([str(KBTUI), "index", "--rebuild", "--notes", str(notes)],
                                       env, rng.uniform(0.05, build_seconds))  # fmt: skip
        elif kind == "update":
            for number in rng.sample(sorted(versions), len(versions) // 10):
                versions[number] += 1
                write_note(notes, number, versions[number])
            for _ in range(rng.randint(0, 20)):
                versions[next_number] = 0
                write_note(notes, next_number, 0)
                next_number += 1
            for number in rng.sample(sorted(versions), rng.randint(0, 10)):
                (notes / f"n{number:05d}.md").unlink()
                del versions[number]
            was_killed, _ = kill_after([str(KBTUI), "index", "--notes", str(notes)], env,
                                       rng.uniform(0.05, build_seconds / 3))  # fmt: skip
        else:
            command = [sys.executable, "-c", STATE_WRITER, str(notes), str(written),
                       str(args.notes)]  # fmt: skip
            was_killed, out = kill_after(command, env, rng.uniform(0.2, 1.5))
            for line in out.splitlines():
                note, _, bookmarked = line.partition(" ")
                if bookmarked in ("True", "False"):  # a line cut by the kill is no mark
                    marks[note] = bookmarked == "True"
            written += len(out.splitlines())
        killed += was_killed
        after = kbtui(env, "index", "--notes", str(notes))
        again = kbtui(env, "index", "--notes", str(notes))
        ids = indexed_ids(env, notes)
        expected = {f"n{number:05d}.md" for number in versions}
        trial_lost = len(expected - set(ids))
        trial_doubled = len(ids) - len(set(ids))
        settled = again.stdout.startswith("0 added, 0 updated, 0 removed")
        rebuilt = kind == "update" and "rebuilding" in after.stderr
        trial_marks_lost = 0
        if marks:
            check = ("import sys, json; from pathlib import Path; from kbtui.state.reading import "
                     "ReadingState; s = ReadingState(Path(sys.argv[1])); "
                     "print(json.dumps({n: [s.get(n).read, s.get(n).bookmarked] "
                     "for n in json.loads(sys.argv[2])}))")  # fmt: skip
            seen = json.loads(subprocess.run([sys.executable, "-c", check, str(notes),
                                              json.dumps(list(marks))], env=env,
                                             capture_output=True, text=True).stdout)  # fmt: skip
            trial_marks_lost = sum(1 for n, b in marks.items() if seen[n] != [True, b])
        ok = after.returncode == 0 and settled and not (trial_lost or trial_doubled or rebuilt
                                                         or trial_marks_lost)  # fmt: skip
        recovered += ok
        lost, doubled, marks_lost = (
            lost + trial_lost,
            doubled + trial_doubled,
            marks_lost + trial_marks_lost,
        )
        rebuilds += rebuilt
        print(f"trial {trial:3d} {kind:6s} killed={was_killed!s:5s} recovered={ok!s:5s} "
              f"lost={trial_lost} doubled={trial_doubled} marks_lost={trial_marks_lost}"
              + ("" if ok else f"  [{after.stderr.strip()[:120]}]"), flush=True)  # fmt: skip
    print(
        f"\n{recovered}/{args.trials} recovered ({killed} killed mid-run): {lost} notes lost, "
        f"{doubled} doubled, {marks_lost} marks lost, {rebuilds} full rebuilds after an update; "
        f"{args.notes} notes, build {build_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
