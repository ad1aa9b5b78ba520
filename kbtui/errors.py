"""Errors a user can cause. Each carries a one-line message meant for them."""


class KbtuiError(Exception):
    """A problem to report to the user as one line, never as a traceback."""


class NotesRootError(KbtuiError):
    """The notes root is missing or is not a folder."""


class NoteNotFoundError(KbtuiError):
    """No note, or more than one, answers to what the user named."""


def first_line(error: Exception) -> str:
    """An error's message cut to one short line (tantivy's run over several)."""
    return str(error).strip().splitlines()[0][:120] if str(error).strip() else type(error).__name__
