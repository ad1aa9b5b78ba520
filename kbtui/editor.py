"""Which program edits a note, and running it: one rule for ``kbtui edit`` and the app.

The user's editor is, in order: ``$VISUAL``, ``$EDITOR``, ``editor:`` in the config file (read
by the entry point and handed in here, since only the entry points read the config), else the
first of ``FALLBACK_EDITORS`` found on PATH. A value is a command line split as a shell would
split it (``EDITOR="code -w"``), and the note's path is added as its last word.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kbtui.errors import KbtuiError

FALLBACK_EDITORS = ("sensible-editor", "nano", "vim", "vi")
NO_EDITOR = "no editor found: set VISUAL or EDITOR, or editor: in the config file"


def editor_command(
    path: Path, configured: str | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    """The command that opens ``path`` in the user's editor (see the module's docstring)."""
    return [*chosen_editor(configured, os.environ if environ is None else environ)[0], str(path)]


def run_editor(path: Path, configured: str | None = None) -> int:
    """Open ``path`` in the user's editor on this terminal and wait for it: its exit status
    (128 + N when signal N ended it, as a shell says). Ctrl+C goes to the editor alone: the
    terminal sends it to kbtui too, which must keep waiting rather than kill the editor."""
    words, source = chosen_editor(configured, os.environ)
    command = [*words, str(path)]
    with _ignoring_interrupts():
        try:
            status = subprocess.run(command).returncode
        except OSError as error:
            reason = error.strerror or type(error).__name__
            message = f"cannot run the editor {words[0]!r} (from {source}): {reason}"
            raise KbtuiError(message) from None
    return 128 - status if status < 0 else status


def chosen_editor(configured: str | None, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The editor's words and where they came from, for a message that names it."""
    for value, source in (
        (environ.get("VISUAL"), "$VISUAL"),
        (environ.get("EDITOR"), "$EDITOR"),
        (configured, "editor: in the config file"),
    ):
        if value is None or not value.strip():
            continue  # unset or empty: the next choice, as git and most tools do
        try:
            words = shlex.split(value)
        except ValueError as error:
            raise KbtuiError(f"{source} is not a command line ({error}): {value}") from None
        return words, source
    for name in FALLBACK_EDITORS:
        if found := shutil.which(name):
            return [found], "PATH"
    raise KbtuiError(NO_EDITOR)


@contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """SIGINT does nothing in kbtui while the editor runs. A handler of our own, not SIG_IGN:
    an ignored signal would stay ignored in the editor, a handler goes back to the default
    when the editor starts. Only the main thread may set handlers; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _do_nothing)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def _do_nothing(signal_number: int, frame: object) -> None:
    """The editor decides what Ctrl+C means."""
