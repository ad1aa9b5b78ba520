"""The search bar: results as you type; Up / Down recall recent searches."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBar(Input):
    BINDINGS = [
        Binding("up", "recall(1)", "Older search", show=False),
        Binding("down", "recall(-1)", "Newer search", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder='/ search: mamba, 倒排索引, "loss scaling", tag:python', id=id)
        self.recent: list[str] = []  # newest first, set by the app
        self._recall_index = -1

    def action_recall(self, step: int) -> None:
        if not self.recent:
            return
        self._recall_index = max(-1, min(self._recall_index + step, len(self.recent) - 1))
        self.value = "" if self._recall_index == -1 else self.recent[self._recall_index]
        self.cursor_position = len(self.value)

    def reset_recall(self) -> None:
        self._recall_index = -1
