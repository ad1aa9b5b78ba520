"""Errors a user can cause. Each carries a one-line message meant for them."""


class KbtuiError(Exception):
    """A problem to report to the user as one line, never as a traceback."""


class NotesRootError(KbtuiError):
    """The notes root is missing or is not a folder."""


class NoteNotFoundError(KbtuiError):
    """No note, or more than one, answers to what the user named."""
