"""The feed excerpt: the start of a note as one line of plain text.

Rules (shared by the CLI, the app and the index), read from the note's document model:
- Markdown syntax is removed; links show their text; images show nothing.
- Each code block becomes ``[代码]``, each display formula ``[公式]`` and each inline
  formula ``[Math]``; a table gives its cells' text, a list its items'.
- A leading heading equal to the note's title is not repeated.
- About 300 characters, each Chinese character counting as one; when cut, the
  text ends in ``...`` and never splits a placeholder or a Latin word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kbtui.corpus.document import (
    Block,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    MathBlock,
    Paragraph,
    Quote,
    Table,
)
from kbtui.corpus.plain import span_text

EXCERPT_LENGTH = 300
CODE_PLACEHOLDER = "[代码]"
DISPLAY_MATH_PLACEHOLDER = "[公式]"
INLINE_MATH_PLACEHOLDER = "[Math]"


def make_excerpt(document: Document, limit: int = EXCERPT_LENGTH, title: str = "") -> str:
    pieces: list[str] = []
    length = 0
    for position, (piece, heading) in enumerate(_pieces(document.blocks)):
        if position == 0 and heading and title and piece.strip() == title:
            continue
        piece = " ".join(piece.split())
        if not piece:
            continue
        pieces.append(piece)
        length += len(piece) + 1
        if length > limit + 40:
            break
    return _cut(" ".join(pieces), limit)


def _pieces(blocks: list[Block]) -> Iterator[tuple[str, bool]]:
    """Each block's text in reading order, and whether it is a heading."""
    for block in blocks:
        if isinstance(block, CodeBlock):
            yield CODE_PLACEHOLDER, False
        elif isinstance(block, MathBlock):
            yield DISPLAY_MATH_PLACEHOLDER, False
        elif isinstance(block, Paragraph | Heading):
            text = span_text([s for s in block.spans if s.kind != "image"], INLINE_MATH_PLACEHOLDER)
            yield text, isinstance(block, Heading)
        elif isinstance(block, Table):
            for row in (block.head, *block.rows):
                yield " ".join(span_text(cell, INLINE_MATH_PLACEHOLDER) for cell in row), False
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _pieces(item.blocks)
        elif isinstance(block, Quote):
            yield from _pieces(block.blocks)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    # Do not end inside a placeholder such as "[代码]".
    opening = cut.rfind("[")
    if opening != -1 and "]" not in cut[opening:] and text.find("]", opening) < opening + 8:
        cut = cut[:opening]
    # Do not split a Latin word or number.
    elif text[limit : limit + 1].isascii() and text[limit : limit + 1].isalnum():
        match = re.search(r"[A-Za-z0-9_.-]+$", cut)
        if match and match.start() > limit - 30:
            cut = cut[: match.start()]
    return cut.rstrip(" ，,、；;：:") + "..."
