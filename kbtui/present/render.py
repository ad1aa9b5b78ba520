"""How notes and hits look in the terminal, and in JSON.

Every string that came from a note passes through ``kbtui.corpus.safety`` here and
becomes a Rich ``Text`` (never markup), so note text can neither style
itself nor reach the terminal as control codes.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from kbtui.corpus.safety import one_line, shown_path
from kbtui.search.documents import IndexedNote
from kbtui.search.results import Hit
from kbtui.search.snippets import Snippet

TITLE_STYLE = "bold"
META_STYLE = "dim"
# A matched word, wherever one is shown: kbtui search, the feed's snippets, the article. Black
# on gold reads on dark and light themes alike; given as exact colours, so Rich and Textual draw
# the same (a named ANSI "yellow" is whatever the theme or terminal makes of it). Without colour
# it is bold (Rich), or greys of the same contrast (Textual's monochrome).
MATCH_STYLE = "bold #000000 on #ffd700"


def format_date(value: dt.datetime) -> str:
    """A day when the note gave a day, else the day and the time."""
    if value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="minutes")


def meta_line(note: IndexedNote, with_id: bool = True) -> str:
    parts = [one_line(note.category or "uncategorised"), format_date(note.date)]
    if with_id:
        parts.append(shown_path(note.id))
    return " · ".join(parts)


def snippet_text(snippet: Snippet, style: str = MATCH_STYLE) -> Text:
    """A snippet with its matches marked. Snippets are made from text already made safe."""
    text = Text(snippet.text)
    for start, end in snippet.spans:
        text.stylize(style, start, end)
    return text


def hit_text(hit: Hit, number: int) -> Text:
    """One search hit: a numbered title line, a meta line, and the snippet."""
    text = Text()
    text.append(f"{number:>2}. ", style=META_STYLE)
    text.append(one_line(hit.note.title), style=TITLE_STYLE)
    text.append("\n    ")
    text.append(meta_line(hit.note), style=META_STYLE)
    if hit.snippet.text:
        text.append("\n    ")
        text.append_text(snippet_text(hit.snippet))
    return text


def note_header(note: IndexedNote) -> Text:
    text = Text(one_line(note.title), style=TITLE_STYLE)
    details = [meta_line(note, with_id=False)]
    if note.tags:
        details.append("#" + " #".join(one_line(tag) for tag in note.tags))
    if note.series:
        details.append(f"series: {one_line(note.series)}")
    if note.minutes_to_read:
        details.append(f"{note.minutes_to_read} min read")
    text.append("\n" + " · ".join(details), style=META_STYLE)
    return text
