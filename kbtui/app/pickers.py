"""Small modal lists: the feed filter picker and the link picker."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kbtui.corpus.document import Link
from kbtui.corpus.links import NoteLinks
from kbtui.corpus.safety import one_line
from kbtui.present.page import link_label


class ListAtAnyWidth(OptionList):
    """An option list that survives a window resized to a few columns: Textual measures its
    options at the width left after borders and padding, and Rich cannot wrap to 0."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return super().get_content_height(container, viewport, max(width, 1))


class Picker(ModalScreen[Any]):
    """A titled list; Enter returns the chosen option's value, Esc returns None."""

    BINDINGS = [Binding("escape,q", "dismiss_none", "Close")]

    def __init__(self, title: str, choices: list[tuple[str, Any] | None]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self._values: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for number, choice in enumerate(self.choices):
            if choice is None:
                options.append(None)
                continue
            label, value = choice
            key = f"choice-{number}"
            self._values[key] = value
            options.append(Option(Text(one_line(label)), id=key))
        with Vertical(id="picker"):
            yield Static(self.title_text, id="picker-title")
            yield ListAtAnyWidth(*options, id="picker-list")

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.dismiss(self._values.get(message.option.id or ""))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def link_choices(links: list[Link], resolved: NoteLinks) -> list[tuple[str, Any] | None]:
    """The link picker's lines: the note's links, then the notes that link to it; each
    chosen by its number (``NoteLinks.number``)."""
    choices: list[tuple[str, Any] | None] = [
        (one_line(link_label(link, resolved.number(number))), number)
        for number, link in enumerate(links)
    ]
    if resolved.backlinks:
        choices.append(None)
    first = len(resolved.targets)
    choices += [
        (one_line(f"← {leads.title}  ({leads.note_id})"), number)
        for number, leads in enumerate(resolved.backlinks, start=first)
    ]
    return choices
