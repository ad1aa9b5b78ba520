"""Where the searched words are in the open note, and which one ``n`` / ``N`` is on."""

from __future__ import annotations

from kbtui.corpus.safety import terminal_safe
from kbtui.present.page import Marker
from kbtui.search.snippets import find_matches, query_units

SourceMatch = tuple[int, int, int]  # (row, start, end) in a large note's source


class SearchMatches:
    """The lines of a note's page that hold a searched word (marked on them by the page), or
    the words' places in a large note's source; stepped through in order, wrapping around."""

    def __init__(self) -> None:
        self.places: list[int | SourceMatch] = []
        self.number = -1  # the place last gone to; -1 before the first n or N

    def __len__(self) -> int:
        return len(self.places)

    @staticmethod
    def marker(terms: tuple[str, ...], prefixes: tuple[str, ...]) -> Marker | None:
        """What finds the searched words in a text of the page (None when nothing was searched)."""
        if not terms:
            return None
        units = query_units(terms)
        return lambda text: [(start, end) for start, end, _ in find_matches(text, units, prefixes)]

    def on_page(self, lines: list[int]) -> None:
        """The page's lines with a marked word (once per word), after each layout."""
        self.places = list(lines)
        self.number = min(self.number, len(self.places) - 1)

    def find_in_source(self, body: str, terms: tuple[str, ...], prefixes: tuple[str, ...]):
        """Keep each place of the words in a large note's source (selected when gone to)."""
        units = query_units(terms)
        for row, line in enumerate(terminal_safe(body).split("\n")):
            found = find_matches(line, units, prefixes)
            self.places.extend((row, start, end) for start, end, _ in found)

    def step(self, step: int) -> int | SourceMatch | None:
        """The next (+1) or previous (-1) place: the first n goes to the first, N to the last."""
        if not self.places:
            return None
        if self.number < 0:
            self.number = 0 if step > 0 else len(self.places) - 1
        else:
            self.number = (self.number + step) % len(self.places)
        return self.places[self.number]

    def describe(self) -> str:
        """``match 2/5 (n/N)`` for the header, or "" when there are none."""
        if not self.places:
            return ""
        where = f"{self.number + 1}/" if self.number >= 0 else ""
        return f"match {where}{len(self.places)} (n/N)"
