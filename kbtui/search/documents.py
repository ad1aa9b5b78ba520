"""A note as a tantivy document, and back: the one codec of the index.

Searchable text goes into the analysed fields of ``kbtui.search.schema``; everything the feed
and a hit show goes into one stored JSON field (``meta``), so a row of the feed costs one
stored document and no file read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tantivy

from kbtui.corpus.files import id_from_key, id_key
from kbtui.corpus.safety import without_surrogates
from kbtui.search.analysis import compound_words
from kbtui.search.numbers import fingerprint_number, id_number, text_number, title_key
from kbtui.search.schema import BODY, ID, META

if TYPE_CHECKING:  # a search reads documents and never loads the corpus's note reading
    from kbtui.corpus.notes import Note


@dataclass(frozen=True)
class IndexedNote:
    """What the index knows of a note: everything the feed and a hit show."""

    id: str
    title: str
    date: dt.datetime
    date_source: str  # which rule gave the date ("front matter", "git", "file time")
    created: dt.datetime
    category: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    series: str
    summary: str
    excerpt: str
    aliases: tuple[str, ...]
    chars: int
    words: int
    minutes_to_read: int
    fingerprint: str
    links: tuple[tuple[str, str], ...] = ()  # (kind, target) of each link that may be a note


def note_document(note: Note) -> tantivy.Document:
    """The document that indexes a note: its text cut for search, its metadata stored."""
    from kbtui.corpus.links import link_key, name_key  # indexing only: a search never needs it

    body = note.text
    path_words = without_surrogates(note.id)[0].rsplit(".", 1)[0].replace("/", " ")
    titles = [note.title, *note.aliases]
    meta = {
        "title": note.title,
        "date": note.date.isoformat(),
        "date_source": note.date_source,
        "created": note.created.isoformat(),
        "categories": list(note.categories),
        "tags": list(note.tags),
        "series": note.series,
        "summary": note.summary,
        "excerpt": note.excerpt,
        "aliases": list(note.aliases),
        "chars": note.chars,
        "words": note.words,
        "minutes": note.minutes_to_read,
        "fingerprint": note.fingerprint,
        "links": [[link.kind, link.target] for link in note.links],
    }
    return tantivy.Document(
        id=id_key(note.id),
        title=titles,
        title_parts=titles,
        tags=list(note.tags),
        category=list(note.categories),
        series=note.series,
        summary=note.summary,
        summary_parts=note.summary,
        path=path_words,
        path_parts=path_words,
        body=body,
        body_parts=compound_words(body),
        date=note.date.replace(tzinfo=dt.UTC),
        category_key=list(note.categories),
        tag_key=list(note.tags),
        title_key=title_key(note.title),
        id_number=id_number(note.id),
        fingerprint_number=fingerprint_number(note.fingerprint),
        title_number=text_number(title_key(note.title)),
        link_to=sorted({id_key(key) for link in note.links if (key := link_key(note.id, link))}),
        alias_key=sorted({id_key(key) for alias in note.aliases if (key := name_key(alias))}),
        meta=json.dumps(meta, ensure_ascii=False).encode("utf-8"),
    )


def unreadable_note(reason: str) -> IndexedNote:
    """What a feed row shows for a document the index cannot read back (its store damaged):
    the rest of the feed goes on while the index is rebuilt."""
    return IndexedNote(
        id="", title=f"(unreadable in the index: {reason}; rebuilding)",
        date=dt.datetime(1970, 1, 1), date_source="", created=dt.datetime(1970, 1, 1),
        category="", categories=(), tags=(), series="", summary="", excerpt="", aliases=(),
        chars=0, words=0, minutes_to_read=0, fingerprint="",
    )  # fmt: skip


def indexed_note(document: tantivy.Document) -> IndexedNote:
    """The note a stored document describes."""
    meta = json.loads(document.get_first(META))
    return IndexedNote(
        id=id_from_key(document.get_first(ID)),
        title=meta["title"],
        date=dt.datetime.fromisoformat(meta["date"]),
        date_source=meta["date_source"],
        created=dt.datetime.fromisoformat(meta["created"]),
        category=meta["categories"][0] if meta["categories"] else "",
        categories=tuple(meta["categories"]),
        tags=tuple(meta["tags"]),
        series=meta["series"],
        summary=meta["summary"],
        excerpt=meta["excerpt"],
        aliases=tuple(meta["aliases"]),
        chars=meta["chars"],
        words=meta["words"],
        minutes_to_read=meta["minutes"],
        fingerprint=meta["fingerprint"],
        links=tuple((kind, target) for kind, target in meta.get("links", ())),
    )


def searchable_text(document: tantivy.Document) -> str:
    """The note's text as indexed: what snippets are cut from."""
    return document.get_first(BODY) or ""
