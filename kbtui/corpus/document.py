"""A note's document model: the blocks and spans that every part of kbtui reads a note by.

``kbtui.corpus.markdown.read_document`` parses a body once into this model; the index's text,
the feed excerpt, the snippets, the viewer, ``kbtui show``, the table of contents and the
links list all read it, so they agree on what is code, a formula, a heading or a link.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

EMPHASIS, STRONG, STRIKE = 1, 2, 4  # Span.style flags

# Bumped when what a note reads as changes (its text, excerpt, links: kbtui.corpus.markdown and
# what it uses), so that an index built by an earlier reading is rebuilt on open.
# 2: one parse with pyromark, formulas as text, HTML read for its text, CJK bold.
# 3: wikilinks and embeds.
READING_VERSION = 3

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(slots=True)
class Span:
    """A run of inline content. ``kind``: text, code, math, footnote (``text`` is its label),
    image (``text`` its alt, ``target`` its address), embed (a note embedded with ``![[...]]``:
    ``text`` its name, ``link`` the link to it) or break."""

    kind: str
    text: str
    style: int = 0
    link: int = -1  # the index in Document.links of the link this span is part of
    target: str = ""  # an image's address


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # as written in the note: ``Note#Heading`` for ``[[Note#Heading|shown]]``
    kind: str = "markdown"  # or "wiki" (``[[...]]``: found by name) or "embed" (``![[...]]``)

    @property
    def external(self) -> bool:
        return self.kind == "markdown" and is_external(self.target)

    @property
    def by_name(self) -> bool:
        """A wikilink or an embed: it names a note, wherever in the vault it is."""
        return self.kind != "markdown"


def is_external(target: str) -> bool:
    """Whether a link leads out of the notes (it has a scheme: https:, mailto:...)."""
    return bool(_EXTERNAL.match(target))


@dataclass(slots=True)
class Paragraph:
    spans: list[Span]


@dataclass(slots=True)
class Heading:
    level: int
    spans: list[Span]
    anchor: str = ""

    @property
    def text(self) -> str:
        return spans_text(self.spans)


@dataclass(slots=True)
class CodeBlock:
    code: str
    language: str = ""


@dataclass(slots=True)
class MathBlock:
    tex: str


@dataclass(slots=True)
class Table:
    aligns: list[str]  # per column: "left", "center", "right" or "" (not given)
    head: list[list[Span]]
    rows: list[list[list[Span]]]


@dataclass(slots=True)
class ListItem:
    blocks: list[Block]
    checked: bool | None = None  # a task list item's box; None for a plain item


@dataclass(slots=True)
class ListBlock:
    start: int | None  # an ordered list's first number; None for bullets
    items: list[ListItem]


@dataclass(slots=True)
class Quote:
    blocks: list[Block]


@dataclass(slots=True)
class Rule:
    pass


@dataclass(slots=True)
class Footnote:
    label: str
    blocks: list[Block]


Block = Paragraph | Heading | CodeBlock | MathBlock | Table | ListBlock | Quote | Rule


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    links: list[Link] = field(default_factory=list)  # in order, without repeats
    footnotes: list[Footnote] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)  # every heading, nested ones too

    def link_number(self, target: str, kind: str = "markdown") -> int:
        """The number of the link to ``target``, added (without text yet) if it is new."""
        for number, known in enumerate(self.links):
            if known.target == target and known.kind == kind:
                return number
        self.links.append(Link("", target, kind))
        return len(self.links) - 1

    def unique_anchor(self, text: str) -> str:
        """A new heading's anchor: its slug, numbered (``-1``, ``-2``) if a heading took it."""
        slug = heading_slug(text)
        taken = {h.anchor for h in self.headings}
        number, anchor = 0, slug
        while anchor in taken:
            number += 1
            anchor = f"{slug}-{number}"
        return anchor

    def heading_for(self, anchor: str) -> Heading | None:
        """The heading a link's ``#anchor`` names (by its slug, or by its text)."""
        wanted = heading_slug(urllib.parse.unquote(anchor))
        return next((h for h in self.headings if h.anchor == wanted), None)


def spans_text(spans: list[Span]) -> str:
    """The text of spans, formulas as their source: for titles and labels."""
    return "".join(span.text if span.kind != "break" else " " for span in spans)


def heading_slug(text: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation gone, spaces as ``-``."""
    kept = "".join(c for c in text.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def iter_spans(blocks: list[Block]) -> Iterator[Span]:
    """Every span of the blocks, in reading order: nested lists, quotes and tables too."""
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield from block.spans
        elif isinstance(block, Table):
            for row in (block.head, *block.rows):
                for cell in row:
                    yield from cell
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_spans(item.blocks)
        elif isinstance(block, Quote):
            yield from iter_spans(block.blocks)


def map_strings(document: Document, change: Callable[[str], str]) -> None:
    """Every string of the document (text, code, formulas, addresses, link texts) changed in
    place by ``change``: for the few fixes that must reach all of them."""

    def walk(blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, CodeBlock):
                block.code = change(block.code)
            elif isinstance(block, MathBlock):
                block.tex = change(block.tex)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)
            elif isinstance(block, Quote):
                walk(block.blocks)
        for span in iter_spans(blocks):
            span.text, span.target = change(span.text), change(span.target)

    walk(document.blocks)
    for footnote in document.footnotes:
        walk(footnote.blocks)
    document.links[:] = [
        replace(link, text=change(link.text), target=change(link.target)) for link in document.links
    ]
