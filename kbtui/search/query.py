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
from kbtui.search.question_words import question_words
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

# Words that make a query a question (kbtui/search/data/question_words.txt). They need not match:
# the content words decide, and a note that also has the English ones ranks a little higher.
# Chinese ones are cut out of a run of Han characters ("为什么需要" -> "需要").
QUESTION_WORDS = question_words()
_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
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
    comparison = any(word in text for word in QUESTION_WORDS.compare)
    asked: list[str] = []  # runs of Chinese that were nothing but question words
    for match in _TOKEN.finditer(text):
        word, quoted, field = match.group("word"), match.group("quoted"), match.group("field")
        if match.group("neg") and word is not None and word.startswith("-"):
            word = "-" + word  # "--hard" is an option that notes spell out, not "-" "-hard"
            negated = negate_next
        else:
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
                if piece.casefold() in QUESTION_WORDS.english or piece in QUESTION_WORDS.alone:
                    items.append(Clause((Term(piece),), optional=True))  # "LSTM 和 GRU"
                    continue
                words = content_words(piece, comparison) if _HAN_RUN.fullmatch(piece) else None
                if words is not None and words != [piece]:
                    items.extend(Clause((Term(word),)) for word in words)
                    asked += [] if words else [piece]
                    continue
            if not _searchable(piece, field):
                warnings.append(f"ignored '{piece}': nothing searchable in it")
                continue
            items.append(Clause((Term(piece, field),), negated))
    if asked and not items:  # "为什么": nothing else to search
        items = [Clause((Term(run),)) for run in asked]
    clauses = _join_or(items, warnings)
    if len(clauses) > MAX_CLAUSES:
        warnings.append(f"only the first {MAX_CLAUSES} of {len(clauses)} words are searched")
        clauses = clauses[:MAX_CLAUSES]
    if clauses and all(clause.optional for clause in clauses):
        clauses = [Clause(clause.alternatives) for clause in clauses]  # nothing but question words
    return ParsedQuery(text, tuple(_with_prefix(clauses, text)), tuple(warnings))


def content_words(run: str, comparison: bool = False) -> list[str]:
    """What a run of Chinese asks about, without its question words (``为什么需要哨兵`` ->
    ``需要哨兵``); in a comparison, the two things compared (``进程和线程`` -> ``进程``, ``线程``).
    The run itself when there is nothing to take out; [] when it is all question words."""
    words = QUESTION_WORDS
    parts = words.cut_pattern.split(run)
    if comparison:
        parts = [compared for part in parts for compared in _compared(part)]
    if parts == [run]:
        return parts
    return [trimmed for part in parts if (trimmed := _trimmed(part))]


def _compared(part: str) -> list[str]:
    """``A和B`` as ``A``, ``B`` when both have two or more characters (not ``总和``, ``和式``)."""
    segments = re.split(f"([{''.join(QUESTION_WORDS.joiners)}])", part)
    found = [segments[0]]
    for joiner, segment in zip(segments[1::2], segments[2::2], strict=True):
        if len(found[-1]) >= 2 and len(segment) >= 2:
            found.append(segment)
        else:
            found[-1] += joiner + segment
    return found


def _trimmed(part: str) -> str:
    """A part without the particles at its ends (``用栈实现队列`` -> ``栈实现队列``, ``工作的`` ->
    ``工作``), keeping two characters at least (``存在``); "" when it is only particles."""
    words = QUESTION_WORDS
    if all(char in words.leading or char in words.trailing for char in part):
        return ""
    while len(part) > 2 and part[0] in words.leading:
        part = part[1:]
    while len(part) > 2 and part[-1] in words.trailing:
        part = part[:-1]
    return part


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
