"""The JSON of ``kbtui search --json``: a stable interface, documented in the README."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kbtui.corpus.safety import json_safe, one_line, terminal_safe
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


def json_text(data: dict[str, Any]) -> str:
    """The JSON kbtui prints: UTF-8 as it is, exact values, nothing a terminal would act on."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))
