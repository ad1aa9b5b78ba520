"""The feed's orders, unread counts and mark all read, in process, on a notes folder.

    python benchmarks/feed_workflow.py NOTES_DIR [--runs R] [--cache DIR]

Uses a throwaway cache and data folder unless --cache names one whose index is kept (the
build is not timed; 100,000 notes take minutes). Each figure is the median of R runs (3),
as the app does it: a new session's feed (one sorted search of the index, then its integer
columns) and the line under its title (the unread count), with no note read, then with every
note read; and marking every note read as the A key does it (the notes' ids and
fingerprints from the index, one SQLite transaction in another connection, then the app's
state in memory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, help="the cache folder to keep the index in")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kbtui-feed-"))
    os.environ["XDG_CACHE_HOME"] = str(args.cache or work / "cache")
    os.environ["XDG_DATA_HOME"] = str(work / "data")

    from kbtui.app.session import Session
    from kbtui.search.feed import FeedOrder

    session = Session(args.notes.resolve())
    if session.knowledge_base.needs_sync() or not session.note_count():
        session.sync()
        session.index_changed()
    count = session.note_count()
    print(f"{count:,} notes, {args.runs} runs each, median ms")

    def feed_and_summary() -> None:
        entries = session.feed_entries()
        entries.position_of(entries[len(entries) // 2].note.id)  # the cursor kept on a note
        session.feed_summary()

    rows = []
    for read in ("no note read", "every note read"):
        if read == "every note read":
            entries = session.feed_entries()
            unread = entries.unread_positions()
            started = time.perf_counter()
            notes = entries.versions(unread)
            found = time.perf_counter()
            session.mark_all_read(notes)
            written = time.perf_counter()
            session.state.remember_read(notes)
            remembered = time.perf_counter()
            rows.append((f"mark {len(notes):,} read: ids from the index", (found - started) * 1e3))
            rows.append(("  one transaction (worker's connection)", (written - found) * 1e3))
            rows.append(("  the app's state in memory", (remembered - written) * 1e3))
        for order in FeedOrder:
            session.set_order(order)
            feed_and_summary()  # once, to warm what the app keeps between redraws
            took = median_ms(feed_and_summary, args.runs)
            rows.append((f"feed {order.describe()}, {read}", took))
    for label, ms in rows:
        print(f"{label:<50} {ms:8.0f}")


if __name__ == "__main__":
    main()
