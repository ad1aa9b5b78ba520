"""Running a query: the readings in order, hits merged, each hit labelled with its reading.

See ``kbtui.search.interpret`` for what each reading forgives. The labels a hit can carry:
``exact`` (the words as typed), ``prefix`` (only through the word being typed), ``synonym``
(only through a variant term), ``fuzzy`` (through a corrected spelling), ``relaxed`` (most of
the words). Every reading is one tantivy query; labelling costs at most two more, each
limited to the hits already found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import tantivy

from kbtui.search.interpret import (
    ENOUGH_HITS,
    Reading,
    can_relax,
    corrected_text,
    spelling_corrections,
    with_corrections,
    with_synonyms,
)
from kbtui.search.query import ParsedQuery, to_tantivy
from kbtui.search.schema import ID
from kbtui.search.snippets import Snippet, make_snippet
from kbtui.search.synonyms import SynonymTable

if TYPE_CHECKING:
    from kbtui.search.store import IndexedNote

EXTRA_CANDIDATES = 10  # fetched beyond the limit, so ties can go to the newer note

LoadHit = Callable[[tantivy.Document], tuple["IndexedNote", str]]  # -> (note, body text)
Address = tuple[int, int]  # (segment, document) in the searcher: no stored fields to load


@dataclass(frozen=True)
class Hit:
    note: IndexedNote
    score: float
    reading: str = "exact"  # exact, prefix, synonym, fuzzy or relaxed
    terms: tuple[str, ...] = ()  # the words to mark when the note is opened
    prefixes: tuple[str, ...] = ()  # which of them are words being typed
    text: str = field(default="", repr=False, compare=False)  # the note's text, for the snippet

    @cached_property
    def snippet(self) -> Snippet:
        """Made when first asked for: the app draws only the few hits on screen."""
        return make_snippet(self.text, self.terms, prefixes=self.prefixes)


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    total: int
    hits: tuple[Hit, ...]
    corrected: str | None = None  # the query with its typos fixed, when that found hits

    @property
    def relaxed(self) -> bool:
        """Whether some hits have most of the words, not all."""
        return any(hit.reading == "relaxed" for hit in self.hits)

    def explanation(self) -> str:
        """One line on what was forgiven, or "" when every hit matches the query as typed."""
        said = []
        if self.corrected is not None:
            said.append(f"showing results for {self.corrected}")
        if self.relaxed:
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
    """Ranked hits: exact first, then fuzzy while hits are too few, relaxed only if none.

    A fallback runs only while there is room under ``limit``, so its hits are always shown.
    """
    exact = Reading("exact", with_synonyms(parsed, synonyms))
    found, total = _ranked(searcher, schema, exact, limit, load)
    hits = _label_exact(searcher, schema, parsed, exact, found)
    seen = set(found)
    corrected = None
    current = exact.query
    few = min(ENOUGH_HITS, limit)
    if len(hits) < few and (corrections := spelling_corrections(current, searcher)):
        current = with_corrections(current, corrections)
        more, count = _ranked(searcher, schema, Reading("fuzzy", current), limit, load, seen)
        if more:
            hits, total = hits + list(more.values()), count
            corrected = corrected_text(parsed.text, corrections)
    if not hits and can_relax(current):
        loose = Reading("relaxed", current, relaxed=True)
        more, total = _ranked(searcher, schema, loose, limit, load)
        hits = list(more.values())
    return SearchResults(parsed, total, tuple(hits[:limit]), corrected)


def _ranked(
    searcher, schema, reading: Reading, limit: int, load: LoadHit, exclude=frozenset()
) -> tuple[dict[Address, Hit], int]:
    """The reading's best hits not in ``exclude``, by address, and how many notes it matches."""
    query = reading.to_tantivy(schema)
    result = searcher.search(query, limit=limit + len(exclude) + EXTRA_CANDIDATES, count=True)
    loaded = [
        (score, (address.segment_ord, address.doc), *load(searcher.doc(address)))
        for score, address in result.hits
        if (address.segment_ord, address.doc) not in exclude
    ]
    loaded.sort(key=lambda item: (-round(item[0], 4), -item[2].date.timestamp(), item[2].id))
    terms, prefixes = reading.highlight_terms(), reading.query.highlight_prefixes()
    hits = {
        where: Hit(note, score, reading.name, terms, prefixes, body)
        for score, where, note, body in loaded[:limit]
    }  # fmt: skip
    return hits, result.count


def _label_exact(searcher, schema, parsed, exact: Reading, found: dict[Address, Hit]) -> list[Hit]:
    """The exact reading's hits, marked when they match only through a variant or the prefix."""
    with_variants = exact.query.has_terms("synonym")
    if not found or not (with_variants or parsed.has_prefix):
        return list(found.values())
    as_typed = _matching(searcher, schema, parsed.as_typed(prefixes=False), found)
    prefixed = set()
    if with_variants and parsed.has_prefix:
        prefixed = _matching(searcher, schema, parsed, found)
    labelled = []
    for where, hit in found.items():
        if where in as_typed:
            label = "exact"
        elif not with_variants or where in prefixed:
            label = "prefix"
        else:
            label = "synonym"
        labelled.append(replace(hit, reading=label))
    return labelled


def _matching(searcher, schema, parsed: ParsedQuery, among: dict[Address, Hit]) -> set[Address]:
    """Which of the hits ``among`` the query matches (one search, limited to their ids)."""
    ids = tantivy.Query.term_set_query(schema, ID, [hit.note.id for hit in among.values()])
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, to_tantivy(parsed, schema)), (tantivy.Occur.Must, ids)]
    )
    result = searcher.search(query, limit=len(among))
    return {(address.segment_ord, address.doc) for _, address in result.hits}
