"""How notes and hits look in the terminal, and in JSON.

Every string that came from a note passes through ``kbtui.corpus.safety`` here and
becomes a Rich ``Text`` (never markup), so note text can neither style
itself nor reach the terminal as control codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from kbtui.corpus.safety import one_line, terminal_safe
from kbtui.search.ranking import Hit, SearchResults
from kbtui.search.snippets import Snippet
from kbtui.search.store import IndexedNote

TITLE_STYLE = "bold"
META_STYLE = "dim"
MATCH_STYLE = "bold black on yellow"


def format_date(value: dt.datetime) -> str:
    """A day when the note gave a day, else the day and the time."""
    if value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="minutes")


def iso_date(value: dt.datetime) -> str:
    if value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def meta_line(note: IndexedNote, with_id: bool = True) -> str:
    parts = [note.category or "uncategorised", format_date(note.date)]
    if with_id:
        parts.append(note.id)
    return one_line(" · ".join(parts))


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


def results_json(results: SearchResults) -> dict[str, Any]:
    """The stable JSON of ``kbtui search --json`` (documented in the README)."""
    hits = []
    for hit in results.hits:
        hits.append(
            {
                "id": one_line(hit.note.id),
                "title": one_line(hit.note.title),
                "category": one_line(hit.note.category),
                "date": iso_date(hit.note.date),
                "tags": [one_line(tag) for tag in hit.note.tags],
                "score": round(hit.score, 4),
                "snippet": hit.snippet.text,
                "highlights": [list(span) for span in hit.snippet.spans],
                "reading": hit.reading,
            }
        )
    return {
        "query": terminal_safe(results.query.text),
        "total": results.total,
        "showing_results_for": terminal_safe(results.corrected) if results.corrected else None,
        "hits": hits,
    }


def note_header(note: IndexedNote) -> Text:
    text = Text(one_line(note.title), style=TITLE_STYLE)
    details = [meta_line(note, with_id=False)]
    if note.tags:
        details.append("#" + " #".join(one_line(tag) for tag in note.tags))
    if note.series:
        details.append(f"series: {one_line(note.series)}")
    if note.reading_minutes:
        details.append(f"{note.reading_minutes} min read")
    text.append("\n" + " · ".join(details), style=META_STYLE)
    return text
