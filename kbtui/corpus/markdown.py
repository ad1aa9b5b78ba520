"""The one reading of a note's Markdown: the body parsed once into its document model.

pyromark (pulldown-cmark) parses CommonMark with GFM tables, task lists, footnotes,
strikethrough, ``$``/``$$`` math and wikilinks; this module folds its events into
``kbtui.corpus.document``. What it decides beyond CommonMark:
- ``\\[...\\]`` and ``\\(...\\)`` are formulas too, their source untouched, unless they hold
  prose (``formulas.holds_prose``: ``\\[解析\\]`` is CommonMark's escaped ``[解析]``);
- a bare ``http(s)://`` or ``ftp://`` address in prose is a link; ``[[wikilinks]]`` and
  ``![[embeds]]`` are links too (``kbtui.corpus.wikilinks``);
- ``**`` beside Chinese punctuation is bold as a Chinese writer means it (``cjk_bold``);
- a line break inside a paragraph joins two Chinese characters with nothing, other text with
  a space; HTML is read as what it says (``kbtui.corpus.html_text``);
- a display formula on its own is a block of its own, even inside a paragraph or a list item.
"""

from __future__ import annotations

from dataclasses import replace

import pyromark

from kbtui.corpus.cjk_bold import mark_bold, unmark_literals
from kbtui.corpus.document import (
    EMPHASIS,
    STRIKE,
    STRONG,
    Block,
    CodeBlock,
    Document,
    Footnote,
    Heading,
    ListBlock,
    ListItem,
    MathBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    map_strings,
    spans_text,
)
from kbtui.corpus.formulas import holds_prose
from kbtui.corpus.html_text import HTML_STYLES, html_blocks, image_span, read_tag
from kbtui.corpus.safety import terminal_safe
from kbtui.corpus.spans import finish_spans, number_links_in_reading_order, trimmed
from kbtui.corpus.wikilinks import embeds_a_note, is_wikilink, named_spans, needs_name

_OPTIONS = 0
for _option in ("TABLES", "FOOTNOTES", "STRIKETHROUGH", "TASKLISTS", "MATH", "GFM", "WIKILINKS"):
    _OPTIONS |= getattr(pyromark.Options, f"ENABLE_{_option}")


def read_document(body: str) -> Document:
    """The document model of a Markdown body (without its front matter), made terminal-safe
    first: no escape sequence or control character of the note reaches any consumer."""
    body = terminal_safe(body)
    body, marked = mark_bold(body)
    try:
        document = _Reader(body).read()
    except UnicodeEncodeError:  # a lone surrogate, which the parser cannot take: shown as �
        document = _Reader(body.encode("utf-8", "replace").decode("utf-8")).read()
    if marked:
        unmark_literals(document)
    if "&#" in body:  # a character reference can name a control character: &#27; is ESC
        map_strings(document, terminal_safe)
    return document


_CONTAINERS = frozenset({"BlockQuote", "Item", "FootnoteDefinition"})  # hold blocks
MAX_NESTING = 24  # quotes and lists inside each other, as deep as a note can mean them
_STYLES = {"Emphasis": EMPHASIS, "Strong": STRONG, "Strikethrough": STRIKE}


class _InlineReader:
    """The inline half of the reading: spans as they come, with their styles and links."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._source: bytes | None = None
        self.document = Document([])
        self.spans: list[Span] | None = None  # the inline content being read, if any
        self.style = 0
        self.link = -1
        self.image: Span | None = None
        self.image_target = ""
        self.code: list[str] | None = None  # a code or HTML block's text, while it is read
        self.skip_to = -1  # source offset up to which events belong to a \[...\] formula
        self.paragraph_end = -1  # where the block being read ends in the source (-1: the end)
        self.heading_level = 0  # of the heading being read; 0 in a paragraph
        self.wiki_name = ""  # the target of a [[wikilink]] being read, shown as its name

    @property
    def source(self) -> bytes:
        """The body as UTF-8: pyromark's ranges count bytes."""
        if self._source is None:
            self._source = self.body.encode("utf-8", "surrogatepass")
        return self._source

    def text_fast(self, text: str) -> None:
        if self.code is not None:
            self.code.append(text)
        elif self.image is not None:
            self.image.text += text
        elif self.spans is not None:
            self.spans.append(Span("text", text, self.style, self.link))
        else:
            self.add_span(Span("text", text, self.style, self.link))

    # -- blocks ------------------------------------------------------------------------

    def text(self, text: str, where: dict | None) -> None:
        if self.code is not None:
            self.code.append(text)
            return
        if self.image is not None:
            self.image.text += text
            return
        start = where["start"] if where else 0
        opens = text[:1] in ("[", "(") and start and self.source[start - 1] == 0x5C  # a backslash
        if opens and self.formula(text, start):
            return
        self.add_span(Span("text", text, self.style, self.link))

    def formula(self, text: str, start: int) -> bool:
        """A ``\\[`` or ``\\(`` that opens a formula: its source up to the closer, untouched."""
        closer = b"\\]" if text[0] == "[" else b"\\)"
        stop = self.paragraph_end if self.paragraph_end >= 0 else None
        end = self.source.find(closer, start, stop)
        if end < 0:
            return False
        tex = self.source[start + 1 : end].decode("utf-8", "replace")
        if holds_prose(tex):
            return False
        self.add_span(Span("display" if closer == b"\\]" else "math", tex.strip(), self.style))
        self.skip_to = end + 2
        return True

    def html(self, html: str) -> None:
        """A tag in prose, read for what it means (``kbtui.corpus.html_text``)."""
        if html.startswith("<!--"):
            return
        tag = read_tag(html)
        if tag is None:  # not HTML: text, as written
            self.add_span(Span("text", html, self.style, self.link))
        elif tag.name == "br":
            self.add_span(Span("break", "\n"))
        elif tag.name == "img":
            self.add_span(image_span(tag, self.style, self.link))
        elif tag.name == "a" and (tag.closing or tag.attrs.get("href")):
            if tag.closing:
                self.name_link()
                self.link = -1
            else:
                self.link = self.document.link_number(tag.attrs["href"])
        elif tag.name in HTML_STYLES:
            flag = HTML_STYLES[tag.name]
            self.style = self.style & ~flag if tag.closing else self.style | flag

    def add_span(self, span: Span) -> None:
        if self.spans is None:  # inline content straight in a list item or a quote
            self.spans = []
            self.heading_level = 0
        self.spans.append(span)

    def name_link(self) -> None:
        """Give the link just ended its text (the first time it is written)."""
        links = self.document.links
        if self.link < 0 or links[self.link].text:
            return
        text = " ".join(
            spans_text(
                [s for s in self.spans or [] if s.link == self.link and s.kind != "image"]
            ).split()
        )
        links[self.link] = replace(links[self.link], text=text or links[self.link].target)


