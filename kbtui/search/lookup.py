"""The one note a user means when they name it: by id, by the end of its path, or by title."""

from __future__ import annotations

from kbtui.corpus.safety import with_bytes_shown
from kbtui.errors import NoteNotFoundError
from kbtui.search.documents import IndexedNote
from kbtui.search.store import IndexStore

SHOWN_CANDIDATES = 5


def resolve(store: IndexStore, reference: str) -> IndexedNote:
    """The note named by an id (with or without .md), a path ending, or a part of its title.

    Tried in that order; a name that fits several notes in the first tier that has any is an
    error that lists them, so the user can give more of it.
    """
    wanted = reference.strip().strip("/")
    exact_ids = (wanted, f"{wanted}.md", f"{wanted}.markdown")
    for candidate in (reference, *exact_ids):  # as given first: a name may end in a space
        if not _is_text(candidate):
            continue  # bytes that are not UTF-8 name no indexed id
        if found := store.get(candidate):
            return found  # an exact id: no need to read every note
    notes = store.all_notes()
    folded = wanted.casefold()
    tiers = (
        [n for n in notes if n.id in exact_ids],
        [
            n
            for n in notes
            if n.id.endswith(f"/{wanted}") or n.id.rsplit(".", 1)[0].endswith(f"/{wanted}")
        ],
        [n for n in notes if n.title.casefold() == folded],
        [n for n in notes if folded and folded in n.title.casefold()],
    )
    for candidates in tiers:
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            listed = ", ".join(note.id for note in candidates[:SHOWN_CANDIDATES])
            more = len(candidates) - SHOWN_CANDIDATES
            rest = f" and {more} more" if more > 0 else ""
            named = with_bytes_shown(reference)
            raise NoteNotFoundError(
                f"'{named}' names {len(candidates)} notes: {listed}{rest}; give more of it"
            )
    raise NoteNotFoundError(f"no note matches '{with_bytes_shown(reference)}'")


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
