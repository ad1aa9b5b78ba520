"""The query language, parsed leniently, and turned into one tantivy query.

Syntax (also in the README and ``kbtui search --help``):

- plain words are AND-ed: ``DDP 原理``
- ``"exact phrase"``
- ``-word`` or ``NOT word`` excludes
- ``a OR b`` matches either
- ``field:value`` with ``title``, ``tag``, ``category``, ``series``, ``path``,
  ``body`` (``tag:"mixed precision"`` also works)

Nothing here raises on odd input: an unclosed quote, a dangling ``OR`` or an
unknown field is read the most sensible way and reported in ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tantivy

from kbtui.analysis import tokens
from kbtui.safety import terminal_safe
from kbtui.schema import DEFAULT_FIELDS, FIELD_ANALYZER, QUERY_FIELDS


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # a key of QUERY_FIELDS, or None for the default fields
    phrase: bool = False


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Term, ...]  # more than one when joined by OR
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    clauses: tuple[Clause, ...]
    warnings: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def highlight_terms(self) -> tuple[str, ...]:
        """The words a hit should show highlighted: every term that is not excluded."""
        seen: list[str] = []
        for clause in self.clauses:
            if clause.negated:
                continue
            for term in clause.alternatives:
                if term.text not in seen:
                    seen.append(term.text)
        return tuple(seen)


_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)("|$)|(?P<word>\S+))'
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_SCRIPT_RUN = re.compile(rf"[{_HAN}]+|[^{_HAN}]+")


def parse_query(text: str) -> ParsedQuery:
    """Read a query string the way a person meant it (escape sequences and controls removed)."""
    text = terminal_safe(text, keep_newlines=False)
    warnings: list[str] = []
    items: list[Clause | str] = []  # clauses, and the string "OR" between them
    negate_next = False
    for match in _TOKEN.finditer(text):
        word, quoted, field = match.group("word"), match.group("quoted"), match.group("field")
        negated = bool(match.group("neg")) or negate_next
        negate_next = False
        if word in ("OR", "||"):
            items.append("OR")
            continue
        if word in ("AND", "&&"):
            continue
        if word == "NOT":
            negate_next = True
            continue
        if quoted is not None and not match.group(0).endswith('"'):
            warnings.append("unclosed quote: read to the end of the query as a phrase")
        if field is not None and field.lower() not in QUERY_FIELDS:
            warnings.append(f"unknown field '{field}:' searched as plain text")
            word = f"{field}:{word}" if word is not None else None
            quoted = f"{field}: {quoted}" if quoted is not None else None
            field = None
        field = field.lower() if field else None
        if quoted is not None:
            if quoted.strip():
                items.append(Clause((Term(quoted.strip(), field, phrase=True),), negated))
            continue
        if word is None or word == "-":
            continue
        # Unquoted words that mix scripts ("DDP原理") are separate words.
        pieces = [piece for piece in _SCRIPT_RUN.findall(word) if piece.strip()]
        for piece in pieces:
            if not _searchable(piece, field):
                warnings.append(f"ignored '{piece}': nothing searchable in it")
                continue
            items.append(Clause((Term(piece, field),), negated))
    return ParsedQuery(text, tuple(_join_or(items, warnings)), tuple(warnings))


def _searchable(text: str, field: str | None) -> bool:
    return any(tokens(FIELD_ANALYZER[name], text) for name in _fields_for(field))


def _fields_for(field: str | None) -> tuple[str, ...]:
    return tuple(DEFAULT_FIELDS) if field is None else QUERY_FIELDS[field]


def _join_or(items: list[Clause | str], warnings: list[str]) -> list[Clause]:
    clauses: list[Clause] = []
    pending_or = False
    for item in items:
        if item == "OR":
            if not clauses or pending_or:
                warnings.append("ignored 'OR' with nothing on its left")
            pending_or = bool(clauses)
            continue
        assert isinstance(item, Clause)
        if pending_or and not clauses[-1].negated and not item.negated:
            merged = clauses[-1].alternatives + item.alternatives
            clauses[-1] = Clause(merged)
        else:
            if pending_or:
                warnings.append("'OR' next to an excluded word: read as AND")
            clauses.append(item)
        pending_or = False
    if pending_or:
        warnings.append("ignored 'OR' at the end of the query")
    return clauses


def to_tantivy(parsed: ParsedQuery, schema: tantivy.Schema) -> tantivy.Query:
    """One tantivy query for the whole parsed query."""
    must: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for clause in parsed.clauses:
        alternatives = [_term_query(term, schema) for term in clause.alternatives]
        alternatives = [query for query in alternatives if query is not None]
        if not alternatives:
            continue
        query = alternatives[0] if len(alternatives) == 1 else _any_of(alternatives)
        occur = tantivy.Occur.MustNot if clause.negated else tantivy.Occur.Must
        must.append((occur, query))
    if not any(occur == tantivy.Occur.Must for occur, _ in must):
        must.append((tantivy.Occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(must)


def _term_query(term: Term, schema: tantivy.Schema) -> tantivy.Query | None:
    per_field = []
    for name in _fields_for(term.field):
        words = tokens(FIELD_ANALYZER[name], term.text)
        if not words:
            continue
        if len(words) == 1:
            query = tantivy.Query.term_query(schema, name, words[0])
        else:
            query = tantivy.Query.phrase_query(schema, name, words)
        boost = DEFAULT_FIELDS.get(name, 1.0) if term.field is None else 1.0
        per_field.append(tantivy.Query.boost_query(query, boost) if boost != 1.0 else query)
    if not per_field:
        return None
    return per_field[0] if len(per_field) == 1 else _any_of(per_field)


def _any_of(queries: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