class _Reader(_InlineReader):
    """Folds pyromark's events into the model: a stack of open blocks around the spans."""

    def __init__(self, body: str) -> None:
        super().__init__(body)
        self.stack: list[tuple[str, object]] = [("Document", self.document.blocks)]
        self.table: Table | None = None

    def read(self) -> Document:
        if "\\[" in self.body or "\\(" in self.body:  # formulas the parser does not know
            for event, where in pyromark.events_with_range(self.body, options=_OPTIONS):
                if where["start"] < self.skip_to and not _is_start_or_end(event):
                    if "Text" in event and where["end"] > self.skip_to:
                        self.text(event["Text"][self.skip_to - where["start"] :], where)
                    continue
                self.fold(event, where)
        else:  # the usual case, and the hot loop of indexing: no source offsets needed
            spans_or_none = self.text_fast
            for event in pyromark.events(self.body, options=_OPTIONS):
                if type(event) is dict and "Text" in event:
                    spans_or_none(event["Text"])
                else:
                    self.fold(event, None)
        self.close_inline()
        if len(self.document.links) > 1:
            number_links_in_reading_order(self.document)
        return self.document

    def fold(self, event: str | dict, where: dict | None) -> None:
        if type(event) is str:
            self.simple(event)
            return
        for kind, value in event.items():
            if kind == "Start":
                self.start(value, where)
            elif kind == "End":
                self.end(value)
            else:
                self.leaf(kind, value, where)

    def start(self, tag: str | dict, where: dict | None) -> None:
        name, value = (tag, None) if isinstance(tag, str) else next(iter(tag.items()))
        if name in _STYLES:
            self.style |= _STYLES[name]
        elif name == "Link":
            wiki = is_wikilink(value)
            self.link = self.document.link_number(value["dest_url"], "wiki" if wiki else "markdown")
            self.wiki_name = value["dest_url"] if wiki and needs_name(value) else ""
        elif name == "Image" and embeds_a_note(value):  # ![[Note]]
            self.link = self.document.link_number(value["dest_url"], "embed")
            self.wiki_name = value["dest_url"]
        elif name == "Image":
            self.image = Span("image", "", self.style, self.link)
            self.image_target = value["dest_url"]
        elif name == "Item":
            self.close_inline()
            self.paragraph_end = where["end"] if where else -1
            self.open_container(name, value)
        elif name in ("Paragraph", "Heading"):
            self.close_inline()
            self.spans = []
            self.heading_level = int(value["level"][1]) if name == "Heading" else 0
            self.paragraph_end = where["end"] if where else -1
        elif name == "CodeBlock":
            self.close_inline()
            self.code = []
            fenced = value.get("Fenced") if isinstance(value, dict) else None
            self.language = (fenced or "").split()[0] if fenced else ""
        elif name == "Table":
            self.close_inline()
            self.table = Table([a.lower() if a != "None" else "" for a in value], [], [])
        elif name == "TableRow":
            assert self.table is not None
            self.table.rows.append([])
        elif name == "TableCell":
            self.spans = []
            self.paragraph_end = where["end"] if where else -1
        elif name == "List":
            self.close_inline()
            self.push("List", ListBlock(value, []))
        elif name in _CONTAINERS:
            self.close_inline()
            self.open_container(name, value)
        elif name == "HtmlBlock":
            self.close_inline()
            self.code = []
            self.language = "\x00html"

    def push(self, name: str, block: Block) -> None:
        if self.too_deep(name):
            return
        self.add_block(block)
        self.stack.append((name, block))  # type: ignore[arg-type]

    def too_deep(self, name: str) -> bool:
        """Past ``MAX_NESTING`` quotes and lists, what is inside goes into the innermost one
        (1,000 nested ``>`` would take every reader of the model past Python's recursion
        limit). The stack still gets an entry, so each end tag pops its own."""
        if len(self.stack) <= MAX_NESTING or isinstance(self.stack[-1][1], ListBlock):
            return False
        self.stack.append((name, self.stack[-1][1]))
        return True

    def open_container(self, name: str, value: object) -> None:
        if name == "BlockQuote":
            self.push(name, Quote([]))
        elif name == "Item":
            if self.too_deep(name):
                return
            parent = self.stack[-1][1]
            item = ListItem([])
            if isinstance(parent, ListBlock):
                parent.items.append(item)
            self.stack.append((name, item))  # type: ignore[arg-type]
        else:
            footnote = Footnote(str(value), [])
            self.document.footnotes.append(footnote)
            self.stack.append((name, footnote))  # type: ignore[arg-type]

    def end(self, tag: str | dict) -> None:
        name = tag if isinstance(tag, str) else next(iter(tag))
        if name in _STYLES:
            self.style &= ~_STYLES[name]
        elif name == "Link" or (name == "Image" and self.image is None and self.link >= 0):
            if self.wiki_name:
                embed, target, self.wiki_name = name == "Image", self.wiki_name, ""
                self.spans = named_spans(self.spans or [], self.link, target, embed, self.style)
            self.name_link()
            self.link = -1
        elif name == "Image" and self.image is not None:
            image, self.image = self.image, None
            self.add_span(Span("image", image.text, image.style, image.link, self.image_target))
        elif name in ("Paragraph", "Heading"):
            self.close_inline()
        elif name == "CodeBlock" or name == "HtmlBlock":
            text, self.code = "".join(self.code or []), None
            if name == "CodeBlock":
                self.add_block(CodeBlock(text.rstrip("\n"), self.language))
            else:
                for block in html_blocks(text, self.document):
                    self.add_block(block)
        elif name == "TableCell" and self.table is not None:
            cell, self.spans = finish_spans(self.spans or [], self.document), None
            (self.table.rows[-1] if self.table.rows else self.table.head).append(cell)
        elif name == "Table" and self.table is not None:
            table, self.table = self.table, None
            self.add_block(table)
        elif name in _CONTAINERS or name == "List":
            self.close_inline()
            if len(self.stack) > 1:
                self.stack.pop()

    def add_block(self, block: Block) -> None:
        container = self.stack[-1][1]
        blocks = container if isinstance(container, list) else getattr(container, "blocks", None)
        if blocks is None:  # a list's loose content outside any item
            blocks = self.document.blocks
        blocks.append(block)
        if isinstance(block, Heading):
            self.document.headings.append(block)

    def close_inline(self) -> None:
        """End the paragraph or heading being read; a display formula in it is its own block."""
        if self.table is not None:
            return  # a cell's spans are the cell's, ended with it
        spans, self.spans = self.spans, None
        if spans is None:
            return
        spans = finish_spans(spans, self.document)
        if self.heading_level:
            level, self.heading_level = self.heading_level, 0
            heading = Heading(level, trimmed(spans))
            heading.anchor = self.document.unique_anchor(heading.text)
            self.add_block(heading)
            return
        run: list[Span] = []
        for span in spans:
            if span.kind == "display":
                if run := trimmed(run):
                    self.add_block(Paragraph(run))
                self.add_block(MathBlock(span.text.strip()))
                run = []
            else:
                run.append(span)
        if run := trimmed(run):
            self.add_block(Paragraph(run))

    def simple(self, event: str) -> None:
        if event == "SoftBreak":
            self.add_span(Span("soft", " ", self.style, self.link))
        elif event == "HardBreak":
            self.add_span(Span("break", "\n"))
        elif event == "Rule":
            self.close_inline()
            self.add_block(Rule())

    def leaf(self, kind: str, value: object, where: dict | None) -> None:
        if kind == "Text":
            self.text(str(value), where)
        elif self.code is not None and kind in ("Html", "InlineHtml"):
            self.code.append(str(value))
        elif kind == "Code":
            self.add_span(Span("code", str(value), self.style, self.link))
        elif kind == "InlineMath":
            self.add_span(Span("math", str(value), self.style, self.link))
        elif kind == "DisplayMath":
            self.add_span(Span("display" if self.table is None else "math", str(value).strip()))
        elif kind in ("InlineHtml", "Html"):
            self.html(str(value))
        elif kind == "FootnoteReference":
            self.add_span(Span("footnote", str(value)))
        elif kind == "TaskListMarker":
            item = self.stack[-1][1]
            if isinstance(item, ListItem):
                item.checked = bool(value)


def _is_start_or_end(event: str | dict) -> bool:
    return isinstance(event, dict) and ("Start" in event or "End" in event)
