"""kbtui's benchmark suite: every speed figure of kbtui on one generated corpus, as one table.

    benchmarks/run [NOTES] [--runs R]        # installs ripgrep and kbtui if needed, then this
    python benchmarks/run.py [NOTES] [--runs R] [--work DIR]

NOTES (default 10,000) notes are generated once by ``make_corpus.py`` into the work folder
(default: ``kbtui-bench`` in the temporary folder) and reused. Every kbtui process runs with
its cache, data and config folders in the work folder too, never the user's. Each figure
is the median of R runs (default 3) unless it says otherwise; the page cache is warm (every
note is read just before each figure that reads notes). Progress goes to stderr, the table
to stdout, and the figures as JSON to ``results-NOTES.json`` in the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import EN_WORDS, ZH_WORDS  # noqa: E402

# Cold searches: each class is run as `kbtui search` and as the same search with ripgrep.
COLD_QUERIES: dict[str, list[str]] = {
    "Chinese": ["注意力", "倒排索引"],
    "English": ["mamba", "checkpoint"],
    "mixed": ["DDP 通信", "Mamba 显存"],
}
LATENCY_QUERIES = 200


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Bench:
    def __init__(self, notes: int, runs: int, work: Path) -> None:
        self.notes, self.runs, self.work = notes, runs, work
        self.corpus = work / f"corpus-{notes}"
        self.home = work / "home"
        self.kbtui = str(Path(sys.executable).with_name("kbtui"))
        self.env = dict(os.environ)
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            self.env[variable] = str(self.home / variable.lower())
        self.env.pop("KBTUI_NOTES", None)
        self.results: dict[str, object] = {}

    # -- running things ------------------------------------------------------------

    def timed(self, command: list[str]) -> tuple[float, float]:
        """Wall seconds and peak memory (MB) of one process run to its end."""
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: kbtui search found nothing, rg matched nothing
            raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
        return elapsed, usage.ru_maxrss / 1024

    def kb(self, *arguments: str) -> list[str]:
        return [self.kbtui, *arguments, "--notes", str(self.corpus)]

    # -- set-up ----------------------------------------------------------------------

    def make_corpus(self) -> None:
        marker = self.corpus / ".complete"
        if marker.exists():
            return
        log(f"writing {self.notes} notes to {self.corpus} (once)")
        shutil.rmtree(self.corpus, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), str(self.notes), str(self.corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.write_text("done\n")

    def corpus_files(self) -> list[Path]:
        return sorted(self.corpus.rglob("*.md"))

    def warm(self) -> None:
        """Read every note, so the figures are for a warm page cache as the targets say.

        Some machines reclaim cold pages within minutes (this one runs DAMON), so each
        figure that reads notes warms them again first.
        """
        for path in self.corpus_files():
            path.read_bytes()

    # -- the figures -----------------------------------------------------------------

    def build(self) -> None:
        size = sum(path.stat().st_size for path in self.corpus_files())
        walls, peaks = [], []
        cache = self.home / "xdg_cache_home"
        for run in range(self.runs):
            log(f"full index build {run + 1}/{self.runs}")
            shutil.rmtree(cache, ignore_errors=True)  # from nothing, as a first run builds it
            self.warm()
            wall, peak = self.timed(self.kb("index"))
            walls.append(wall)
            peaks.append(peak)
        wall = median(walls)
        self.results.update(
            build_s=wall,
            build_notes_per_s=self.notes / wall,
            build_mb_per_s=size / 1e6 / wall,
            build_peak_mb=max(peaks),
            corpus_mb=size / 1e6,
        )

    def incremental(self) -> None:
        files = self.corpus_files()
        originals: dict[Path, bytes] = {}

        def touch(paths: list[Path], run: int) -> None:
            for path in paths:
                originals.setdefault(path, path.read_bytes())
                path.write_bytes(originals[path] + f"\n\n补充说明 {run}。\n".encode())

        try:
            log("incremental updates")
            self.warm()
            none = [self.timed(self.kb("index"))[0] for _ in range(self.runs)]
            one = []
            for run in range(self.runs):
                touch([files[(run * 7919) % len(files)]], run)
                one.append(self.timed(self.kb("index"))[0])
            share, rng = max(1, len(files) // 100), random.Random(1)
            some = []
            for run in range(self.runs):
                touch(rng.sample(files, share), run)
                some.append(self.timed(self.kb("index"))[0])
        finally:
            for path, data in originals.items():
                path.write_bytes(data)
            self.timed(self.kb("index"))
        self.results.update(
            sync_none_s=median(none), sync_one_s=median(one), sync_percent_s=median(some)
        )

    def cold_search(self) -> None:
        rg = shutil.which("rg")
        rows = {}
        self.warm()
        for kind, queries in COLD_QUERIES.items():
            log(f"cold kbtui search and rg, {kind}")
            ours, theirs = [], []
            for query in queries:
                command = self.kb("search", *query.split(), "--limit", "10")
                self.timed(command)  # warm the page cache
                ours += [self.timed(command)[0] for _ in range(max(self.runs, 5))]
                if rg:
                    self.timed(self.rg_command(rg, query))
                    theirs += [self.timed(self.rg_command(rg, query))[0] for _ in range(self.runs)]
            rows[kind] = {
                "kbtui_s": median(ours),
                "rg_s": median(theirs) if theirs else None,
                "queries": queries,
            }
        self.results["cold_search"] = rows

    def rg_command(self, rg: str, query: str) -> list[str]:
        """ripgrep's version of the search: the notes holding every word, case folded."""
        first, *rest = query.split()
        command = f"{rg} -l -0 -i -F -e {first!r} {str(self.corpus)!r}"
        for word in rest:
            command += f" | xargs -0 -r {rg} -l -0 -i -F -e {word!r}"
        return ["bash", "-c", command]

    def latency(self) -> None:
        log(f"in-process search latency, {LATENCY_QUERIES} queries")
        os.environ.update({k: v for k, v in self.env.items() if k.startswith("XDG_")})
        from kbtui.search.knowledge_base import KnowledgeBase
        from kbtui.search.query import parse_query

        index = KnowledgeBase(self.corpus.resolve())
        index.sync()
        queries = latency_queries(LATENCY_QUERIES)
        for query in queries:  # warm up: the first search of a word reads its postings
            search_with_snippets(index, parse_query(query))
        timings = []
        for query in queries:
            started = time.perf_counter()
            search_with_snippets(index, parse_query(query))
            timings.append(time.perf_counter() - started)
        self.results.update(
            query_p50_ms=median(timings) * 1000, query_p99_ms=percentile(timings, 0.99) * 1000
        )

    def app(self) -> None:
        probe = [sys.executable, str(HERE / "app_probe.py")]
        launches = []
        for run in range(self.runs):
            log(f"app launch {run + 1}/{self.runs}")
            command = [*probe, "launch", str(self.corpus), "--spawned-at", str(time.time())]
            launches.append(self.probe(command))
        log("app keystrokes")
        keys = self.probe([*probe, "keys", str(self.corpus)])["keystroke_s"]
        bigs = []
        for run in range(self.runs):
            log(f"app opens a 2 MB note {run + 1}/{self.runs}")
            with tempfile.TemporaryDirectory(dir=self.work) as folder:
                bigs.append(self.probe([*probe, "big", folder]))
        log("app live reload")
        live = self.probe([*probe, "live", str(self.corpus)])
        self.results.update(
            live_created_p50_ms=median(live["created_s"]) * 1000,
            live_created_max_ms=max(live["created_s"]) * 1000,
            live_changed_p50_ms=median(live["changed_s"]) * 1000,
            live_changed_max_ms=max(live["changed_s"]) * 1000,
            live_max_ms=max(live["created_s"] + live["changed_s"]) * 1000,
            app_launch_s=median([launch["launch_s"] for launch in launches]),
            app_peak_rss_mb=max(launch["peak_rss_mb"] for launch in launches),
            keystroke_p50_ms=median(keys) * 1000,
            keystroke_p95_ms=percentile(keys, 0.95) * 1000,
            big_first_paint_s=median([b["first_paint_s"] for b in bigs]),
            big_complete_s=median([b["complete_s"] for b in bigs]),
            big_longest_stall_s=max(b["longest_stall_s"] for b in bigs),
        )

    def probe(self, command: list[str]) -> dict:
        output = subprocess.run(command, env=self.env, capture_output=True, text=True)
        if output.returncode != 0:
            raise SystemExit(f"app probe failed: {output.stderr.strip()[-2000:]}")
        return json.loads(output.stdout.strip().splitlines()[-1])


