"""The line over the article: the note's title and facts, how far the reader is in it, which
part of a large note is loaded, and where the search's matches are."""

from __future__ import annotations

from rich.text import Text

from kbtui.app.wrapped_text import WrappedText
from kbtui.present.render import note_header
from kbtui.search.documents import IndexedNote


class NoteHeader(WrappedText):
    def show_nothing(self) -> None:
        self.show(Text("Select a note in the feed and press Enter.", style="dim"))

    def describe(self, note: IndexedNote, progress: float, part: str, matches: str) -> None:
        header = note_header(note)
        header.append(f" · read {round(progress * 100)}%", style="dim")
        header.append(part, style="dim")
        if matches:
            header.append(f" · {matches}", style="dim")
        self.show(header)
