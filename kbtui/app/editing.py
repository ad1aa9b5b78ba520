"""``e``: the note in the user's editor (chosen by ``kbtui.editor``, as ``kbtui edit`` does),
with the app suspended the way Textual does it: the terminal handed to the editor, and taken
back, redrawn, when the editor exits. The caller then indexes the note again."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, SuspendNotSupported

from kbtui.editor import run_editor
from kbtui.errors import KbtuiError


def edit_in_editor(app: App, path: Path, configured: str | None) -> str | None:
    """Run the editor on ``path``; what to tell the reader afterwards, if anything. A served
    app (``kbtui serve``) cannot hand over its terminal: the editor would open on the
    server's, for whoever reached the page."""
    try:
        with app.suspend():
            status = run_editor(path, configured)
    except SuspendNotSupported:
        return "Editing needs the app in a terminal (kbtui edit NOTE from a shell)"
    except KbtuiError as error:
        return str(error)
    return f"The editor exited with status {status}" if status else None