def search_with_snippets(index, parsed, limit: int = 10):
    """A search as `kbtui search` shows it: snippets are made on first use, so make them."""
    results = index.search(parsed, limit=limit)
    for hit in results.hits:
        _ = hit.snippet
    return results


def latency_queries(count: int) -> list[str]:
    """A fixed mix: Chinese words, English words, a word being typed, and mixed pairs."""
    rng = random.Random(200)
    queries = []
    for number in range(count):
        kind = number % 5
        if kind in (0, 1):
            queries.append(rng.choice(ZH_WORDS) + (rng.choice(ZH_WORDS) if kind else ""))
        elif kind == 2:
            queries.append(rng.choice(EN_WORDS))
        elif kind == 3:
            word = rng.choice([w for w in EN_WORDS if len(w) > 4])
            queries.append(word[: rng.randint(3, len(word) - 1)])
        else:
            queries.append(f"{rng.choice(EN_WORDS)} {rng.choice(ZH_WORDS)}")
    return queries


# -- the table -------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def versions() -> str:
    from importlib.metadata import version

    rg = shutil.which("rg")
    rg_version = ""
    if rg:
        rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout
        rg_version = rg_version.split("\n", 1)[0]
    parts = [f"kbtui {version('kbtui')}", f"tantivy {version('tantivy')}"]
    parts += [f"textual {version('textual')}", rg_version or "ripgrep not installed"]
    return ", ".join(parts)


