"""Where a note's link leads: the note (and heading) a relative link names; the links
themselves are read with the rest of the note (``kbtui.corpus.document``)."""

from __future__ import annotations

import posixpath
import urllib.parse

from kbtui.corpus.document import is_external


def resolve_link(from_note_id: str, target: str) -> tuple[str, str] | None:
    """The (note id, anchor) a relative link leads to, or None for an external link."""
    if is_external(target):
        return None
    path, _, anchor = target.partition("#")
    if not path:
        return from_note_id, anchor
    path = urllib.parse.unquote(path)
    base = posixpath.dirname(from_note_id)
    joined = (
        posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path[1:]
    )
    if joined.startswith("../") or joined == "..":
        return None
    return joined, anchor
