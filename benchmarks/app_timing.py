"""Time the app headlessly: launch to a painted feed, and a search keystroke to updated results.

    python benchmarks/app_timing.py [NOTES_DIR]

Uses a throwaway cache/data folder; the index is built once first (not timed),
so the figures are for a warm start, as a user sees it every day after the
first. Prints a small table.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["mamba", "索引", "flash attention", "梯度", "DDP 原理", "loss scaling", "背包", "tree"]


async def launch_to_feed(notes: Path) -> float:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.feed_list import FeedList

    started = time.perf_counter()
    app = KbtuiApp(notes)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.query_one(FeedList).entries:
            await pilot.pause(0.005)
        await pilot.pause()  # one refresh: the feed is painted
        elapsed = time.perf_counter() - started
        await app.workers.wait_for_complete()
    return elapsed


async def keystroke_to_results(notes: Path) -> list[float]:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.search_bar import SearchBar

    timings = []
    app = KbtuiApp(notes)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        bar = app.query_one(SearchBar)
        await pilot.press("slash")
        for query in QUERIES:
            bar.value = ""
            await pilot.pause()
            bar.value = query[:-1]
            await app.workers.wait_for_complete()
            await pilot.pause()
            started = time.perf_counter()
            bar.value = query  # the last keystroke
            while app.results is None or app.results.query.text != query:
                await pilot.pause(0.001)
            await pilot.pause()
            timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    notes = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as home:
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[variable] = str(Path(home, variable))
        from kbtui.config import resolve_notes_root
        from kbtui.index import NoteIndex

        root = resolve_notes_root(str(notes) if notes else None)
        count = NoteIndex(root).sync().added
        launches = [asyncio.run(launch_to_feed(root)) for _ in range(3)]
        keys = asyncio.run(keystroke_to_results(root))
    print(f"notes folder: {root} ({count} notes)")
    print(f"{'figure':<36}{'value':>12}")
    launch = statistics.median(launches) * 1000
    print(f"{'launch to painted feed (median of 3)':<36}{launch:>10.0f} ms")
    keys.sort()
    p95 = keys[min(len(keys) - 1, round(0.95 * (len(keys) - 1)))]
    print(f"{'keystroke to results, median':<36}{statistics.median(keys) * 1000:>10.1f} ms")
    print(f"{'keystroke to results, p95':<36}{p95 * 1000:>10.1f} ms")


if __name__ == "__main__":
    main()
