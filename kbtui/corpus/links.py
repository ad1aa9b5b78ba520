"""A note's links, and the note (or the outside address) each leads to."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass

from kbtui.corpus.markdown import lines_outside_code
from kbtui.corpus.safety import terminal_safe

_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # as written in the note

    @property
    def external(self) -> bool:
        return bool(_EXTERNAL.match(self.target))


def note_links(body: str) -> list[Link]:
    """Every link in a note's prose (not in code), in order, without repeats."""
    links: list[Link] = []
    for line in lines_outside_code(body):
        for found in _LINK.finditer(line):
            link = Link(terminal_safe(found.group(1), keep_newlines=False), found.group(2))
            if link not in links:
                links.append(link)
    return links


def resolve_link(from_note_id: str, target: str) -> tuple[str, str] | None:
    """The (note id, anchor) a relative link leads to, or None for an external link."""
    if _EXTERNAL.match(target):
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
