"""A question the reader answers with y or n, before something that cannot be taken back
at one key (marking every note of the feed read)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    """Returns True for y, False for n or Esc."""

    BINDINGS = [
        Binding("y,Y", "answer(True)", "Yes"),
        Binding("n,N,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(f"{self.question}  y/n"), id="confirm-question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
