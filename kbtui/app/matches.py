"""Where the searched words are in the open note, and which one ``n`` / ``N`` is on."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from kbtui.corpus.safety import terminal_safe
from kbtui.present.render import MATCH_STYLE
from kbtui.search.snippets import find_matches, query_units

SourceMatch = tuple[int, int, int]  # (row, start, end) in a large note's source


class SearchMatches:
    """The blocks of a rendered note that hold a searched word (marked in them), or the words'
    places in a large note's source; stepped through in order, wrapping around."""

    def __init__(self) -> None:
        self.places: list[MarkdownBlock | SourceMatch] = []
        self.number = -1  # the place last gone to; -1 before the first n or N

    def __len__(self) -> int:
        return len(self.places)

    def mark_blocks(self, markdown: Markdown, terms: tuple[str, ...], prefixes: tuple[str, ...]):
        """Mark the words in the rendered blocks, and keep the blocks that hold one."""
        units = query_units(terms)
        for block in markdown.query(MarkdownBlock):
            content = block.content
            if not isinstance(content, Content) or not content.plain:
                continue
            found = find_matches(content.plain, units, prefixes)
            if not found:
                continue
            for start, end, _ in found:
                content = content.stylize(MATCH_STYLE, start, end)
            block.set_content(content)
            self.places.append(block)

    def find_in_source(self, body: str, terms: tuple[str, ...], prefixes: tuple[str, ...]):
        """Keep each place of the words in a large note's source (selected when gone to)."""
        units = query_units(terms)
        for row, line in enumerate(terminal_safe(body).split("\n")):
            found = find_matches(line, units, prefixes)
            self.places.extend((row, start, end) for start, end, _ in found)

    def step(self, step: int) -> MarkdownBlock | SourceMatch | None:
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
