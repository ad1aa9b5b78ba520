"""Running a query: the readings in order, hits merged, each hit labelled with its reading.

See ``kbtui.readings`` for what each reading forgives. The labels a hit can carry:
``exact`` (the words as typed), ``prefix`` (only through the word being typed), ``synonym``
(only through a variant term), ``fuzzy`` (through a corrected spelling), ``relaxed`` (most of
the words). Every reading is one tantivy query; labelling costs at most two more, each
limited to the hits already found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tantivy

from kbtui.highlight import Snippet, make_snippet
from kbtui.query import ParsedQuery, to_tantivy
from kbtui.readings import (
    ENOUGH_HITS,
    Reading,
    can_relax,
    corrected_text,
    spelling_corrections,
    with_corrections,
    with_synonyms,
)
from kbtui.schema import ID
from kbtui.synonyms import SynonymTable

if TYPE_CHECKING:
    from kbtui.index import IndexedNote

READING_LABELS = ("exact", "prefix", "synonym", "fuzzy", "relaxed")
EXTRA_CANDIDATES = 10  # fetched beyond the limit, so ties can go to the newer note

LoadHit = Callable[[tantivy.Document], tuple["IndexedNote", str]]  # -> (note, body text)


@dataclass(frozen=True)
class Hit:
    note: IndexedNote
    score: float
    snippet: Snippet
    reading: str = "exact"  # one of READING_LABELS
    terms: tuple[str, ...] = ()  # the words to mark when the note is opened
    prefixes: tuple[str, ...] = ()  # which of them are words being typed


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    total: int
    hits: tuple[Hit, ...]
    corrected: str | None = None  # the query with its typos fixed, when that found hits
    relaxed: bool = False  # some hits have most of the words, not all

    def explanation(self) -> str:
        """One line on what was forgiven, or "" when every hit matches the query as typed."""
        said = []
        if self.corrected is not None and any(hit.reading == "fuzzy" for hit in self.hits):
            said.append(f"showing results for {self.corrected}")
        if self.relaxed and any(hit.reading == "relaxed" for hit in self.hits):
            said.append("no note has every word; showing notes with most of them")
        return "; ".join(said)

    def hit_for(self, note_id: str) -> Hit | None:
        return next((hit for hit in self.hits if hit.note.id == note_id), None)


def run_search(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    parsed: ParsedQuery,
    synonyms: SynonymTable,
    limit: int,
    load: LoadHit,
) -> SearchResults:
    """Ranked hits: exact first, then fuzzy while hits are too few, relaxed only if none."""
    exact = Reading("exact", with_synonyms(parsed, synonyms))
    found, total = _ranked(searcher, schema, exact, limit, load)
    hits = _label_exact(searcher, schema, parsed, exact, found)
    corrected, relaxed = None, False
    current = exact.query
    if len(hits) < ENOUGH_HITS and (corrections := spelling_corrections(current, searcher)):
        current = with_corrections(current, corrections)
        fuzzy = Reading("fuzzy", current)
        more, count = _new_hits(searcher, schema, fuzzy, limit, load, hits)
        if more:
            hits, total = hits + more, count
            corrected = corrected_text(parsed.text, corrections)
    if not hits and can_relax(current):
        loose = Reading("relaxed", current, relaxed=True)
        more, count = _new_hits(searcher, schema, loose, limit, load, hits)
        if more:
            hits, total, relaxed = hits + more, count, True
    return SearchResults(parsed, total, tuple(hits[:limit]), corrected, relaxed)


def _ranked(searcher, schema, reading: Reading, limit: int, load: LoadHit):
    """The reading's best hits, and how many notes it matches in all."""
    query = reading.to_tantivy(schema)
    result = searcher.search(query, limit=limit + EXTRA_CANDIDATES, count=True)
    loaded = [(score, *load(searcher.doc(address))) for score, address in result.hits]
    loaded.sort(key=lambda item: (-round(item[0], 4), -item[1].date.timestamp(), item[1].id))
    terms, prefixes = reading.highlight_terms(), reading.query.highlight_prefixes()
    hits = [
        Hit(note, score, make_snippet(body, terms, prefixes=prefixes), reading.name, terms,
            prefixes)
        for score, note, body in loaded[:limit]
    ]  # fmt: skip
    return hits, result.count


def _new_hits(searcher, schema, reading, limit, load, have: list[Hit]):
    seen = {hit.note.id for hit in have}
    found, count = _ranked(searcher, schema, reading, limit, load)
    return [hit for hit in found if hit.note.id not in seen], count


def _label_exact(searcher, schema, parsed: ParsedQuery, exact: Reading, hits: list[Hit]):
    """Mark the exact reading's hits that match only through a variant or the typed prefix."""
    with_variants = exact.query.has_terms("synonym")
    if not hits or not (with_variants or parsed.has_prefix):
        return hits
    ids = [hit.note.id for hit in hits]
    as_typed = _matching(searcher, schema, parsed.as_typed(prefixes=False), ids)
    prefixed = (
        _matching(searcher, schema, parsed, ids) if with_variants and parsed.has_prefix else set()
    )
    labelled = []
    for hit in hits:
        if hit.note.id in as_typed:
            label = "exact"
        elif not with_variants or hit.note.id in prefixed:
            label = "prefix"
        else:
            label = "synonym"
        labelled.append(_relabel(hit, label))
    return labelled


def _matching(searcher, schema, parsed: ParsedQuery, ids: list[str]) -> set[str]:
    """Which of the notes ``ids`` the query matches."""
    among = tantivy.Query.term_set_query(schema, ID, ids)
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, to_tantivy(parsed, schema)), (tantivy.Occur.Must, among)]
    )
    result = searcher.search(query, limit=len(ids))
    return {searcher.doc(address).get_first(ID) for _, address in result.hits}


def _relabel(hit: Hit, reading: str) -> Hit:
    if hit.reading == reading:
        return hit
    return Hit(hit.note, hit.score, hit.snippet, reading, hit.terms, hit.prefixes)
