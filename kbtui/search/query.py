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
from dataclasses import dataclass, replace

import tantivy

from kbtui.corpus.han import HAN_CHARS
from kbtui.corpus.safety import terminal_safe
from kbtui.search.analysis import PARTS, tokens
from kbtui.search.schema import DEFAULT_FIELDS, FIELD_ANALYZER, QUERY_FIELDS


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # a key of QUERY_FIELDS, or None for the default fields
    phrase: bool = False
    prefix: bool = False  # also match words that start with it (the word being typed)
    origin: str = ""  # "" as typed; "synonym" or "fuzzy" when a forgiving reading added it
    weight: float = 1.0  # how much a match of this term counts beside the others of its clause


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Term, ...]  # more than one when joined by OR
    negated: bool = False
    optional: bool = False  # a question word: ranks the notes that have it, excludes none


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
            if clause.negated or clause.optional:
                continue
            for term in clause.alternatives:
                if term.text not in seen:
                    seen.append(term.text)
        return tuple(seen)

    def as_typed(self, prefixes: bool = True) -> ParsedQuery:
        """The query without the terms a forgiving reading added (and without prefixes if asked)."""
        clauses = []
        for clause in self.clauses:
            terms = tuple(
                replace(term, prefix=term.prefix and prefixes)
                for term in clause.alternatives
                if not term.origin
            )
            clauses.append(replace(clause, alternatives=terms))
        return replace(self, clauses=tuple(clauses))

    def has_terms(self, origin: str) -> bool:
        return any(term.origin == origin for clause in self.clauses for term in clause.alternatives)

    @property
    def has_prefix(self) -> bool:
        return any(term.prefix for clause in self.clauses for term in clause.alternatives)

    def highlight_prefixes(self) -> tuple[str, ...]:
        """The words being typed: a hit shows the whole word they begin highlighted."""
        return tuple(
            term.text
            for clause in self.clauses
            if not clause.negated
            for term in clause.alternatives
            if term.prefix
        )


_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)("|$)|(?P<word>\S+))'
)
_SCRIPT_RUN = re.compile(rf"[{HAN_CHARS}]+|[^{HAN_CHARS}]+")

# Words that make a query a question. They need not match: the content words decide, and a note
# that also has them ranks a little higher. Chinese ones are cut out of a run of Han characters
# ("为什么需要" -> "需要"); a lone function character left over is dropped.
QUESTION_WORDS_ZH = ("为什么", "为何", "怎么样", "怎么", "怎样", "如何", "什么是", "是什么", "什么",
                     "哪些", "哪个", "有没有", "有什么", "吗", "呢", "啥",
                     "有何区别", "的区别", "区别")  # fmt: skip
_QUESTION_WORDS_EN_TEXT = """
what how why when where which who whom whose is are was were does do did can could should would
will the a an of to in on for i me my we you it this that use using and with from about by as
at be there any some between difference differences explain vs versus
"""
QUESTION_WORDS_EN = frozenset(_QUESTION_WORDS_EN_TEXT.split())
_FUNCTION_CHARS = "的了吗呢吧啊用在把被对做"  # not 要 (需要), 和, 与: they end real words
_LONE_FUNCTION_CHARS = frozenset(_FUNCTION_CHARS + "和与及或跟比")
_QUESTION_WORD_ZH = re.compile("|".join(QUESTION_WORDS_ZH))
PREFIX_MIN_LENGTH = 2
PREFIX_MAX_LENGTH = 40  # longer is a pasted token, not a word being typed
PREFIX_WEIGHT = 0.4  # a word that only begins with what was typed ranks below a whole-word match
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
RELAX_MIN_HAN = 3  # a shorter Chinese word has no "most of its characters" to fall back on
POLARITY_CHARS = "无非不未没否反逆有负"  # a looser match never drops these: 有监督 is not 无监督
_HAN_WORD = re.compile(f"[{HAN_CHARS}]+")


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
            if field is None and not negated:
                if piece.lower() in QUESTION_WORDS_EN:
                    items.append(Clause((Term(piece),), optional=True))
                    continue
                if piece in _LONE_FUNCTION_CHARS:  # "LSTM 和 GRU": 和 ranks, need not match
                    items.append(Clause((Term(piece),), optional=True))
                    continue
                if _QUESTION_WORD_ZH.search(piece):
                    for rest in _QUESTION_WORD_ZH.split(piece):
                        rest = rest.strip(_FUNCTION_CHARS)  # "做梯度检查点" -> "梯度检查点"
                        if rest:
                            items.append(Clause((Term(rest),)))
                    continue
            if not _searchable(piece, field):
                warnings.append(f"ignored '{piece}': nothing searchable in it")
                continue
            items.append(Clause((Term(piece, field),), negated))
    clauses = _join_or(items, warnings)
    if clauses and all(clause.optional for clause in clauses):
        clauses = [Clause(clause.alternatives) for clause in clauses]  # nothing but question words
    return ParsedQuery(text, tuple(_with_prefix(clauses, text)), tuple(warnings))


def _with_prefix(clauses: list[Clause], text: str) -> list[Clause]:
    """The last word, when it is a Latin word still being typed, also matches as a prefix."""
    if not clauses or text != text.rstrip() or text.rstrip().endswith('"'):
        return clauses
    last = clauses[-1]
    term = last.alternatives[-1]
    if last.negated or last.optional or term.phrase or not _LATIN_WORD.fullmatch(term.text):
        return clauses
    if not PREFIX_MIN_LENGTH <= len(term.text) <= PREFIX_MAX_LENGTH:
        return clauses
    prefixed = Term(term.text, term.field, prefix=True)
    return [*clauses[:-1], Clause((*last.alternatives[:-1], prefixed), last.negated)]


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


def term_query(term: Term, schema: tantivy.Schema) -> tantivy.Query | None:
    """One term in every field it may match, each at its weight; None if nothing is searchable."""
    per_field = []
    for name in _fields_for(term.field):
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
