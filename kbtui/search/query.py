"""The query language, parsed leniently into clauses of terms (``kbtui.search.tantivy_query``
turns a parsed query into one tantivy query).

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

from kbtui.corpus.han import HAN_CHARS
from kbtui.corpus.safety import terminal_safe, without_surrogates
from kbtui.search.analysis import tokens
from kbtui.search.schema import FIELD_ANALYZER, QUERY_FIELDS, fields_for


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
# Punctuation an IME types (，。、：？「」“”…) and other non-ASCII punctuation: it separates
# words, as a space does, outside quotes. ASCII punctuation stays part of a word (C++, node.js).
_WIDE_PUNCTUATION = re.compile(
    "[\u00a1-\u00bf\u2010-\u2027\u2030-\u205e\u3000-\u303f\ufe10-\ufe1f\ufe30-\ufe4f"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)

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
# Bounds that keep every query quick whatever is pasted into the search bar: a search box
# query longer than these is a paste, and its head says what it is about.
MAX_CLAUSES = 32
MAX_WORD_LENGTH = 100
MAX_PHRASE_LENGTH = 300
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


def parse_query(text: str) -> ParsedQuery:
    """Read a query string the way a person meant it (escape sequences and controls removed)."""
    text, had_surrogates = without_surrogates(text)
    text = terminal_safe(text, keep_newlines=False)
    warnings: list[str] = []
    if had_surrogates:
        warnings.append("ignored bytes that are not UTF-8")
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
                phrase = _bounded(quoted.strip(), MAX_PHRASE_LENGTH, warnings)
                items.append(Clause((Term(phrase, field, phrase=True),), negated))
            continue
        if word is None or word == "-":
            continue
        # Unquoted words that mix scripts ("DDP原理") are separate words.
        word = _WIDE_PUNCTUATION.sub(" ", word)
        pieces = [piece for part in word.split() for piece in _SCRIPT_RUN.findall(part)]
        for piece in pieces:
            piece = _bounded(piece, MAX_WORD_LENGTH, warnings)
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
    if len(clauses) > MAX_CLAUSES:
        warnings.append(f"only the first {MAX_CLAUSES} of {len(clauses)} words are searched")
        clauses = clauses[:MAX_CLAUSES]
    if clauses and all(clause.optional for clause in clauses):
        clauses = [Clause(clause.alternatives) for clause in clauses]  # nothing but question words
    return ParsedQuery(text, tuple(_with_prefix(clauses, text)), tuple(warnings))


def _bounded(text: str, limit: int, warnings: list[str]) -> str:
    if len(text) <= limit:
        return text
    said = f"words over {limit} characters are searched by their first {limit}"
    if said not in warnings:
        warnings.append(said)
    return text[:limit]


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
    return any(tokens(FIELD_ANALYZER[name], text) for name in fields_for(field))


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
