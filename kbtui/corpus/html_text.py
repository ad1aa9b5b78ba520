"""HTML in a note, read as what it says: its text, its images and links, its line breaks.

Real notes wrap figures in ``<div align=center><img src=...></div>``, captions in
``<figcaption>``, colour in ``<font color=red>``; shown as source, the tags drown the text.
So a tag of HTML's own is read for its meaning (``<img>`` an image, ``<a href>`` a link,
``<br>``, ``<p>``, ``<div>``, ``<tr>`` and the like end a line, ``<b>`` ``<i>`` ``<del>``
style their text, ``<pre>`` is code) and other HTML tags are dropped, their text kept;
``<script>``, ``<style>`` and comments are nothing. Anything in angle brackets that is not an
HTML element (``<SumBackward0>``, ``<T>``) is text, as written. Character references are
decoded here; the caller makes the result terminal-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from typing import NamedTuple

from kbtui.corpus.document import (
    EMPHASIS,
    STRIKE,
    STRONG,
    Block,
    CodeBlock,
    Document,
    Paragraph,
    Span,
    spans_text,
)
from kbtui.corpus.spans import finish_spans


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Elements that end a line of text where they open or close.
_LINE_ENDING = _names(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p "
    "section summary table tbody tfoot thead tr ul"
)
# Elements dropped with everything in them.
_HIDDEN = frozenset({"script", "style", "template", "head", "title", "noscript"})
HTML_STYLES = {"b": STRONG, "strong": STRONG, "i": EMPHASIS, "em": EMPHASIS}
HTML_STYLES |= {"del": STRIKE, "s": STRIKE}
# Other elements of HTML: their tags are dropped, their text kept.
_KNOWN = (
    _LINE_ENDING
    | _HIDDEN
    | set(HTML_STYLES)
    | _names(
        "a abbr audio b bdi bdo big br cite code col colgroup data del dfn embed font iframe img "
        "input ins kbd label mark meter object picture pre q rp rt ruby samp small source span "
        "sub sup td th time track tt u var video wbr"
    )
)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


class Tag(NamedTuple):
    name: str  # lower case
    attrs: dict[str, str]
    closing: bool


def read_tag(html: str) -> Tag | None:
    """The HTML element a lone tag (as inline Markdown gives it) opens or closes, or None
    when it is a comment or not an element of HTML (then it is text)."""
    found = _TAG.match(html)
    if found is None or found.group(1).lower() not in _KNOWN:
        return None
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader.tag


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: Tag | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = self.tag or Tag(tag, {k: v or "" for k, v in attrs}, False)

    def handle_endtag(self, tag: str) -> None:
        self.tag = self.tag or Tag(tag, {}, True)


def image_span(tag: Tag, style: int = 0, link: int = -1) -> Span:
    """An ``<img>`` as the image span a Markdown image would be."""
    alt = tag.attrs.get("alt") or tag.attrs.get("title") or ""
    return Span("image", alt, style, link, tag.attrs.get("src", ""))


def html_blocks(html: str, document: Document) -> list[Block]:
    """An HTML block as paragraphs of text (and code for ``<pre>``), its links added to the
    document's list of links."""
    reader = _BlockReader(document.link_number)
    reader.feed(html)
    reader.close()
    reader.end_line()
    for block in reader.blocks:
        if isinstance(block, Paragraph):
            block.spans = finish_spans(block.spans, document)
            for number in {span.link for span in block.spans if span.link >= 0}:
                if not document.links[number].text:
                    text = " ".join(spans_text([s for s in block.spans if s.link == number
                                                and s.kind == "text"]).split())  # fmt: skip
                    link = document.links[number]
                    document.links[number] = replace(link, text=text or link.target)
    return reader.blocks


class _BlockReader(HTMLParser):
    def __init__(self, link_number: Callable[[str], int]) -> None:
        super().__init__(convert_charrefs=True)
        self.link_number = link_number
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.style = 0
        self.link = -1
        self.hidden = 0  # depth inside script, style...
        self.code: list[str] | None = None  # a <pre>'s text while it is read

    def end_line(self) -> None:
        spans = [s for s in self.spans if s.kind != "text" or s.text.strip()]
        if spans:
            if spans[0].kind == "text":
                spans[0].text = spans[0].text.lstrip()
            if spans[-1].kind == "text":
                spans[-1].text = spans[-1].text.rstrip()
            self.blocks.append(Paragraph(spans))
        self.spans = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            self.handle_data(self.get_starttag_text() or "")
            return
        values = {k: v or "" for k, v in attrs}
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "pre":
            self.end_line()
            self.code = []
        elif tag in _LINE_ENDING:
            self.end_line()
        elif tag == "br":
            self.spans.append(Span("break", "\n"))
        elif tag == "img":
            self.spans.append(image_span(Tag(tag, values, False), self.style, self.link))
        elif tag == "a" and values.get("href"):
            self.link = self.link_number(values["href"])
        elif tag in HTML_STYLES:
            self.style |= HTML_STYLES[tag]
        elif tag in ("td", "th") and self.spans:
            self.spans.append(Span("text", "  ", self.style, self.link))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in _KNOWN:
            self.handle_data(f"</{tag}>")
        elif tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag == "pre" and self.code is not None:
            self.blocks.append(CodeBlock("".join(self.code).strip("\n")))
            self.code = None
        elif tag in _LINE_ENDING:
            self.end_line()
        elif tag == "a":
            self.link = -1
        elif tag in HTML_STYLES:
            self.style &= ~HTML_STYLES[tag]

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.code is not None:
            self.code.append(data)
            return
        text = " ".join(data.split())
        after_break = not self.spans or self.spans[-1].kind == "break"
        if data[:1].isspace() and not after_break:
            text = " " + text
        if data[-1:].isspace() and text.strip():
            text += " "
        if text:
            self.spans.append(Span("text", text, self.style, self.link))
