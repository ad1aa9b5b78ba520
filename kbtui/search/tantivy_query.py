"""A parsed query as one tantivy query: each term in every field it may match, at its weight.

Chinese words become phrases of their characters (the analyzer cuts one term per character);
the word being typed also matches as a phrase prefix; the looser reading (``relaxed``) asks
for most of the words, and lets a Chinese word of 3+ characters match by most of its character
pairs, never dropping a pair that turns the meaning around.
"""

from __future__ import annotations

import re
from dataclasses import replace

import tantivy

from kbtui.corpus.han import HAN_CHARS
from kbtui.search.analysis import PARTS, tokens
from kbtui.search.query import Clause, ParsedQuery, Term
from kbtui.search.schema import DEFAULT_FIELDS, FIELD_ANALYZER, fields_for

PREFIX_WEIGHT = 0.4  # a word that only begins with what was typed ranks below a whole-word match
RELAX_MIN_HAN = 3  # a shorter Chinese word has no "most of its characters" to fall back on
POLARITY_CHARS = "无非不未没否反逆有负"  # a looser match never drops these: 有监督 is not 无监督
_HAN_WORD = re.compile(f"[{HAN_CHARS}]+")


def term_query(term: Term, schema: tantivy.Schema) -> tantivy.Query | None:
    """One term in every field it may match, each at its weight; None if nothing is searchable."""
    per_field = []
    for name in fields_for(term.field):
        words = tokens(FIELD_ANALYZER[name], term.text)
        if not words:
            continue
        if len(words) == 1:
            query = tantivy.Query.term_query(schema, name, words[0])
        else:
            query = tantivy.Query.phrase_query(schema, name, words)
        boost = (DEFAULT_FIELDS.get(name, 1.0) if term.field is None else 1.0) * term.weight
        per_field.append(tantivy.Query.boost_query(query, boost) if boost != 1.0 else query)
        if term.prefix and not (len(words) > 1 and FIELD_ANALYZER[name] == PARTS):
            # The word being typed. A phrase prefix of one word walks the term dictionary from
            # the prefix, about 100x faster than the equivalent regex ("mam.*"), and expands to
            # at most 50 words (tantivy's default). A word cut into parts ("PyTo" -> "py to")
            # is not also tried as a phrase prefix of parts: its whole-word prefix ("pyto*")
            # already finds PyTorch, and that phrase cost 30 ms in a corpus full of PyTorch.
            begins = tantivy.Query.phrase_prefix_query(schema, name, words)
            per_field.append(tantivy.Query.boost_query(begins, boost * PREFIX_WEIGHT))
    if not per_field:
        return None
    return per_field[0] if len(per_field) == 1 else any_of(per_field)


def any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def most_of(count: int) -> int:
    """How many of ``count`` parts a looser match needs: all but about a third, at least one."""
    return max(1, count - max(1, count // 3))


def relaxable_pairs(text: str) -> list[str]:
    """The character pairs of each Chinese run of 3+ characters in text."""
    pairs: list[str] = []
    for run in _HAN_WORD.findall(text):
        if len(run) >= RELAX_MIN_HAN:
            pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def to_tantivy(parsed: ParsedQuery, schema: tantivy.Schema, relaxed: bool = False) -> tantivy.Query:
    """One tantivy query for the whole parsed query.

    ``relaxed`` asks for most of the words rather than all, and lets a Chinese word of 3+
    characters match by most of its character pairs (see ``kbtui.search.interpret``).
    """
    required, others = [], []
    for clause in parsed.clauses:
        query = _clause_query(clause, schema, relaxed and not clause.negated)
        if query is None:
            continue
        if clause.negated:
            others.append((tantivy.Occur.MustNot, query))
        elif clause.optional:
            others.append((tantivy.Occur.Should, query))
        else:
            required.append(query)
    if relaxed and len(required) >= 2:
        needed = most_of(len(required))
        should = [(tantivy.Occur.Should, query) for query in required]
        musts = [(tantivy.Occur.Must, tantivy.Query.boolean_query(should, needed))]
    else:
        musts = [(tantivy.Occur.Must, query) for query in required]
    if not musts:
        musts = [(tantivy.Occur.Must, tantivy.Query.all_query())]
    return tantivy.Query.boolean_query([*musts, *others])


def _clause_query(clause: Clause, schema: tantivy.Schema, relaxed: bool) -> tantivy.Query | None:
    queries = []
    for term in clause.alternatives:
        query = term_query(term, schema)
        if relaxed and not term.phrase and (loose := _loose_han(term, schema)) is not None:
            exact = [query] if query is not None else []
            query = any_of([*exact, loose])
        if query is not None:
            queries.append(query)
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else any_of(queries)


def _loose_han(term: Term, schema: tantivy.Schema) -> tantivy.Query | None:
    """Most of the character pairs of a long Chinese word; pairs that flip meaning required."""
    pairs = relaxable_pairs(term.text)
    if not pairs:
        return None
    pair_queries = [
        (pair, query)
        for pair in dict.fromkeys(pairs)
        if (query := term_query(replace(term, text=pair, prefix=False), schema)) is not None
    ]
    kept = [(tantivy.Occur.Must, q) for p, q in pair_queries if set(p) & set(POLARITY_CHARS)]
    loose = [(tantivy.Occur.Should, q) for p, q in pair_queries if not set(p) & set(POLARITY_CHARS)]
    if not loose:
        return None
    needed = most_of(len(pair_queries)) - len(kept)
    parts = [*kept, (tantivy.Occur.Must, tantivy.Query.boolean_query(loose, max(1, needed)))]
    return tantivy.Query.boolean_query(parts)