# Each target: the figure it reads, its limit, and how the table writes it.
TARGETS: dict[str, tuple[str, float, str]] = {
    "full index build": ("build_s", 60, "< 60 s"),
    "update, nothing changed": ("sync_none_s", 1, "< 1 s"),
    "update, 1 note changed": ("sync_one_s", 0.5, "< 0.5 s"),
    f"search in process, {LATENCY_QUERIES} queries": ("query_p99_ms", 20, "p99 < 20 ms"),
    "app start to painted feed": ("app_launch_s", 1, "< 1 s"),
    "search keystroke to results": ("keystroke_p95_ms", 50, "p95 < 50 ms"),
    "2 MB note, first screen": ("big_first_paint_s", 0.3, "< 300 ms"),
    "app peak memory (RSS)": ("app_peak_rss_mb", 300, "< 300 MB"),
    # issue: a note created while the app runs shows within a second; one changed note < 0.5 s
    "note written on disk to the app's feed": ("live_max_ms", 500, "each < 500 ms"),
}


def row(results: dict, figure: str, shown: str) -> tuple[str, str, str, str]:
    """A line of the table: the figure, as measured, its target and whether it was met."""
    if figure not in TARGETS:
        return figure, shown, "", ""
    key, limit, target = TARGETS[figure]
    return figure, shown, target, "met" if results[key] < limit else "MISSED"


def table(bench: Bench) -> str:
    r = bench.results
    rows = [
        row(
            r,
            "full index build",
            f"{r['build_s']:.1f} s ({r['build_notes_per_s']:,.0f} notes/s, "
            f"{r['build_mb_per_s']:.1f} MB/s)",
        ),
        row(r, "peak memory of the build", f"{r['build_peak_mb']:.0f} MB"),
        row(r, "update, nothing changed", f"{r['sync_none_s'] * 1000:.0f} ms"),
        row(r, "update, 1 note changed", f"{r['sync_one_s'] * 1000:.0f} ms"),
        row(r, "update, 1% of notes changed", f"{r['sync_percent_s']:.1f} s"),
    ]
    for kind, cold in r["cold_search"].items():
        ours, theirs = cold["kbtui_s"], cold["rg_s"]
        shown = f"{ours * 1000:.0f} ms; rg not installed"
        met = ours < 0.150
        if theirs:
            shown = f"{ours * 1000:.0f} ms; rg {theirs * 1000:.0f} ms; kbtui/rg {ours / theirs:.2f}"
            met = met and ours / theirs <= 1 / 3
        target = "< 150 ms, <= 1/3 of rg"
        rows.append((f"cold `kbtui search`, {kind}", shown, target, "met" if met else "MISSED"))
    big = (
        f"{r['big_first_paint_s'] * 1000:.0f} ms (all of it {r['big_complete_s']:.1f} s, "
        f"longest stall {r['big_longest_stall_s'] * 1000:.0f} ms)"
    )
    rows += [
        row(
            r,
            f"search in process, {LATENCY_QUERIES} queries",
            f"p50 {r['query_p50_ms']:.1f} ms, p99 {r['query_p99_ms']:.1f} ms",
        ),
        row(r, "app start to painted feed", f"{r['app_launch_s'] * 1000:.0f} ms"),
        row(
            r,
            "search keystroke to results",
            f"p50 {r['keystroke_p50_ms']:.0f} ms, p95 {r['keystroke_p95_ms']:.0f} ms",
        ),
        row(r, "2 MB note, first screen", big),
        row(
            r,
            "note written on disk to the app's feed",
            f"created p50 {r['live_created_p50_ms']:.0f} ms (max {r['live_created_max_ms']:.0f}), "
            f"changed p50 {r['live_changed_p50_ms']:.0f} ms (max {r['live_changed_max_ms']:.0f})",
        ),
        row(r, "app peak memory (RSS)", f"{r['app_peak_rss_mb']:.0f} MB"),
    ]
    lines = [
        f"kbtui benchmarks: {bench.notes:,} notes ({r['corpus_mb']:.0f} MB), "
        f"median of {bench.runs} runs",
        f"machine: {machine()}",
        f"versions: {versions()}",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir(), "kbtui-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.notes, args.runs, args.work.resolve())
    bench.make_corpus()
    bench.build()
    bench.incremental()
    bench.cold_search()
    bench.latency()
    bench.app()
    report = table(bench)
    (bench.work / f"results-{bench.notes}.json").write_text(
        json.dumps(bench.results, indent=2, ensure_ascii=False)
    )
    print(report)


if __name__ == "__main__":
    main()
