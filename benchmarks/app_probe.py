"""Measure the app headlessly with Textual's test driver; print one JSON object.

    python benchmarks/app_probe.py launch NOTES_DIR --spawned-at EPOCH_SECONDS
    python benchmarks/app_probe.py keys NOTES_DIR
    python benchmarks/app_probe.py big WORK_DIR
    python benchmarks/app_probe.py live NOTES_DIR

``launch``: from the moment the parent spawned this process (so Python's start and every
import count) to a painted feed, then the peak memory (VmHWM) after the index check and a
few searches. ``keys``: the last keystroke of a query in the search bar to the updated
results on screen, for each query. ``big``: opening a 2 MB note to its first screen, the
time until it is fully shown, and the longest stall of a 10 ms timer meanwhile (how long
the app could not answer a key). ``live``: with live reload on, a note written into the
folder (created, then changed) to the feed showing it, each time (the notes written are
removed after). Run by ``benchmarks/run.py``, one process per figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path

KEY_QUERIES = [
    "mamba", "注意力", "flash attention", "梯度", "DDP 原理", "loss scaling", "索引", "tree",
    "显存 优化", "checkpoint", "倒排", "softmax", "召回 排序", "prefetch", "量化", "kernel",
    "编码器", "HNSW", "采样", "pytorch", "残差", "optimizer", "动态规划", "cache",
]  # fmt: skip
BIG_NOTE_BYTES = 2_000_000


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def launch(notes: Path, spawned_at: float) -> dict:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.feed_list import FeedList

    app = KbtuiApp(notes)
    async with app.run_test(size=(120, 40)) as pilot:
        feed = app.query_one(FeedList)
        while not feed.entries:
            await pilot.pause(0.002)
        refreshed = asyncio.Event()
        app.call_after_refresh(refreshed.set)  # runs once the screen holding the feed is drawn
        await refreshed.wait()
        painted = time.time() - spawned_at
        await app.checked.wait()  # the check of the notes after the first frame
        await app.workers.wait_for_complete()
        for query in KEY_QUERIES[:6]:
            app.feed_pane.start_search(query)
            await app.workers.wait_for_complete()
        await pilot.pause()
        return {"launch_s": painted, "notes": len(feed.entries), "peak_rss_mb": peak_rss_mb()}


async def keys(notes: Path) -> dict:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.search_bar import SearchBar

    timings = []
    app = KbtuiApp(notes)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.checked.wait()  # the check of the notes after the first frame
        await app.workers.wait_for_complete()
        bar = app.query_one(SearchBar)
        await pilot.press("slash")
        for query in KEY_QUERIES:
            bar.value = query[:-1]
            await app.workers.wait_for_complete()
            await pilot.pause()
            started = time.perf_counter()
            bar.value = query  # the last keystroke
            while app.session.results is None or app.session.results.query.text != query:
                await asyncio.sleep(0.001)
            refreshed = asyncio.Event()
            app.call_after_refresh(refreshed.set)  # the results are drawn
            await refreshed.wait()
            timings.append(time.perf_counter() - started)
            bar.value = ""
            await pilot.pause()
    return {"keystroke_s": timings}


def write_big_note(folder: Path) -> Path:
    """A 2 MB note of the benchmark corpus's prose, code, formulas and tables."""
    sys.path.insert(0, str(Path(__file__).parent))
    from make_corpus import block

    rng = random.Random(2)
    folder.mkdir(parents=True, exist_ok=True)
    pieces, size = ['---\ntitle: "一篇 2 MB 的长笔记"\ndate: 2026-11-30\n---\n'], 0
    while size < BIG_NOTE_BYTES:
        pieces.append(block(rng))
        size += len(pieces[-1].encode()) + 2
    path = folder / "big.md"
    path.write_text("\n\n".join(pieces) + "\n", encoding="utf-8")
    return path


async def big(work: Path) -> dict:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.viewer import ArticleViewer

    notes = work / "notes"
    write_big_note(notes)
    app = KbtuiApp(notes)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.checked.wait()  # the check of the notes after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        ticks: list[float] = []
        app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
        await pilot.pause(0.05)
        started = time.perf_counter()
        viewer = app.query_one(ArticleViewer)
        shown = asyncio.Event()
        app.open_note("big.md")
        while viewer.note is None or viewer.note.id != "big.md" or viewer._loading:
            await asyncio.sleep(0.002)  # not pilot.pause(): it would wait for the rest too
        app.call_after_refresh(shown.set)
        await shown.wait()  # the first screen is drawn
        first = time.perf_counter() - started
        while viewer.loading_rest:
            await asyncio.sleep(0.01)
        await pilot.pause(0.05)
        complete = time.perf_counter() - started
        gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b >= started]
    return {"first_paint_s": first, "complete_s": complete, "longest_stall_s": max(gaps or [0])}


LIVE_WRITES = 10


async def live(notes: Path) -> dict:
    from kbtui.app.app import KbtuiApp
    from kbtui.app.feed_list import FeedList

    created, changed = [], []
    written = [notes / f"zz-live-{n}.md" for n in range(LIVE_WRITES)]
    for path in written:  # left by a run that was killed
        path.unlink(missing_ok=True)
    app = KbtuiApp(notes, live_reload=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.checked.wait()
            feed = app.query_one(FeedList)
            await pilot.pause(0.5)  # the watch is set up
            for number, path in enumerate(written):
                for title, timings, second in (
                    (f"实时笔记 {number}", created, 0),
                    (f"改过的 {number}", changed, 30),
                ):  # each newer than the last: it goes to the top of the feed
                    started = time.perf_counter()
                    date = f"2099-01-01 00:{number:02}:{second:02}"
                    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n正文。\n")
                    while not feed.entries or feed.entries[0].note.title != title:
                        await asyncio.sleep(0.002)
                    refreshed = asyncio.Event()
                    app.call_after_refresh(refreshed.set)
                    await refreshed.wait()  # drawn
                    timings.append(time.perf_counter() - started)
                    await pilot.pause(0.1)
    finally:
        for path in written:
            path.unlink(missing_ok=True)
    return {"created_s": created, "changed_s": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figure", choices=["launch", "keys", "big", "live"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--spawned-at", type=float, default=None)
    args = parser.parse_args()
    if args.figure == "launch":
        result = asyncio.run(launch(args.folder, args.spawned_at or time.time()))
    elif args.figure == "keys":
        result = asyncio.run(keys(args.folder))
    elif args.figure == "live":
        result = asyncio.run(live(args.folder))
    else:
        result = asyncio.run(big(args.folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
