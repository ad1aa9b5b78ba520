"""CJK bold: CommonMark does not let ``**`` close after punctuation when a letter follows, nor
open before punctuation after a letter, so ``**全期望公式（law）**的`` stays literal in every
conforming parser, or pairs with the wrong ``**`` further on (pulldown-cmark's CJK-friendly
option is not in pyromark yet). In a body where a ``**`` touches Chinese text, every ``**``
is given to the parser as ``BOLD_MARK``, and here the marks of a block pair up in order, as the
CJK-friendly amendment to CommonMark reads them; a mark left over is ``**`` again.
"""

from __future__ import annotations

import re

from kbtui.corpus.document import (
    STRONG,
    Document,
    Span,
    map_strings,
)
from kbtui.corpus.han import CJK_TEXT_CHARS

BOLD_MARK = "\ufdd0"  # a noncharacter: never in a note's text
_CJK_CHAR = re.compile(f"[{CJK_TEXT_CHARS}]")
_BOLD_RUN = re.compile(r"(?<![\\*])\*\*(?!\*)")


def mark_bold(body: str) -> tuple[str, bool]:
    """The body with each ``**`` as a mark, if one of them touches Chinese text; and whether."""
    if not _bold_touches_cjk(body):
        return body, False
    if "***" not in body and "\\**" not in body:
        return body.replace("**", BOLD_MARK), True
    return _BOLD_RUN.sub(BOLD_MARK, body), True


def _bold_touches_cjk(body: str) -> bool:
    """Whether a ``**`` of the body has a Chinese character or CJK punctuation beside it."""
    at = body.find("**")
    while at >= 0:
        if _CJK_CHAR.match(body[at - 1 : at]) or _CJK_CHAR.match(body[at + 2 : at + 3]):
            return True
        at = body.find("**", at + 2)
    return False


def paired_bold(spans: list[Span]) -> list[Span]:
    """The bold marks of a block's text paired in order, what lies between them bold."""
    marks = sum(span.text.count(BOLD_MARK) for span in spans if span.kind == "text")
    pairs_left = marks - marks % 2
    bold = False
    out: list[Span] = []
    for span in spans:
        if span.kind != "text" or BOLD_MARK not in span.text:
            if bold:
                span.style |= STRONG
            out.append(span)
            continue
        for number, piece in enumerate(span.text.split(BOLD_MARK)):
            if number and pairs_left:
                bold, pairs_left = not bold, pairs_left - 1
            elif number:
                piece = "**" + piece
            if piece:
                out.append(Span("text", piece, span.style | (STRONG if bold else 0), span.link))
    return out


def unmark_literals(document: Document) -> None:
    """``**`` back where a bold mark reached what is taken as written: code, formulas, HTML,
    image text, addresses (the marks in prose ``finish_spans`` has paired up already)."""
    map_strings(document, lambda text: text.replace(BOLD_MARK, "**"))
