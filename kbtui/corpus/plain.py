"""A note as plain text, from its document model: what the index holds and snippets show.

Prose keeps its words without syntax; code keeps its source; a formula reads as its Unicode
text (``O(N²)``, not ``O(N^2)``), so a snippet shows what the viewer shows and ``$dp[i][j]$``
is indexed as ``dp[i][j]``; an image keeps its alt text, an embedded note its name; footnotes
come last.
"""

from __future__ import annotations

from kbtui.corpus.document import (
    Block,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    MathBlock,
    Paragraph,
    Quote,
    Span,
    Table,
)
from kbtui.corpus.formulas import formula_text


def document_text(document: Document) -> str:
    """The searchable text of a note."""
    lines: list[str] = []
    _add_blocks(document.blocks, lines)
    for footnote in document.footnotes:
        _add_blocks(footnote.blocks, lines)
    return "\n".join(line for line in lines if line)


def span_text(spans: list[Span], math: str | None = None) -> str:
    """Spans as one run of text; ``math`` stands for each formula when given (``[Math]``)."""
    parts = []
    for span in spans:
        kind = span.kind
        if kind == "text" or kind == "code" or kind == "image" or kind == "embed":
            parts.append(span.text)
        elif kind == "math":
            parts.append(math if math is not None else formula_text(span.text))
        elif kind == "break":
            parts.append(" ")
    return "".join(parts)


def _add_blocks(blocks: list[Block], lines: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            lines.append(span_text(block.spans))
        elif isinstance(block, CodeBlock):
            lines.append(block.code)
        elif isinstance(block, MathBlock):
            lines.append(formula_text(block.tex))
        elif isinstance(block, Table):
            for row in (block.head, *block.rows):
                lines.append(" ".join(span_text(cell) for cell in row))
        elif isinstance(block, ListBlock):
            for item in block.items:
                _add_blocks(item.blocks, lines)
        elif isinstance(block, Quote):
            _add_blocks(block.blocks, lines)
