"""Where a note's link leads, resolved the way an Obsidian vault resolves it.

The links themselves are read with the rest of the note (``kbtui.corpus.document``); this
module decides which note each one names, given the ids of every note:
- a Markdown link ``[x](../dir/note.md#part)`` is a path from the linking note's folder (``/``
  from the notes root); ``.md`` may be left out, and letter case is forgiven when no note has
  the path exactly;
- a wikilink ``[[Note]]`` or embed ``![[Note]]`` names a note by file name, wherever it is:
  letter case ignored, ``.md`` optional. When several notes share the name, the one in the
  linking note's folder wins, then the one with the shortest path (then the first in
  alphabetical order), as Obsidian picks;
- ``[[dir/Note]]`` names a path: from the notes root, from the linking note's folder, or the
  end of any note's path;
- a name that is no note's file name may be a note's alias (``aliases:`` in its front matter);
- ``#Heading`` opens the note at that heading; ``#^block`` (a block reference) at its top.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kbtui.corpus.document import Link, is_external
from kbtui.corpus.files import NOTE_SUFFIXES


@dataclass(frozen=True)
class LinkTarget:
    """Where following a link leads: a note (another, or a heading of this one), an address,
    or nowhere (a note that does not exist)."""

    kind: str  # "note", "here" (an anchor in the linking note), "external" or "missing"
    target: str  # as written in the note
    note_id: str = ""
    anchor: str = ""
    title: str = ""  # the title of the note it leads to, once the index is asked

    @property
    def leads_to_note(self) -> bool:
        return self.kind in ("note", "here")


@dataclass(frozen=True)
class NoteLinks:
    """A note's links, resolved (one per ``Document.links`` entry, in order), then the notes
    that link to it. A page numbers them in that order: backlinks come after the links."""

    targets: tuple[LinkTarget, ...] = ()
    backlinks: tuple[LinkTarget, ...] = ()

    def number(self, number: int) -> LinkTarget | None:
        every = (*self.targets, *self.backlinks)
        return every[number] if 0 <= number < len(every) else None

    def missing(self, number: int) -> bool:
        return number < len(self.targets) and self.targets[number].kind == "missing"


def resolve_link(from_note_id: str, target: str) -> tuple[str, str] | None:
    """The (path, anchor) a relative Markdown link names, or None for an external link or
    one that leaves the notes folder."""
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


def without_suffix(name: str) -> str:
    """A note's path or file name without ``.md`` (or another note suffix)."""
    lowered = name.lower()
    for suffix in NOTE_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def name_key(path: str) -> str:
    """What a link must say to name a note by file name: its file name without the suffix,
    case folded. The index keeps each note's outgoing keys, so backlinks are one lookup."""
    return without_suffix(path.rsplit("/", 1)[-1]).strip().casefold()


def link_key(from_note_id: str, link: Link) -> str | None:
    """The name key of the note a link may lead to (None for an address or this note)."""
    if link.external:
        return None
    if link.by_name:
        name = link.target.partition("#")[0]
    else:
        resolved = resolve_link(from_note_id, link.target)
        if resolved is None or resolved[0] == from_note_id:
            return None
        name = resolved[0]
    return name_key(name) or None


class NoteNames:
    """Every note's names (exact path, path without suffix, file name; all case folded), to
    resolve links by. Built from the note ids alone: 100,000 ids take about 0.2 s. A name no
    file has may be a note's alias (front matter ``aliases:``): ``aliases`` looks it up."""

    def __init__(
        self, ids: Iterable[str], aliases: Callable[[str], list[str]] | None = None
    ) -> None:
        self.ids = frozenset(ids)
        self._aliases = aliases
        self._paths: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        for note_id in sorted(self.ids):
            folded = note_id.casefold()
            self._paths.setdefault(folded, note_id)
            self._paths.setdefault(without_suffix(folded), note_id)
            self._names.setdefault(name_key(note_id), []).append(note_id)

    def resolve(self, from_note_id: str, link: Link) -> LinkTarget:
        """Where ``link``, written in note ``from_note_id``, leads (without the title)."""
        if link.external:
            return LinkTarget("external", link.target)
        if link.by_name:
            name, _, anchor = link.target.partition("#")
            found = self._by_name(from_note_id, name.strip()) if name.strip() else from_note_id
            anchor = _heading_anchor(anchor)
        else:
            resolved = resolve_link(from_note_id, link.target)
            if resolved is None:
                return LinkTarget("missing", link.target)
            path, anchor = resolved
            found = self._by_path(path)
            if found is None:
                return LinkTarget("missing", link.target, path, anchor)
        if found is None:
            return LinkTarget("missing", link.target, anchor=anchor)
        kind = "here" if found == from_note_id else "note"
        return LinkTarget(kind, link.target, found, anchor)

    def _by_path(self, path: str) -> str | None:
        if path in self.ids:
            return path
        return self._paths.get(path.casefold()) or self._paths.get(without_suffix(path.casefold()))

    def _by_name(self, from_note_id: str, name: str) -> str | None:
        name = name.strip("/")
        if "/" in name:
            folder = posixpath.dirname(from_note_id)
            for path in (name, posixpath.normpath(posixpath.join(folder, name))):
                if found := self._by_path(path):
                    return found
        candidates = self._names.get(name_key(name), [])
        if "/" in name:  # the end of a path: dir/Note names a/dir/Note.md
            end = "/" + without_suffix(name).casefold()
            candidates = [c for c in candidates if without_suffix(c.casefold()).endswith(end)]
        elif not candidates and self._aliases is not None:
            candidates = sorted(i for i in self._aliases(name_key(name)) if i in self.ids)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        folder = posixpath.dirname(from_note_id)
        near = [c for c in candidates if posixpath.dirname(c) == folder]
        return min(near or candidates, key=lambda c: (c.count("/"), len(c), c))


def _heading_anchor(anchor: str) -> str:
    """``#A#B`` opens at heading B; ``#^id`` (a block) at the top of the note."""
    last = anchor.rsplit("#", 1)[-1].strip()
    return "" if last.startswith("^") else last
