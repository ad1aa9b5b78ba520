"""A block's spans made final, once the parser is done with it: neighbouring text joined,
soft line breaks resolved (nothing between two Chinese characters, else a space), bare web
addresses made links, CJK bold paired up (``kbtui.corpus.cjk_bold``), blank edges trimmed;
and links numbered in reading order."""

from __future__ import annotations

import re
from dataclasses import replace

from kbtui.corpus.cjk_bold import BOLD_MARK, paired_bold
from kbtui.corpus.document import Document, Span, iter_spans
from kbtui.corpus.han import CJK_TEXT_CHARS

_BARE_URL = re.compile(r"(?:https?|ftp)://[!-~]+")
_URL_TAIL = ".,;:!?'\"*_"
_WIDE = re.compile(f"[{CJK_TEXT_CHARS}]")


def finish_spans(spans: list[Span], document: Document) -> list[Span]:
    """A block's spans as kept: neighbouring text joined, soft breaks resolved, bare
    addresses made links."""
    if len(spans) == 1 and spans[0].kind != "soft" and "://" not in spans[0].text:
        return paired_bold(spans) if BOLD_MARK in spans[0].text else spans
    joined: list[Span] = []
    for span in _joined_softly(spans):
        last = joined[-1] if joined else None
        if (last is not None and span.kind == last.kind == "text"
                and span.style == last.style and span.link == last.link):  # fmt: skip
            last.text += span.text
        else:
            joined.append(span)
    if any(BOLD_MARK in span.text for span in joined):
        joined = paired_bold(joined)
    if not any(span.link < 0 and "://" in span.text for span in joined):
        return joined
    out: list[Span] = []
    for span in joined:
        if span.kind != "text" or span.link >= 0 or "://" not in span.text:
            out.append(span)
            continue
        at = 0
        for found in _BARE_URL.finditer(span.text):
            url = _trim_url(found.group())
            link = document.link_number(url)
            known = document.links[link]
            document.links[link] = replace(known, text=known.text or url)
            if at < found.start():
                out.append(Span("text", span.text[at : found.start()], span.style))
            out.append(Span("text", url, span.style, link))
            at = found.start() + len(url)
        if at < len(span.text):
            out.append(Span("text", span.text[at:], span.style))
    return out


def _joined_softly(spans: list[Span]) -> list[Span]:
    """Soft line breaks resolved: nothing between two Chinese characters, else a space."""
    for number, span in enumerate(spans):
        if span.kind == "soft":
            before = spans[number - 1].text[-1:] if number else ""
            after = spans[number + 1].text[:1] if number + 1 < len(spans) else ""
            span.kind = "text"
            span.text = "" if _WIDE.match(before) and _WIDE.match(after) else " "
    return spans


def trimmed(spans: list[Span]) -> list[Span]:
    """Spans without the blank text that a block's edges leave."""
    first, last = 0, len(spans)
    while first < last and _blank(spans[first]):
        first += 1
    while last > first and _blank(spans[last - 1]):
        last -= 1
    return spans[first:last]


def _blank(span: Span) -> bool:
    return span.kind in ("text", "break") and not span.text.strip()


def _trim_url(url: str) -> str:
    """A bare address without the punctuation that ends its sentence (unbalanced ``)`` too)."""
    while url and (url[-1] in _URL_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def number_links_in_reading_order(document: Document) -> None:
    """Links are found in two passes (as parsed, and bare addresses as each block ends):
    number them as a reader meets them."""
    order: dict[int, int] = {}
    spans = [s for s in iter_spans(document.blocks) if s.link >= 0]
    for footnote in document.footnotes:
        spans.extend(s for s in iter_spans(footnote.blocks) if s.link >= 0)
    for span in spans:
        order.setdefault(span.link, len(order))
    if all(old == new for old, new in order.items()):
        return
    links = document.links
    document.links = [links[old] for old in sorted(order, key=order.__getitem__)]
    for span in spans:
        span.link = order[span.link]
