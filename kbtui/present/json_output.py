"""The JSON of ``kbtui search --json`` and ``kbtui show --json``: stable interfaces,
documented in the README."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kbtui.corpus.document import Link
from kbtui.corpus.links import NoteLinks
from kbtui.corpus.safety import json_safe, one_line, terminal_safe
from kbtui.search.documents import IndexedNote
from kbtui.search.results import SearchResults


def iso_date(value: dt.datetime) -> str:
    if value.time() == dt.time(0, 0):
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def results_json(results: SearchResults) -> dict[str, Any]:
    """The stable JSON of ``kbtui search --json`` (documented in the README)."""
    hits = []
    for hit in results.hits:
        hits.append(
            {
                "id": hit.note.id,  # exact: the CLI's printing escapes what needs it
                "title": one_line(hit.note.title),
                "category": one_line(hit.note.category),
                "date": iso_date(hit.note.date),
                "date_source": hit.note.date_source,
                "created": iso_date(hit.note.created),
                "tags": [one_line(tag) for tag in hit.note.tags],
                "score": round(hit.score, 4),
                "snippet": hit.snippet.text,
                "highlights": [list(span) for span in hit.snippet.spans],
                "reading": hit.found_by,  # the name the README has always used
            }
        )
    return {
        "query": terminal_safe(results.query.text),
        "total": results.total,
        "showing_results_for": terminal_safe(results.corrected) if results.corrected else None,
        "hits": hits,
    }


def note_json(note: IndexedNote, links: list[Link], resolved: NoteLinks) -> dict[str, Any]:
    """The stable JSON of ``kbtui show --json``: the note's metadata, where each of its links
    leads, and the notes that link to it (documented in the README)."""
    link_list = []
    for number, link in enumerate(links):
        leads = resolved.number(number)
        link_list.append(
            {
                "text": one_line(link.text),
                "target": terminal_safe(link.target),  # as written in the note
                "kind": link.kind,  # markdown, wiki or embed
                "leads_to": leads.kind if leads else "missing",  # note, here, external, missing
                "id": leads.note_id if leads and leads.leads_to_note else None,
                "anchor": leads.anchor if leads and leads.leads_to_note else None,
                "title": one_line(leads.title) if leads and leads.title else None,
            }
        )
    return {
        "id": note.id,
        "title": one_line(note.title),
        "date": iso_date(note.date),
        "date_source": note.date_source,  # front matter, git or file time (see the README)
        "created": iso_date(note.created),
        "category": one_line(note.category),
        "categories": [one_line(category) for category in note.categories],
        "tags": [one_line(tag) for tag in note.tags],
        "series": one_line(note.series),
        "aliases": [one_line(alias) for alias in note.aliases],
        "summary": terminal_safe(note.summary),
        "excerpt": terminal_safe(note.excerpt),
        "chars": note.chars,
        "words": note.words,
        "minutes_to_read": note.minutes_to_read,
        "links": link_list,
        "backlinks": [
            {"id": leads.note_id, "title": one_line(leads.title)} for leads in resolved.backlinks
        ],
    }


def json_text(data: dict[str, Any]) -> str:
    """The JSON kbtui prints: UTF-8 as it is, exact values, nothing a terminal would act on."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))
