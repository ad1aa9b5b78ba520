"""Back and forward through the notes opened in the viewer, as a browser does."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class History:
    entries: list[str] = field(default_factory=list)
    position: int = -1

    @property
    def current(self) -> str | None:
        return self.entries[self.position] if 0 <= self.position < len(self.entries) else None

    def visit(self, note_id: str) -> None:
        """Open a note: forward history is dropped, as in a browser."""
        if self.current == note_id:
            return
        del self.entries[self.position + 1 :]
        self.entries.append(note_id)
        self.position = len(self.entries) - 1

    def back(self) -> str | None:
        if self.position > 0:
            self.position -= 1
            return self.current
        return None

    def forward(self) -> str | None:
        if self.position < len(self.entries) - 1:
            self.position += 1
            return self.current
        return None
