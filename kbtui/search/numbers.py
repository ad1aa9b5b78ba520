"""A note's id, fingerprint and title as the numbers the index keeps in columns (fast fields).

tantivy hands out a column of numbers for 100,000 notes in milliseconds, where reading their
stored documents takes seconds. So the feed checks every note's reading marks, orders notes by
title and finds a note's row through these numbers, and reads a document only for a row it
draws. The numbers are stable across processes (blake2b, not Python's ``hash``), so the ones in
the index match the ones made here from the reading state's ids.
"""

from __future__ import annotations

import functools
import hashlib

from kbtui.corpus.files import id_key
from kbtui.corpus.safety import without_surrogates

TITLE_KEY_CHARS = 200  # titles that agree this far are ordered by date (a term must be short)


def text_number(text: str) -> int:
    """A stable signed 64-bit number for a text (what an integer column holds)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@functools.cache  # ids are asked for again at every redraw of the feed; each is hashed once
def id_number(note_id: str) -> int:
    return text_number(id_key(note_id))


def fingerprint_number(fingerprint: str) -> int:
    """A content fingerprint (16 hex digits: 64 bits) as the number it is, losing nothing;
    ValueError for anything else (no note in the index has such a fingerprint)."""
    if len(fingerprint) != 16:
        raise ValueError(f"not a fingerprint: {fingerprint!r}")
    return int.from_bytes(bytes.fromhex(fingerprint), "big", signed=True)


def fingerprint_text(number: int) -> str:
    """The fingerprint ``fingerprint_number`` was given."""
    return number.to_bytes(8, "big", signed=True).hex()


def title_key(title: str) -> str:
    """The title as the feed orders it: case folded, trimmed, valid UTF-8 for the index."""
    return without_surrogates(title)[0].strip().casefold()[:TITLE_KEY_CHARS]
