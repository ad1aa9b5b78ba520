"""The links between indexed notes: where each link of a note leads, and which notes link to
it (backlinks).

The index keeps, for each note, its links as written (in the stored metadata) and the name
key of each note they may lead to (``LINK_TO``). A note's backlinks are then one term lookup
of its own name key, each candidate confirmed by resolving its links as it would be
followed; so a backlink appears as soon as the note that links is indexed, and a note
created later fixes the links that named it. The names of every note (``NoteNames``) come
from the manifest's ids, read again only when the index has changed.
"""

from __future__ import annotations

import tantivy

from kbtui.corpus.document import Link
from kbtui.corpus.files import id_key
from kbtui.corpus.links import LinkTarget, NoteLinks, NoteNames, name_key
from kbtui.search.documents import indexed_note
from kbtui.search.schema import ALIAS_KEY, LINK_TO
from kbtui.search.store import IndexStore

MAX_BACKLINKS = 500  # a hub note's backlinks past this many are not listed


class LinkGraph:
    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._names: NoteNames | None = None
        self._names_stamp: object = None

    def names(self) -> NoteNames:
        """Every note's names, as indexed now."""
        stamp = self.store.manifest.stamp()
        if self._names is None or stamp != self._names_stamp:
            ids = (self.store.manifest.read_files() or {}).keys()
            if self._names is None or ids != self._names.ids:  # a note saved keeps the names
                self._names = NoteNames(ids, self._with_alias)
            self._names_stamp = stamp
        return self._names

    def note_links(self, note_id: str, links: list[Link]) -> NoteLinks:
        """A note's links resolved and titled, and its backlinks."""
        names = self.names()
        targets = tuple(self._titled(names.resolve(note_id, link)) for link in links)
        return NoteLinks(targets, self.backlinks(note_id, names))

    def backlinks(self, note_id: str, names: NoteNames | None = None) -> tuple[LinkTarget, ...]:
        """The notes with a link that leads to ``note_id``, by title."""
        names = names or self.names()
        searcher = self.store.searcher()
        note = self.store.get(note_id)
        keys = {name_key(note_id), *(name_key(a) for a in (note.aliases if note else ()))}
        schema = self.store.schema  # a name that is not UTF-8 is kept as the id is
        query = tantivy.Query.term_set_query(schema, LINK_TO, [id_key(k) for k in keys if k])
        found: list[LinkTarget] = []
        for _, address in searcher.search(query, limit=MAX_BACKLINKS).hits:
            note = indexed_note(searcher.doc(address))
            if note.id == note_id:
                continue
            for kind, target in note.links:
                leads = names.resolve(note.id, Link("", target, kind))
                if leads.note_id == note_id and leads.kind == "note":
                    found.append(LinkTarget("note", note.id, note.id, title=note.title))
                    break
        return tuple(sorted(found, key=lambda target: (target.title.casefold(), target.note_id)))

    def _with_alias(self, key: str) -> list[str]:
        """The notes that have an alias of this name key."""
        searcher = self.store.searcher()
        query = tantivy.Query.term_query(self.store.schema, ALIAS_KEY, id_key(key))
        hits = searcher.search(query, limit=20).hits
        return [indexed_note(searcher.doc(address)).id for _, address in hits]

    def _titled(self, target: LinkTarget) -> LinkTarget:
        if target.kind != "note":
            return target
        note = self.store.get(target.note_id)
        if note is None:  # in the manifest, not (yet) readable in the index
            return target
        return LinkTarget(target.kind, target.target, target.note_id, target.anchor, note.title)
