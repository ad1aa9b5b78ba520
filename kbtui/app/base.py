"""What the app owes the terminal it runs in, apart from what it shows.

Keys from the terminal are handled in order, each once the last one's work has settled
(``kbtui.app.key_order``), and an unexpected exception ends the app with one line and a
non-zero status instead of a traceback.
"""

from __future__ import annotations

import os

from rich.text import Text
from textual import events
from textual.app import App
from textual.worker import WorkerFailed

from kbtui.app.key_order import KeysInOrder
from kbtui.corpus.safety import one_line


def as_typed(key: events.Key) -> list[events.Key]:
    """The keys a person typed. A terminal sends Alt+j as ESC then j, and a quick Esc then j
    (a burst over SSH) is the same two bytes; kbtui binds no Alt key, so it is Esc, then j.
    (ESC followed at once by some punctuation is read by Textual as that key alone: the Esc
    of such a burst is lost, whatever the app does.)"""
    name, character = key.key, key.character
    if name.startswith("alt+") and character and character.isprintable():
        return [events.Key("escape", "\x1b"), events.Key(name.removeprefix("alt+"), character)]
    return [key]


class TerminalApp(App[None]):
    """A Textual app whose subclass says what work of its own the next key must wait for."""

    def __init__(self) -> None:
        super().__init__()
        self._keys = KeysInOrder(self, self._handle_key, self.key_work_pending)

    def key_work_pending(self) -> bool:
        return False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            for key in as_typed(event):
                self._keys.put(key)  # a burst of keys does what they would do one by one
        else:
            await super().on_event(event)

    async def _handle_key(self, key: events.Key) -> None:
        await super().on_event(key)

    def _fatal_error(self) -> None:
        """An unexpected exception: one line for the user; the traceback only with KBTUI_DEBUG."""
        if os.environ.get("KBTUI_DEBUG"):
            super()._fatal_error()
            return
        error = self._exception
        if isinstance(error, WorkerFailed):  # the worker's own error says what went wrong
            error = error.error
        self.bell()
        message = f"kbtui: internal error: {type(error).__name__}: {error}"
        self._exit_renderables.append(Text(one_line(message) + " (KBTUI_DEBUG=1 shows details)"))
        self._close_messages_no_wait()
