"""Relevance over the bundled notes: each query's expected note must rank first.

Each kind of query has its file (see ``KINDS``): one query a line, a tab, and the id(s) of the
note(s) that should come first (comma-separated when any of them will do). MRR@10 per kind is
reported in the test summary. The ``ranking`` kind runs over the bundled notes plus a 2 MB
export that mentions every topic, which must not outrank the notes about them.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kbtui.corpus.files import walk_notes
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query
from tests.conftest import BUNDLED_NOTES, record_metric

HERE = Path(__file__).parent
# Each kind of query, its file, and the MRR@10 it must reach. Exact queries must stay at 0.9+.
KINDS = {
    "exact": ("queries.tsv", 0.9),
    "prefix": ("prefix.tsv", 0.85),
    "questions": ("questions.tsv", 0.85),
    "typos": ("typos.tsv", 0.85),
    "variants": ("variants.tsv", 0.85),
    "ranking": ("ranking.tsv", 0.9),
}
EXPORT_BYTES = 2_000_000


def load_queries(kind: str = "exact") -> list[tuple[str, set[str]]]:
    rows = []
    with (HERE / KINDS[kind][0]).open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            rows.append((row[0], {part.strip() for part in row[1].split(",")}))
    return rows


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory):
    index = KnowledgeBase(BUNDLED_NOTES, directory=tmp_path_factory.mktemp("relevance-index"))
    index.sync()
    return index


@pytest.fixture(scope="module")
def index_with_export(tmp_path_factory):
    """The bundled notes and one 2 MB note holding all of them, over and over."""
    root = tmp_path_factory.mktemp("with-export") / "notes"
    shutil.copytree(BUNDLED_NOTES, root)
    bodies = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.md")))
    repeats = EXPORT_BYTES // len(bodies.encode("utf-8")) + 1
    (root / "export").mkdir()
    (root / "export" / "all-notes.md").write_text("# 全部笔记导出\n\n" + bodies * repeats)
    index = KnowledgeBase(root, directory=tmp_path_factory.mktemp("export-index"))
    index.sync()
    return index


def reciprocal_rank(index: KnowledgeBase, query: str, expected: set[str]) -> float:
    hits = index.search(parse_query(query), limit=10).hits
    for rank, hit in enumerate(hits, start=1):
        if hit.note.id in expected:
            return 1.0 / rank
    return 0.0


@pytest.mark.parametrize("kind", KINDS)
def test_queries_name_real_notes(kind):
    ids = {note_file.id for note_file in walk_notes(BUNDLED_NOTES)}
    queries = load_queries(kind)
    assert len(queries) >= (40 if kind == "exact" else 10)
    for query, expected in queries:
        assert expected <= ids, f"{query!r} expects a note that does not exist: {expected - ids}"


@pytest.mark.parametrize("kind", KINDS)
def test_mrr_at_10(request, kind):
    index = request.getfixturevalue("index_with_export" if kind == "ranking" else "bundled_index")
    queries = load_queries(kind)
    ranks = {query: reciprocal_rank(index, query, expected) for query, expected in queries}
    mrr = sum(ranks.values()) / len(ranks)
    misses = {query: round(rank, 2) for query, rank in ranks.items() if rank < 1}
    minimum = KINDS[kind][1]
    record_metric(f"MRR@10 {kind} ({len(ranks)} queries)", f"{mrr:.3f}  not first: {misses}")
    assert mrr >= minimum, f"{kind}: MRR@10 {mrr:.3f} < {minimum}; not first: {misses}"


def test_the_export_does_not_outrank_any_exact_query(index_with_export):
    """The 2 MB note holds every word of every query, yet the note about the topic comes first."""
    for query, expected in load_queries("exact"):
        assert reciprocal_rank(index_with_export, query, expected) == 1.0, query
