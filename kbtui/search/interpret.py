"""Interpretations of a query, from strict to forgiving: synonyms, typo corrections, a looser match.

A search tries interpretations in order, each one tantivy query, and stops as soon as it has
enough hits (the README calls each one a *reading* of the query, and so does ``--json``):

1. **exact**: the words as typed, the last one also as a prefix, question words optional, and each
   word's variants from the synonym list (at a lower weight). Always run.
2. **fuzzy**: only when exact finds fewer than ``ENOUGH_HITS``. Each Latin word of 5+ letters
   that the index does not know is replaced by its most frequent spelling one edit away
   (insert, delete, change, or swap two neighbours): ``tranformer`` -> ``transformer``.
3. **relaxed**: only while the readings before found fewer than ``ENOUGH_HITS``, after their
   hits. Most of the words instead of all of them, and a Chinese word of 3+ characters matches
   by most of its character pairs; pairs that hold a character that turns the meaning around
   (无, 非, 不, 有...) are always required, so ``有监督`` never turns into ``无监督``.

A later interpretation's hits come after the earlier ones', and each hit says which one found
it (``Hit.found_by``); hits of the exact one that match only through a variant or the prefix
say so too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, replace

import tantivy

from kbtui.search.query import Clause, ParsedQuery, Term
from kbtui.search.synonyms import SynonymTable
from kbtui.search.tantivy_query import most_of, relaxable_pairs, to_tantivy

ENOUGH_HITS = 3
SYNONYM_WEIGHT = 0.8
FUZZY_WEIGHT = 0.9
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_LENGTH = 30  # each letter costs ~70 lookups; longer is not a typed word
FUZZY_MAX_WORDS = 5  # words corrected per query, so a pasted paragraph stays quick
TYPO_MAX_NOTES = 3  # a word the index has in more notes than this is not taken for a typo
CORRECTION_RATIO = 20  # a known rare word is corrected only to a far more common one
COMPOUND_MAX_WORDS = 3
CORRECTION_FIELDS = ("title", "title_parts", "body", "body_parts")
_TYPO_WORD = re.compile(r"[a-z][a-z0-9]*")
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_LETTERS = re.compile(r"[A-Za-z]+")
_EDIT_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True)
class Interpretation:
    name: str  # "exact", "fuzzy" or "relaxed"
    query: ParsedQuery
    relaxed: bool = False

    def to_tantivy(self, schema: tantivy.Schema) -> tantivy.Query:
        return to_tantivy(self.query, schema, self.relaxed)

    def highlight_terms(self) -> tuple[str, ...]:
        terms = self.query.highlight_terms()
        if not self.relaxed:
            return terms
        pairs = [pair for term in terms for pair in relaxable_pairs(term)]
        return tuple(dict.fromkeys([*terms, *pairs]))


# -- synonyms ------------------------------------------------------------------


def with_synonyms(parsed: ParsedQuery, table: SynonymTable) -> ParsedQuery:
    """Each word that is not excluded or quoted also matches its variants."""
    clauses = []
    for clause in _join_compounds(list(parsed.clauses), table):
        if clause.negated:
            clauses.append(clause)
            continue
        terms = list(clause.alternatives)
        for term in clause.alternatives:
            if term.phrase:
                continue
            for variant in (*table.variants(term.text), *word_forms(term.text)):
                terms.append(
                    Term(variant, term.field, origin="synonym", weight=SYNONYM_WEIGHT * term.weight)
                )
        clauses.append(replace(clause, alternatives=tuple(terms)))
    return replace(parsed, clauses=tuple(clauses))


def _join_compounds(clauses: list[Clause], table: SynonymTable) -> list[Clause]:
    """Words typed in a row that make a member of several words (``normalizing flows``) become
    one clause: that phrase, so its variants (``标准化流``) can stand in for all of it."""
    joined: list[Clause] = []
    start = 0
    while start < len(clauses):
        for size in range(COMPOUND_MAX_WORDS, 1, -1):
            run = clauses[start : start + size]
            if len(run) == size and all(_plain_word(clause) for clause in run):
                text = " ".join(clause.alternatives[0].text for clause in run)
                if table.is_member(text):
                    joined.append(Clause((Term(text),)))
                    start += size
                    break
        else:
            joined.append(clauses[start])
            start += 1
    return joined


def _plain_word(clause: Clause) -> bool:
    if clause.negated or clause.optional or len(clause.alternatives) != 1:
        return False
    term = clause.alternatives[0]
    return term.field is None and not term.phrase and bool(_PLAIN_WORD.fullmatch(term.text))


def word_forms(word: str) -> tuple[str, ...]:
    """The singular of an English plural and the plural of a singular (``candidates`` and
    ``candidate``, ``queries`` and ``query``, ``indexes`` and ``index``): a light touch, no
    stemmer, so identifiers and prefixes stay as they are."""
    if not _LETTERS.fullmatch(word) or len(word) < 4:
        return ()
    lower = word.lower()
    if lower.endswith("ies"):
        return (lower[:-3] + "y",)
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return (lower[:-2],)
    if lower.endswith(("ch", "sh", "x", "ss")):
        return (lower + "es",)
    if lower.endswith(("us", "is")):
        return ()  # status, analysis: no plural to guess
    if lower.endswith("s"):
        return (lower[:-1],)
    if lower.endswith("y") and lower[-2] not in "aeiou":
        return (lower[:-1] + "ies",)
    return (lower + "s",)


# -- typos ---------------------------------------------------------------------


def spelling_corrections(parsed: ParsedQuery, searcher: tantivy.Searcher) -> dict[str, str]:
    """For each Latin word of 5+ letters the index does not know (or knows from a note or two
    when one edit away is far more common): its likeliest spelling. For a word still being
    typed that is the commonest word the corrected prefix begins, so the correction shown is
    the word that found the hits (``mamab`` -> ``mamba``, not the prefix ``mamb``)."""
    corrections: dict[str, str] = {}
    tried = 0
    for term in own_words(parsed):
        word = term.text.lower()
        if word in corrections or not FUZZY_MIN_LENGTH <= len(word) <= FUZZY_MAX_LENGTH:
            continue
        if not _TYPO_WORD.fullmatch(word) or tried == FUZZY_MAX_WORDS:
            continue
        tried += 1
        known, _ = _frequency(searcher, word, term.prefix)
        if known > TYPO_MAX_NOTES:
            continue  # a word in several notes is a word, not a typo
        best, best_frequency = "", 0
        for candidate in sorted(_one_edit_away(word)):
            frequency, found = _frequency(searcher, candidate, term.prefix)
            if frequency > best_frequency:
                best, best_frequency = found, frequency
        if best and (known == 0 or best_frequency >= CORRECTION_RATIO * known):
            corrections[word] = best
    return corrections


def own_words(parsed: ParsedQuery) -> Iterator[Term]:
    """The words of the query a correction may replace: typed by the reader (no variant the
    synonyms added), required (not excluded, not optional) and not inside a phrase."""
    for clause in parsed.clauses:
        if clause.negated or clause.optional:
            continue
        for term in clause.alternatives:
            if not (term.origin or term.phrase):
                yield term


def _frequency(searcher: tantivy.Searcher, word: str, prefix: bool) -> tuple[int, str]:
    """In how many notes the word occurs, and the word; for a word being typed, the commonest
    word it begins and its count."""
    if prefix:
        return max(
            ((count, term) for name in CORRECTION_FIELDS
             for term, count in searcher.terms_with_prefix(name, word, limit=1)),
            default=(0, word),
        )  # fmt: skip
    return max(searcher.doc_freq(name, word) for name in CORRECTION_FIELDS), word


def _one_edit_away(word: str) -> set[str]:
    found = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            found.add(head + tail[1:])
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + tail[2:])
        for letter in _EDIT_ALPHABET:
            found.add(head + letter + tail)
            if tail:
                found.add(head + letter + tail[1:])
    found.discard(word)
    return {candidate for candidate in found if len(candidate) >= FUZZY_MIN_LENGTH - 1}


def with_corrections(parsed: ParsedQuery, corrections: dict[str, str]) -> ParsedQuery:
    """Each misspelt word also matches its correction."""
    clauses = []
    for clause in parsed.clauses:
        terms = list(clause.alternatives)
        for term in clause.alternatives:
            fixed = corrections.get(term.text.lower())
            if fixed and not term.origin:  # a whole word, also for a prefix (see above)
                terms.append(Term(fixed, term.field, origin="fuzzy", weight=FUZZY_WEIGHT))
        clauses.append(replace(clause, alternatives=tuple(terms)))
    return replace(parsed, clauses=tuple(clauses))


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """The query as the user would have typed it without the typos."""
    for wrong, right in corrections.items():
        text = re.sub(rf"(?i)(?<![A-Za-z0-9]){re.escape(wrong)}(?![A-Za-z0-9])", right, text)
    return text


# -- the looser match ----------------------------------------------------------


def can_relax(parsed: ParsedQuery) -> bool:
    """Whether a looser reading differs from the exact one at all."""
    required = [clause for clause in parsed.clauses if not clause.negated and not clause.optional]
    if len(required) >= 2:
        return True
    return any(relaxable_pairs(term.text) for c in required for term in c.alternatives)


def can_relax_after_hits(parsed: ParsedQuery) -> bool:
    """Whether a looser reading may follow hits that have every word: only when "most of the
    words" still means two or more of them. Of two words it means either one, and notes with
    one of ``tiny 49999`` would bury the one note asked for."""
    required = [clause for clause in parsed.clauses if not clause.negated and not clause.optional]
    return most_of(len(required)) >= 2
