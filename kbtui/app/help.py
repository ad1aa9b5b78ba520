"""The help screen: every key (as the config file binds them now), and the query syntax."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kbtui.app.keymap import ACTIONS, DEFAULT_KEYS, keys_label
from kbtui.app.wrapped_text import WrappedText
from kbtui.search.syntax import QUERY_SYNTAX

MORE = """\
Search bar
  type         results as you type (Chinese input works too)
  Enter        open the top (or selected) hit
  ↑ ↓          recall recent searches
  Tab          go to the results to pick one

ctrl+p opens the command palette: filters, sort orders, mark all read, rebuild the
index, the theme (kept for the next run), ... kbtui config --show lists every key,
and the config file's keys: rebinds them.

A note becomes read when you scroll to its end (or press m). ● marks an unread
note, ↻ one that changed since you read it, ★ a bookmark. The next unread note is
the next one down the feed as it is sorted and filtered; marking all read marks
the notes the feed shows (a search's hits while searching).
"""


def keys_text(keys: Mapping[str, str] = DEFAULT_KEYS) -> str:
    """Every action under its section, with its keys."""
    lines: list[str] = []
    section = None
    for action in ACTIONS:  # (grouped by section)
        if action.section != section:
            section = action.section
            lines += ["", section] if lines else [section]
        lines.append(f"  {keys_label(keys[action.name]):<12} {action.does}")
    return "\n".join(lines) + "\n\n" + MORE


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: Mapping[str, str] = DEFAULT_KEYS) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("kbtui keys", style="bold"))
            yield WrappedText(Text(keys_text(self.keys)), columns=True)
            yield Static(Text("Query syntax", style="bold"))
            yield WrappedText(Text(QUERY_SYNTAX), columns=True)
