"""A Chinese word one character away: the spelling correction of a language without spaces.

The index holds one term per Han character, so there is no word list to correct against. A
word of ``MIN_LENGTH``+ characters that few notes hold is instead looked for with one character
changed, dropped or added (``反向索引`` / ``反向检索``, ``负载均衡器`` / ``负载均衡``): one phrase
query per edit, its characters at their positions with the gap left open. The candidate notes'
text then says which words those phrases met, and the one found in the most notes (more than
the word itself) becomes the correction, shown and searched like a corrected Latin typo.

A character that turns the meaning around (``POLARITY_CHARS``: 无, 非, 不...) is never changed,
dropped or added, so ``有监督学习`` never becomes ``无监督学习``. The edit is found by phrases only
in the title and body: enough to find the word, and a fallback query stays small.
"""

from __future__ import annotations

import re
from collections import Counter

import tantivy

from kbtui.corpus.han import HAN_CHARS
from kbtui.search.documents import indexed_note, searchable_text
from kbtui.search.interpret import own_words
from kbtui.search.query import ParsedQuery
from kbtui.search.tantivy_query import POLARITY_CHARS

MIN_LENGTH = 4  # with three, one change leaves a pair that half the notes hold
MAX_LENGTH = 12  # each character costs three phrase queries
MAX_KNOWN = 3  # a word in more notes than this is a word the user meant
CANDIDATE_NOTES = 20  # notes read to see which variant they hold
FIELDS = ("title", "body")
_HAN_WORD = re.compile(f"[{HAN_CHARS}]+")
_ONE_HAN = f"[{HAN_CHARS}]"


def can_vary(word: str) -> bool:
    return bool(_HAN_WORD.fullmatch(word)) and MIN_LENGTH <= len(word) <= MAX_LENGTH


def edits(word: str) -> list[list[tuple[int, str]]]:
    """Each one-character edit of ``word`` as the positions of the characters it keeps: changed
    (a gap where the character was), dropped inside the word, or one added inside it. A change
    or drop at either end is the same as a shorter word, which a changed first or last
    character already covers."""
    n = len(word)
    shapes = []
    for k in range(n):
        if word[k] not in POLARITY_CHARS:
            shapes.append([(i, word[i]) for i in range(n) if i != k])
    for k in range(1, n - 1):
        if word[k] not in POLARITY_CHARS:
            shapes.append([(i - (i > k), word[i]) for i in range(n) if i != k])
    for k in range(1, n):
        shapes.append([(i + (i >= k), word[i]) for i in range(n)])
    return shapes


def variant_pattern(word: str) -> re.Pattern[str]:
    """What ``edits`` finds, as a pattern over a note's text (longest reading first)."""
    n = len(word)
    added = [re.escape(word[:k]) + _ONE_HAN + re.escape(word[k:]) for k in range(1, n)]
    changed = [
        re.escape(word[:k]) + _ONE_HAN + re.escape(word[k + 1 :])
        for k in range(n)
        if word[k] not in POLARITY_CHARS
    ]
    dropped = [
        re.escape(word[:k] + word[k + 1 :])
        for k in range(1, n - 1)
        if word[k] not in POLARITY_CHARS
    ]
    return re.compile("|".join([*added, *changed, *dropped]))


def _phrase_count(searcher: tantivy.Searcher, schema: tantivy.Schema, word: str) -> int:
    phrases = [tantivy.Query.phrase_query(schema, name, list(word)) for name in FIELDS]
    query = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in phrases])
    return searcher.search(query, limit=1, count=True).count


def han_correction(searcher: tantivy.Searcher, schema: tantivy.Schema, word: str) -> str | None:
    """The word one character away that more notes hold than ``word``, or None."""
    if not can_vary(word):
        return None
    known = _phrase_count(searcher, schema, word)
    if known > MAX_KNOWN:
        return None
    phrases = [
        (tantivy.Occur.Should, tantivy.Query.phrase_query(schema, name, shape))
        for name in FIELDS
        for shape in edits(word)
    ]
    result = searcher.search(tantivy.Query.boolean_query(phrases), limit=CANDIDATE_NOTES)
    pattern = variant_pattern(word)
    notes_with: Counter[str] = Counter()
    for _, address in result.hits:
        document = searcher.doc(address)
        text = f"{indexed_note(document).title}\n{searchable_text(document)}"
        found = {v for v in pattern.findall(text) if v != word and not _adds_polarity(word, v)}
        notes_with.update(found)
    best = sorted(notes_with.items(), key=lambda item: (-item[1], item[0]))
    if best and best[0][1] > known:
        return best[0][0]
    return None


def _adds_polarity(word: str, variant: str) -> bool:
    """Whether the variant holds more of a meaning-turning character than the word."""
    return any(variant.count(char) > word.count(char) for char in POLARITY_CHARS)


MAX_WORDS = 3  # words tried per query, so a pasted paragraph stays quick


def han_corrections(
    parsed: ParsedQuery, searcher: tantivy.Searcher, schema: tantivy.Schema
) -> dict[str, str]:
    """For each Chinese word of the query that few notes hold: its variant one character away."""
    corrections: dict[str, str] = {}
    tried = 0
    for term in own_words(parsed):
        if not can_vary(term.text) or tried == MAX_WORDS:
            continue
        tried += 1
        if (found := han_correction(searcher, schema, term.text)) is not None:
            corrections[term.text] = found
    return corrections
