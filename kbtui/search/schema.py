"""The index schema: its fields, their analyzers, and how much each counts.

Bump ``SCHEMA_VERSION`` whenever a field, an analyzer or what goes into a
field changes; the corpus bumps ``READING_VERSION`` when a note's text does. An index built
with another ``INDEX_FORMAT`` (the two together) is rebuilt on open.
"""

from __future__ import annotations

import tantivy

from kbtui.corpus.document import READING_VERSION
from kbtui.search.analysis import PARTS, TEXT

SCHEMA_VERSION = 8  # 5: created, date source; 6: link keys; 7: the feed's numbers; 8: summary,
# alias keys
INDEX_FORMAT = f"{SCHEMA_VERSION}.{READING_VERSION}"

ID = "id"
BODY = "body"
DATE = "date"
META = "meta"
# Exact values, for the feed's filters and counts (never for ranked search).
CATEGORY_KEY = "category_key"
TAG_KEY = "tag_key"
TITLE_KEY = "title_key"  # the title as the feed orders it: its terms list every title in order
# Integer columns (``kbtui.search.numbers``): every note's marks and order without its document.
ID_NUMBER = "id_number"
FINGERPRINT_NUMBER = "fingerprint_number"
TITLE_NUMBER = "title_number"  # the number of TITLE_KEY's value
LINK_TO = "link_to"  # the name keys of the notes a note links to (``corpus.links.name_key``)
ALIAS_KEY = "alias_key"  # the name keys of a note's aliases: [[alias]] leads to it

# Every searchable text field and the analyzer that cuts it.
FIELD_ANALYZER: dict[str, str] = {
    "title": TEXT,
    "title_parts": PARTS,
    "tags": TEXT,
    "category": TEXT,
    "series": TEXT,
    "summary": TEXT,  # front matter's summary: or description:, which grep would find too
    "summary_parts": PARTS,
    "path": TEXT,
    "path_parts": PARTS,
    BODY: TEXT,
    "body_parts": PARTS,
}

# Where plain query words look, and the weight of a match there. A title match
# must beat a passing mention in a long body, so the title weighs the most.
DEFAULT_FIELDS: dict[str, float] = {
    "title": 5.0,
    "title_parts": 4.0,
    "tags": 3.0,
    "summary": 2.0,  # the writer's own words for what the note is about
    "summary_parts": 1.6,
    "path": 2.0,
    "path_parts": 1.5,
    "category": 1.5,
    "series": 1.5,
    BODY: 1.0,
    "body_parts": 0.8,
}

# `field:value` in a query: the name a user types -> the fields searched.
QUERY_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "title_parts"),
    "tag": ("tags",),
    "tags": ("tags",),
    "category": ("category",),
    "cat": ("category",),
    "series": ("series",),
    "summary": ("summary", "summary_parts"),
    "path": ("path", "path_parts"),
    "body": (BODY, "body_parts"),
}


def fields_for(field: str | None) -> tuple[str, ...]:
    """The index fields a query term searches: the default ones, or those of ``field:``."""
    return tuple(DEFAULT_FIELDS) if field is None else QUERY_FIELDS[field]


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(ID, stored=True, tokenizer_name="raw")
    for name, analyzer_name in FIELD_ANALYZER.items():
        builder.add_text_field(name, stored=(name == BODY), tokenizer_name=analyzer_name)
    for name in (CATEGORY_KEY, TAG_KEY, TITLE_KEY, LINK_TO, ALIAS_KEY):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in (ID_NUMBER, FINGERPRINT_NUMBER, TITLE_NUMBER):
        builder.add_integer_field(name, fast=True)
    builder.add_date_field(DATE, stored=True, indexed=True, fast=True)
    builder.add_bytes_field(META, stored=True)
    return builder.build()
