"""A notes folder and its index, as the command line and the app use them.

Each job lives in its own module; this class only puts them together for one notes root:
``store`` (the index on disk), ``freshness`` (whether it must be brought up to date),
``indexer`` (bringing it up to date), ``ranking`` (searching it), ``lookup`` (a note by name),
``link_graph`` (where links lead, and backlinks).
Its one rule of its own is repair: damage that shows only when searching (a lost positions
file, a garbled store) starts the index over, fills it again from the notes, and searches once
more, saying so in the results' notices.

The indexer is imported when a sync first runs: it reads notes, and a cold ``kbtui search`` of
an index that needs no sync should not load the corpus's reading of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import tantivy

from kbtui.errors import first_line
from kbtui.search import freshness, lookup
from kbtui.search.documents import IndexedNote
from kbtui.search.query import ParsedQuery
from kbtui.search.ranking import run_search
from kbtui.search.results import SearchResults
from kbtui.search.store import IndexStore, is_damage
from kbtui.search.synonyms import SynonymTable, load_synonyms
from kbtui.search.verify import damaged_files

if TYPE_CHECKING:
    from kbtui.corpus.document import Link
    from kbtui.corpus.links import NoteLinks
    from kbtui.search.indexer import Progress, SyncReport
    from kbtui.search.link_graph import LinkGraph


@dataclass(frozen=True)
class SearchView:
    """The index as it is at one moment: what a search in another thread needs. A searcher
    is a fixed view of the index, so a rebuild, a sync or a repair elsewhere cannot change
    or swap what this search reads; a damaged index raises, for its owner to repair."""

    searcher: tantivy.Searcher
    schema: tantivy.Schema
    synonyms: SynonymTable

    def search(self, parsed: ParsedQuery, limit: int = 10) -> SearchResults:
        return run_search(self.searcher, self.schema, parsed, self.synonyms, limit)


class KnowledgeBase:
    def __init__(
        self, notes_root: Path, directory: Path | None = None, synonyms: SynonymTable | None = None
    ) -> None:
        self.notes_root = notes_root
        self.store = IndexStore(notes_root, directory)
        self.synonyms = synonyms if synonyms is not None else load_synonyms()
        self._link_graph: LinkGraph | None = None

    def sync(self, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
        """Bring the index up to date with the notes; only changed files are read."""
        from kbtui.search import indexer  # see the module's docstring

        return indexer.sync(self.store, rebuild, progress)

    def sync_changed(self, paths: set[str]) -> SyncReport:
        """Bring the index up to date with the paths a watcher saw change, without a walk."""
        from kbtui.search import indexer

        return indexer.sync_changed(self.store, paths)

    def needs_sync(self) -> bool:
        """Whether a one-shot command should sync before it answers (see ``freshness``)."""
        return freshness.needs_sync(self.store)

    def search(self, parsed: ParsedQuery, limit: int = 10) -> SearchResults:
        """Ranked hits for a parsed query; the index is repaired if searching finds it damaged."""
        try:
            results = self.view().search(parsed, limit)
            if self.store.being_built():
                notice = "the index is still being built by another kbtui: results are partial"
                results = replace(results, notices=(*results.notices, notice))
            return results
        except ValueError as error:
            if not (is_damage(error) or damaged_files(self.store.directory, only_new=False)):
                raise
            notice = f"rebuilding the index: index damaged ({first_line(error)})"
        self.store.start_over()
        self.sync()
        return replace(self.view().search(parsed, limit), notices=(notice,))

    def view(self) -> SearchView:
        """The index as it is now, for a search in a worker thread."""
        return SearchView(self.store.searcher(), self.store.schema, self.synonyms)

    @property
    def link_graph(self) -> LinkGraph:
        """Where links lead (loaded on first use: a search never follows a link)."""
        if self._link_graph is None:
            from kbtui.search import link_graph

            self._link_graph = link_graph.LinkGraph(self.store)
        return self._link_graph

    def note_links(self, note_id: str, links: list[Link]) -> NoteLinks:
        """Where a note's links lead, and which notes link to it (see ``link_graph``)."""
        return self.link_graph.note_links(note_id, links)

    def resolve(self, reference: str) -> IndexedNote:
        """The one note a user means by ``reference`` (see ``lookup.resolve``)."""
        return lookup.resolve(self.store, reference)
