"""A note laid out for a terminal: its document model as lines of styled text at a width.

The one renderer of a note, used by the app's viewer and by ``kbtui show``, so both draw the
same page. Every line fits the width: prose is broken by ``kbtui.present.linebreak``; code
lines and display formulas wider than the page go on in the next row after a ``↪`` mark
(nothing is clipped); tables wrap their cells. Formulas read as Unicode text, or as their TeX
source when asked (the viewer's ``$`` key). Searched words are marked before lines are
broken, so a word broken across two lines is still marked, and the page knows on which line
each mark is (``n``/``N``), where each heading is (the table of contents) and which block
each line belongs to (to keep the reader's place when the width changes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text

from kbtui.corpus.cells import text_cells
from kbtui.corpus.document import (
    EMPHASIS,
    STRIKE,
    STRONG,
    Block,
    CodeBlock,
    Document,
    Heading,
    Link,
    ListBlock,
    MathBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
)
from kbtui.corpus.formulas import formula_lines, formula_text
from kbtui.corpus.links import LinkTarget, NoteLinks
from kbtui.present.code import code_rows, hard_wrapped
from kbtui.present.linebreak import line_starts
from kbtui.present.render import MATCH_STYLE
from kbtui.present.table_layout import table_rows

Marker = Callable[[str], list[tuple[int, int]]]  # where the searched words are in a text

# ANSI colour names: the terminal's palette (and the app's theme) makes them readable on dark
# and light backgrounds alike; without colour, bold, underline and dim still tell parts apart.
HEADING_STYLES = ("bold magenta", "bold cyan", "bold", "bold", "bold dim", "bold dim")
CODE_STYLE = "green"
MATH_STYLE = "cyan"
LINK_STYLE = "underline bright_blue"
MISSING_LINK_STYLE = "italic dim"  # a link to a note that does not exist: faded, not underlined
DIM = "dim"
BULLETS = ("•", "◦", "▪")


@dataclass
class Row:
    """One line of the page, and what is on it."""

    text: Text
    matches: int = 0  # searched words that start on this line
    heading: Heading | None = None
    block: int = 0  # the top-level block it belongs to


@dataclass
class Page:
    rows: list[Row] = field(default_factory=list)
    width: int = 80

    @property
    def lines(self) -> list[Text]:
        return [row.text for row in self.rows]

    def match_lines(self) -> list[int]:
        """The line of each marked word, in reading order (a line once per word on it)."""
        return [number for number, row in enumerate(self.rows) for _ in range(row.matches)]

    def heading_lines(self) -> list[tuple[Heading, int]]:
        return [(row.heading, n) for n, row in enumerate(self.rows) if row.heading is not None]

    def line_of_block(self, block: int) -> int:
        return next((n for n, row in enumerate(self.rows) if row.block >= block), 0)

    def block_length(self, block: int) -> int:
        return sum(1 for row in self.rows if row.block == block)


# Past this a note is shown as its Markdown source (made safe), in the app and by
# ``kbtui show``: laying out 17 million characters took 145 s and 800 MB.
LARGE_NOTE_CHARS = 200_000
LARGE_NOTE_LINES = 1_500


def is_large(body: str) -> bool:
    return len(body) > LARGE_NOTE_CHARS or body.count("\n") > LARGE_NOTE_LINES


def layout(
    document: Document,
    width: int,
    marker: Marker | None = None,
    tex_source: bool = False,
    link_list: bool = False,
    links: NoteLinks | None = None,
) -> Page:
    """The page of a note at ``width`` cells, its searched words marked by ``marker``.

    ``links`` says where the note's links lead (a link to no note is drawn faded, an embed
    by the title of the note it embeds) and which notes link here: they end the page.
    ``link_list`` ends it first with where each link leads, for a page that is printed
    (``kbtui show``): the app lists them on ``o`` instead.
    """
    painter = _Painter(max(width, 20), marker, tex_source, document, links or NoteLinks())
    page = Page(width=max(width, 20))
    for number, block in enumerate(document.blocks):
        rows = painter.block(block, page.width)
        if not rows:
            continue
        if page.rows:  # the blank line between two blocks belongs to the first
            page.rows.append(Row(Text(""), block=page.rows[-1].block))
        for row in rows:
            row.block = number
        page.rows.extend(rows)
    if document.footnotes:
        page.rows.append(Row(Text(""), block=len(document.blocks)))
        page.rows.extend(painter.footnotes(page.width))
    if link_list and document.links:
        page.rows.append(Row(Text(""), block=len(document.blocks)))
        page.rows.extend(painter.links(page.width))
    if links is not None and links.backlinks:
        page.rows.append(Row(Text(""), block=len(document.blocks)))
        page.rows.extend(painter.backlinks(page.width))
    return page


class _Painter:
    def __init__(
        self, width: int, marker: Marker | None, tex_source: bool, doc: Document, links: NoteLinks
    ) -> None:
        self.resolved = links
        self.width = width
        self.marker = marker
        self.tex_source = tex_source
        self.footnote_numbers = {note.label: n + 1 for n, note in enumerate(doc.footnotes)}
        self.document = doc

    # -- blocks ------------------------------------------------------------------------

    def block(self, block: Block, width: int) -> list[Row]:
        if isinstance(block, Paragraph):
            return self.flow(self.spans(block.spans), width)
        if isinstance(block, Heading):
            return self.heading(block, width)
        if isinstance(block, CodeBlock):
            return self.marked_rows(code_rows(block.code, block.language, width, CODE_STYLE))
        if isinstance(block, MathBlock):
            return self.display_math(block.tex, width)
        if isinstance(block, Table):
            return self.table(block, width)
        if isinstance(block, ListBlock):
            return self.list_block(block, width, depth=0)
        if isinstance(block, Quote):
            inner = self.blocks(block.blocks, width - 2, blank_between=True)
            return [_prefixed(row, Text("▌ ", style=DIM)) for row in inner]
        if isinstance(block, Rule):
            return [Row(Text("─" * width, style=DIM))]
        return []

    def blocks(self, blocks: list[Block], width: int, blank_between: bool) -> list[Row]:
        rows: list[Row] = []
        for block in blocks:
            if rows and blank_between:
                rows.append(Row(Text("")))
            rows.extend(self.block(block, width))
        return rows

    def heading(self, heading: Heading, width: int) -> list[Row]:
        style = HEADING_STYLES[min(heading.level, 6) - 1]
        text = self.spans(heading.spans)
        text.stylize(style)
        rows = self.flow(text, width)
        if rows:
            rows[0].heading = heading
        if heading.level <= 2:
            longest = max(row.text.cell_len for row in rows) if rows else 0
            rule = "━" * width if heading.level == 1 else "─" * max(longest, 1)
            rows.append(Row(Text(rule, style=style.replace("bold ", ""))))
        return rows

    def display_math(self, tex: str, width: int) -> list[Row]:
        lines = tex.split("\n") if self.tex_source else list(formula_lines(tex)) or [""]
        texts = [Text("    " + line, style=MATH_STYLE) for line in lines]
        return self.marked_rows([row for text in texts for row in hard_wrapped(text, width)])

    def list_block(self, block: ListBlock, width: int, depth: int) -> list[Row]:
        rows: list[Row] = []
        last_number = (block.start or 1) + len(block.items) - 1
        marker_width = len(f"{last_number}.") if block.start is not None else 1
        for number, item in enumerate(block.items):
            if block.start is not None:
                mark = f"{block.start + number}.".rjust(marker_width)
            else:
                mark = BULLETS[depth % len(BULLETS)]
            if item.checked is not None:
                mark = "☑" if item.checked else "☐"
            mark_text = Text(mark + " ", style="bold" if item.checked is None else "")
            indent = text_cells(mark) + 1
            inner: list[Row] = []
            for child in item.blocks:
                if isinstance(child, ListBlock):
                    inner.extend(self.list_block(child, width - indent, depth + 1))
                else:
                    inner.extend(self.block(child, width - indent))
            if not inner:
                inner = [Row(Text(""))]
            rows.append(_prefixed(inner[0], mark_text))
            rows.extend(_prefixed(row, Text(" " * indent)) for row in inner[1:])
        return rows

    def table(self, table: Table, width: int) -> list[Row]:
        head = [self.spans(cell) for cell in table.head]
        for cell in head:
            cell.stylize("bold")
        body = [[self.spans(cell) for cell in row] for row in table.rows]
        texts = table_rows(head, body, table.aligns, width)
        return [Row(text, matches=self.count_marks(text)) for text in texts]

    def footnotes(self, width: int) -> list[Row]:
        rows = [Row(Text("─" * min(width, 20), style=DIM))]
        for footnote in self.document.footnotes:
            mark = Text(f"[{self.footnote_numbers[footnote.label]}] ", style=DIM)
            inner = self.blocks(footnote.blocks, width - mark.cell_len, blank_between=False)
            inner = inner or [Row(Text(""))]
            rows.append(_prefixed(inner[0], mark))
            rows.extend(_prefixed(row, Text(" " * mark.cell_len)) for row in inner[1:])
        return rows

    def links(self, width: int) -> list[Row]:
        """Where each link leads: an address, a note (by its path), or no note."""
        rows = [Row(Text("─" * min(width, 20), style=DIM))]
        for number, link in enumerate(self.document.links):
            mark, text, where = link_parts(link, self.resolved.number(number))
            line = Text(f"{mark} ", style=DIM)
            line.append(text, style=MISSING_LINK_STYLE if mark == "✗" else LINK_STYLE)
            if where:
                line.append(f"  {where}", style=DIM)
            rows.extend(self.flow(line, width))
        return rows

    def backlinks(self, width: int) -> list[Row]:
        """The notes that link here, each a link of its own (numbered after the note's)."""
        count = len(self.resolved.backlinks)
        rows = [Row(Text(f"← Linked from {count} note{'s' * (count != 1)}", style=DIM))]
        for number, leads in enumerate(self.resolved.backlinks, start=len(self.resolved.targets)):
            line = Text("← ", style=DIM)
            line.append(leads.title or leads.note_id, style=_link_style(LINK_STYLE, number))
            line.append(f"  {leads.note_id}", style=DIM)
            rows.extend(self.flow(line, width))
        return rows

    # -- inline content ----------------------------------------------------------------

    def spans(self, spans: list[Span]) -> Text:
        """Spans as one styled text; note text is never read as markup."""
        text = Text()
        for span in spans:
            style = _span_style(span.style)
            if span.kind == "text":
                piece = Text(span.text, style=style)
            elif span.kind == "code":
                piece = Text(span.text, style=CODE_STYLE)
            elif span.kind == "math":
                shown = f"${span.text}$" if self.tex_source else formula_text(span.text)
                piece = Text(shown, style=MATH_STYLE)
            elif span.kind == "image":
                where = f" · {span.target}" if span.target not in ("", span.text) else ""
                piece = Text(f"[图片: {span.text or '无说明'}{where}]", style=DIM)
            elif span.kind == "embed":  # ![[Note]]: the note it embeds, by title; opens it
                leads = self.resolved.number(span.link)
                piece = Text(f"⧉ {leads.title if leads and leads.title else span.text}", style)
            elif span.kind == "footnote":
                piece = Text(f"[{self.footnote_numbers.get(span.text, span.text)}]", style=DIM)
            elif span.kind == "break":
                piece = Text("\n")
            else:
                continue
            if span.link >= 0:
                missing = self.resolved.missing(span.link)
                piece.stylize(_link_style(MISSING_LINK_STYLE if missing else LINK_STYLE, span.link))
            text.append_text(piece)
        return text

    def flow(self, text: Text, width: int) -> list[Row]:
        """Prose broken into lines, its searched words marked and counted on their lines."""
        marks = self.mark(text)
        rows: list[Row] = []
        offset = 0
        for part in text.split("\n", allow_blank=True):
            starts = line_starts(part.plain, width)
            pieces = list(part.divide(starts)) if starts else [part]
            first_row = len(rows)
            for piece in pieces:
                piece.rstrip()
                rows.append(Row(piece))
            bounds = [0, *starts]
            for start in marks:
                if offset <= start < offset + len(part.plain) + 1:
                    line = sum(1 for bound in bounds if bound <= start - offset) - 1
                    rows[first_row + line].matches += 1
            offset += len(part.plain) + 1
        return rows

    def mark(self, text: Text) -> list[int]:
        """Mark the searched words in a text; where each starts."""
        if self.marker is None:
            return []
        found = self.marker(text.plain)
        for start, end in found:
            text.stylize(MATCH_STYLE, start, end)
        return [start for start, _ in found]

    def count_marks(self, text: Text) -> int:
        return len(self.mark(text))

    def marked_rows(self, texts: list[Text]) -> list[Row]:
        return [Row(text, matches=self.count_marks(text)) for text in texts]


def link_parts(link: Link, leads: LinkTarget | None) -> tuple[str, str, str]:
    """How a link is listed: a mark (``↗`` an address, ``→`` a note, ``✗`` no such note), its
    text, and where it leads (a note's path, an address, or what names no note)."""
    if link.external:
        return "↗", link.text, link.target if link.text != link.target else ""
    if leads is None:  # not resolved: as written
        return "→", link.text, link.target
    if leads.kind == "missing":
        return "✗", link.text, f"{link.target} (no such note)"
    anchor = f"#{leads.anchor}" if leads.anchor else ""
    return "→", link.text, f"{leads.note_id if leads.kind == 'note' else ''}{anchor}"


def link_label(link: Link, leads: LinkTarget | None) -> str:
    """A link as one line of the link picker."""
    mark, text, where = link_parts(link, leads)
    return f"{mark} {text}  ({where})" if where else f"{mark} {text}"


def _link_style(style: str, number: int) -> Style:
    """A link's look, and what a click on it does (the viewer opens link ``number``)."""
    return Style.parse(style) + Style(meta={"@click": f"link({number})"})


def _span_style(flags: int) -> str:
    parts = []
    if flags & STRONG:
        parts.append("bold")
    if flags & EMPHASIS:
        parts.append("italic")
    if flags & STRIKE:
        parts.append("strike")
    return " ".join(parts)


def _prefixed(row: Row, prefix: Text) -> Row:
    return Row(prefix.copy() + row.text, row.matches, row.heading, row.block)
