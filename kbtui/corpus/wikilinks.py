"""Obsidian's ``[[wikilinks]]`` and ``![[embeds]]`` as the parser reports them: which embeds
are pictures, and what a wikilink written without its own text shows.

pulldown-cmark reads ``[[Note|shown]]`` as a link to ``Note`` with the text ``shown``, and
``[[Note#Heading]]`` as a link whose text is its target; the reader shows that one as
``Note › Heading`` (a heading of this note, ``[[#Heading]]``, as ``Heading``; a block
reference ``#^id`` not at all).
"""

from __future__ import annotations

import re

from kbtui.corpus.document import Span

# What ``![[...]]`` shows as a picture (or a file) rather than a note.
_MEDIA = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|avif|mp4|webm|mov|mp3|wav|ogg|pdf)$", re.I)


def is_wikilink(value: dict) -> bool:
    return "WikiLink" in value["link_type"]


def embeds_a_note(value: dict) -> bool:
    """Whether an image event is ``![[Note]]``: a note embedded, not a picture."""
    return is_wikilink(value) and not _MEDIA.search(value["dest_url"].partition("|")[0])


def needs_name(value: dict) -> bool:
    """Whether a wikilink gives no text of its own (no ``|shown``): it is shown by name."""
    return not value["link_type"]["WikiLink"].get("has_pothole")


def shown_name(target: str) -> str:
    name, _, anchor = target.partition("#")
    parts = [part for part in (name, *anchor.split("#")) if part and not part.startswith("^")]
    return " › ".join(parts) or name or target


def named_spans(spans: list[Span], link: int, target: str, embed: bool, style: int) -> list[Span]:
    """The spans of a paragraph with those of link ``link`` replaced by its name: one span,
    an ``embed`` span for an embedded note (the page shows it by the note's title)."""
    style = next((span.style for span in spans if span.link == link), style)
    kept = [span for span in spans if span.link != link]
    kept.append(Span("embed" if embed else "text", shown_name(target), style, link))
    return kept
