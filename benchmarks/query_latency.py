"""In-process search latency, snippets included, per kind of query (each reading of the search).

    python benchmarks/query_latency.py [NOTES_DIR] [--rounds N]

Uses a throwaway cache folder; the index is built first (not timed). Each query is run once to
warm up, then N times; the table gives p50 and p99 per kind over all its runs, the readings the
hits came from, and how many notes matched. Without NOTES_DIR: the bundled notes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from run import search_with_snippets

# Each kind and queries that exercise it; the fallbacks run only when the exact reading finds
# too little, so the typo and "most of the words" rows show what those readings cost.
QUERIES: dict[str, list[str]] = {
    "exact, Chinese": ["梯度", "注意力", "倒排索引", "显存 优化"],
    "exact, English": ["attention", "mamba", "flash attention", "pytorch"],
    "exact, mixed": ["DDP 原理", "BF16 训练", "HNSW 召回", "Mamba 状态空间"],
    "prefix (as you type)": ["mam", "transf", "speculat", "checkpo"],
    "question": ["为什么需要 loss scaling", "mamba 是什么", "what is attention"],
    "synonym": ["梯度弥散", "精调", "k8s", "normalizing flow"],
    "typo (fuzzy)": ["tranformer", "pytroch", "atention", "optimzer"],
    "most of the words": ["注意力 缓存 zebra", "mamba 显存 qqqq", "倒排索引查询执行"],
    # What a paste or a hostile user sends: each must still answer well under a second.
    "pasted, hostile": [
        "a" * 10_000,
        " ".join(f"word{n}" for n in range(2_000)),
        "tranformer optimzer atention pytroch " * 200,
        "状态" * 5_000,
        '"( mamba ((( OR NOT -" ' * 300,
    ],
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            os.environ[variable] = str(Path(home, variable))
        from kbtui.config import resolve_notes_root
        from kbtui.search.knowledge_base import KnowledgeBase
        from kbtui.search.query import parse_query

        root = resolve_notes_root(str(args.notes) if args.notes else None)
        index = KnowledgeBase(root)
        count = index.sync().added
        print(f"notes folder: {root} ({count} notes), {args.rounds} runs per query")
        print(f"{'kind':<22}{'p50 ms':>9}{'p99 ms':>9}  {'readings':<24}{'matched':>9}")
        for kind, queries in QUERIES.items():
            timings, readings, matched = [], set(), []
            for query in queries:
                results = search_with_snippets(index, parse_query(query))
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    results = search_with_snippets(index, parse_query(query))
                    timings.append((time.perf_counter() - started) * 1000)
                readings |= {hit.found_by for hit in results.hits}
                matched.append(results.total)
            shown = ",".join(sorted(readings)) or "-"
            p50, p99 = statistics.median(timings), percentile(timings, 0.99)
            print(f"{kind:<22}{p50:>9.1f}{p99:>9.1f}  {shown:<24}{sum(matched):>9}")


if __name__ == "__main__":
    main()
