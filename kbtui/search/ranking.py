"""Ranking: the query's interpretations tried in order, hits merged, each labelled with how it
was found.

See ``kbtui.search.interpret`` for what each interpretation forgives. The labels a hit can
carry: ``exact`` (the words as typed), ``prefix`` (only through the word being typed),
``synonym`` (only through a variant term), ``fuzzy`` (through a corrected spelling),
``relaxed`` (most of the words). Every interpretation is one tantivy query; labelling costs at
most two more, each limited to the hits already found. Equal scores go to the newer note.
"""

from __future__ import annotations

from dataclasses import replace

import tantivy

from kbtui.corpus.files import id_key
from kbtui.search.documents import indexed_note, searchable_text
from kbtui.search.han_variants import han_corrections
from kbtui.search.interpret import (
    ENOUGH_HITS,
    Interpretation,
    can_relax,
    can_relax_after_hits,
    corrected_text,
    spelling_corrections,
    with_corrections,
    with_synonyms,
)
from kbtui.search.query import ParsedQuery
from kbtui.search.results import Hit, SearchResults
from kbtui.search.schema import ID
from kbtui.search.synonyms import SynonymTable
from kbtui.search.tantivy_query import to_tantivy

EXTRA_CANDIDATES = 10  # fetched beyond the limit, so ties can go to the newer note

Address = tuple[int, int]  # (segment, document) in the searcher: no stored fields to load


def run_search(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    parsed: ParsedQuery,
    synonyms: SynonymTable,
    limit: int,
) -> SearchResults:
    """Ranked hits: exact first, then fuzzy, then relaxed, each while hits are too few.

    A fallback runs only while there is room under ``limit``, so its hits are always shown.
    """
    limit = max(1, min(limit, searcher.num_docs))  # tantivy makes room for every hit asked
    exact = Interpretation("exact", with_synonyms(parsed, synonyms))
    found, total = _ranked(searcher, schema, exact, limit)
    hits = _label_exact(searcher, schema, parsed, exact, found)
    seen = set(found)
    corrected = None
    current = exact.query
    few = min(ENOUGH_HITS, limit)
    if len(hits) < few and (corrections := spelling_corrections(current, searcher)):
        current = with_corrections(current, corrections)
        more, count = _ranked(searcher, schema, Interpretation("fuzzy", current), limit, seen)
        if more:
            hits, total = hits + list(more.values()), count
            corrected = corrected_text(parsed.text, corrections)
            seen |= set(more)
    if len(hits) < few and (can_relax_after_hits(current) if hits else can_relax(current)):
        loose = Interpretation("relaxed", current, relaxed=True)
        more, count = _ranked(searcher, schema, loose, limit, seen)
        if more:
            hits, total = hits + list(more.values()), count
    if not hits and (corrections := han_corrections(current, searcher, schema)):
        # Last: a Chinese word one character away is a guess, and most of the words is not.
        current = with_corrections(current, corrections)
        more, total = _ranked(searcher, schema, Interpretation("fuzzy", current), limit)
        hits = list(more.values())
        corrected = corrected_text(parsed.text, corrections) if hits else None
    return SearchResults(parsed, total, tuple(hits[:limit]), corrected)


def _ranked(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    interpretation: Interpretation,
    limit: int,
    exclude: set[Address] | frozenset[Address] = frozenset(),
) -> tuple[dict[Address, Hit], int]:
    """Its best hits not in ``exclude``, by address, and how many notes it matches."""
    query = interpretation.to_tantivy(schema)
    result = searcher.search(query, limit=limit + len(exclude) + EXTRA_CANDIDATES, count=True)
    loaded = []
    for score, address in result.hits:
        where = (address.segment_ord, address.doc)
        if where not in exclude:
            document = searcher.doc(address)
            loaded.append((score, where, indexed_note(document), searchable_text(document)))
    loaded.sort(key=lambda item: (-round(item[0], 4), -item[2].date.timestamp(), item[2].id))
    terms = interpretation.highlight_terms()
    prefixes = interpretation.query.highlight_prefixes()
    hits = {
        where: Hit(note, score, interpretation.name, terms, prefixes, body)
        for score, where, note, body in loaded[:limit]
    }
    return hits, result.count


def _label_exact(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    parsed: ParsedQuery,
    exact: Interpretation,
    found: dict[Address, Hit],
) -> list[Hit]:
    """The exact interpretation's hits, marked when they match only through a variant or the
    word being typed."""
    with_variants = exact.query.has_terms("synonym")
    if not found or not (with_variants or parsed.has_prefix):
        return list(found.values())
    as_typed = _matching(searcher, schema, parsed.as_typed(prefixes=False), found)
    prefixed: set[Address] = set()
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
        labelled.append(replace(hit, found_by=label))
    return labelled


def _matching(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    parsed: ParsedQuery,
    among: dict[Address, Hit],
) -> set[Address]:
    """Which of the hits ``among`` the query matches (one search, limited to their ids)."""
    keys = [id_key(hit.note.id) for hit in among.values()]
    ids = tantivy.Query.term_set_query(schema, ID, keys)
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, to_tantivy(parsed, schema)), (tantivy.Occur.Must, ids)]
    )
    result = searcher.search(query, limit=len(among))
    return {(address.segment_ord, address.doc) for _, address in result.hits}
