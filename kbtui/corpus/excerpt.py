"""The feed excerpt: the start of a note as one line of plain text.

Rules (shared by the CLI, the app and the index):
- Markdown syntax is removed; links show their text; images show nothing.
- Each fenced or indented code block becomes ``[代码]``, each display formula
  (``$$...$$`` or ``\\[...\\]``) ``[公式]`` and each inline formula ``[Math]``.
- A leading ``# heading`` equal to the note's title is not repeated.
- About 300 characters, each Chinese character counting as one; when cut, the
  text ends in ``...`` and never splits a placeholder or a Latin word.
"""

from __future__ import annotations

import re

from kbtui.corpus.markdown import inline_text, iter_blocks

EXCERPT_LENGTH = 300
CODE_PLACEHOLDER = "[代码]"
DISPLAY_MATH_PLACEHOLDER = "[公式]"
INLINE_MATH_PLACEHOLDER = "[Math]"


def make_excerpt(body: str, limit: int = EXCERPT_LENGTH, title: str = "") -> str:
    pieces: list[str] = []
    length = 0
    for position, block in enumerate(iter_blocks(body)):
        if block.kind == "code":
            piece = CODE_PLACEHOLDER
        elif block.kind == "math":
            piece = DISPLAY_MATH_PLACEHOLDER
        else:
            piece = inline_text(block.text, math=INLINE_MATH_PLACEHOLDER)
            if position == 0 and block.kind == "heading" and title and piece.strip() == title:
                continue
        piece = re.sub(r"\s+", " ", piece).strip()
        if not piece:
            continue
        pieces.append(piece)
        length += len(piece) + 1
        if length > limit + 40:
            break
    return _cut(" ".join(pieces), limit)


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
