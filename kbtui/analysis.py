"""How text becomes index terms, for Chinese and English alike.

Two analyzers, each registered with tantivy under a name and usable from
Python with ``analyze`` so queries are cut exactly as the index was:

``kb_text``
    One token per Han character, one per run of other word characters
    (``FlashAttention``, ``gradient_checkpointing``, ``bf16``), one per
    non-ASCII punctuation mark (so a Chinese phrase never matches across
    ``，`` or ``。``), all lowercased. A Chinese query word becomes a phrase of
    its characters: ``索引`` finds ``倒排索引`` with no dictionary to load.

``kb_parts``
    Identifier parts only: camelCase, snake_case and dotted names split
    (``FlashAttention`` -> ``flash attention``, ``nn.functional`` ->
    ``nn functional``, ``Mamba2`` -> ``mamba 2``), lowercased. Indexed beside
    ``kb_text`` so ``flash attention`` finds ``FlashAttention`` and ``mamba``
    finds ``Mamba2`` while ``pytorch`` still finds ``PyTorch``.
"""

from __future__ import annotations

from functools import cache

import tantivy

TEXT = "kb_text"
PARTS = "kb_parts"

_PATTERNS = {
    TEXT: r"\p{Han}|[^\p{Han}\W]+|[^\s\w\x00-\x7F]",
    PARTS: r"[A-Z]?[a-z]+|[A-Z]+|[0-9]+",
}


@cache
def analyzer(name: str) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(_PATTERNS[name]))
    return builder.filter(tantivy.Filter.lowercase()).build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tantivy forgets custom tokenizers on every open: call this after each one."""
    for name in _PATTERNS:
        index.register_tokenizer(name, analyzer(name))


def tokens(name: str, text: str) -> list[str]:
    return analyzer(name).analyze(text)
