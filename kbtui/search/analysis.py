r"""How text becomes index terms, for Chinese and English alike.

Two analyzers, each registered with tantivy under a name and usable from
Python with ``analyze`` so queries are cut exactly as the index was:

``kb_text``
    One token per run of ASCII letters, digits and underscores
    (``FlashAttention``, ``gradient_checkpointing``, ``bf16``) and one per any
    other character that is not a space: each Han character, each Chinese
    punctuation mark (so a Chinese phrase never matches across ``，`` or ``。``),
    each kana or accented letter; all lowercased. A Chinese query word becomes a
    phrase of its characters: ``索引`` finds ``倒排索引`` with no dictionary to load.
    (``naïve`` is cut ``na ï ve`` and found as that phrase.) tantivy runs this
    pattern on its slowest regex engine, once per character, so it is kept as
    small as it can be: a pattern written with Unicode classes (``\p{Han}``,
    ``\w``) cut the same text 25% slower.

``kb_parts``
    Identifier parts only: camelCase, snake_case and dotted names split
    (``FlashAttention`` -> ``flash attention``, ``nn.functional`` ->
    ``nn functional``, ``Mamba2`` -> ``mamba 2``), lowercased. Indexed beside
    ``kb_text`` so ``flash attention`` finds ``FlashAttention`` and ``mamba``
    finds ``Mamba2`` while ``pytorch`` still finds ``PyTorch``.

A note's body goes into its parts field as ``compound_words(body)`` only: a word
that is one part (``attention``, ``CUDA``) is already a term of ``kb_text``, and
cutting the whole body twice cost a third of the time of building the index.
"""

from __future__ import annotations

import re
from functools import cache

import tantivy

TEXT = "kb_text"
PARTS = "kb_parts"

_PATTERNS = {
    TEXT: r"[0-9A-Za-z_]+|[^\x00-\x7F\s]",
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


_ASCII_WORD = re.compile(r"[0-9A-Za-z_]+")
_ONE_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def compound_words(text: str) -> str:
    """The words of ``text`` that ``kb_parts`` cuts into more than the word itself.

    ``FlashAttention``, ``mamba2``, ``gradient_checkpointing`` and ``__init__`` are kept,
    space-separated; ``attention`` and ``CUDA`` are not. Searching these in the parts field
    finds the same notes as searching the whole text there, since every other word
    is found through ``kb_text``.
    """
    return " ".join(word for word in _ASCII_WORD.findall(text) if not _ONE_PART.fullmatch(word))
