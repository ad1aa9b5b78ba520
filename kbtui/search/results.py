"""What a search answers: ranked hits, each with how it was found and a snippet made on demand."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kbtui.search.documents import IndexedNote
from kbtui.search.query import ParsedQuery
from kbtui.search.snippets import Snippet, make_snippet


@dataclass(frozen=True)
class Hit:
    note: IndexedNote
    score: float
    found_by: str = "exact"  # exact, prefix, synonym, fuzzy or relaxed (--json calls it "reading")
    terms: tuple[str, ...] = ()  # the words to mark when the note is opened
    prefixes: tuple[str, ...] = ()  # which of them are words being typed
    text: str = field(default="", repr=False, compare=False)  # the note's text, for the snippet

    @cached_property
    def snippet(self) -> Snippet:
        """Made when first asked for: the app draws only the few hits on screen."""
        return make_snippet(self.text, self.terms, prefixes=self.prefixes)


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    total: int
    hits: tuple[Hit, ...]
    corrected: str | None = None  # the query with its typos fixed, when that found hits
    notices: tuple[str, ...] = ()  # what the user should know, e.g. the index was repaired

    @property
    def relaxed(self) -> bool:
        """Whether some hits have most of the words, not all."""
        return any(hit.found_by == "relaxed" for hit in self.hits)

    def explanation(self) -> str:
        """One line on what was forgiven, or "" when every hit matches the query as typed."""
        said = []
        if self.corrected is not None:
            said.append(f"showing results for {self.corrected}")
        if self.relaxed:
            every = sum(hit.found_by != "relaxed" for hit in self.hits)
            if every == 0:
                said.append("no note has every word; showing notes with most of them")
            else:
                notes = "note has" if every == 1 else "notes have"
                said.append(f"only {every} {notes} every word; then notes with most of them")
        return "; ".join(said)

    def hit_for(self, note_id: str) -> Hit | None:
        return next((hit for hit in self.hits if hit.note.id == note_id), None)
