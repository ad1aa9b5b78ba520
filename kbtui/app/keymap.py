"""Every key of the reader: the actions a key can be bound to, their default keys, and the
reading of a config file's ``keys:`` that rebinds them.

No Textual here: ``kbtui config --show`` and the config file's reading need the table too.
The widgets build their bindings from it (``kbtui.app.key_bindings``), each with the action's
name as its id, so that Textual's keymap (``App.set_keymap``) moves an action to the keys the
config file names. One name may run in several widgets: ``down`` moves the feed's cursor and
scrolls the article, and rebinding it moves both.

Keys are written as Textual names them: a character (``J``, ``?``, ``.``), a key's name
(``enter``, ``pagedown``, ``f5``, ``question_mark``), with ``ctrl+`` or ``shift+`` before it.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

ANYWHERE, MOVING, FEED, ARTICLE = "Anywhere", "Feed and article", "Feed", "Article"


@dataclass(frozen=True)
class KeyAction:
    """One thing a key does, under the name the config file's ``keys:`` calls it by."""

    name: str
    keys: str  # the default keys, comma-separated
    does: str  # one line for the help screen and for kbtui config --show
    section: str  # where it works, as the help screen groups keys


@dataclass(frozen=True)
class Placement:
    """Where an action's keys are bound: in which widget, running which Textual action."""

    name: str
    widget: str  # "app", "feed", "viewer", "page" or "source" (a large note's Markdown)
    action: str
    label: str = ""  # the footer's word for it
    show: bool = False  # in the footer
    priority: bool = False  # before the focused widget sees the key


ACTIONS = (
    KeyAction("search", "/", "search as you type (Esc clears it, back to the feed)", ANYWHERE),
    KeyAction("switch_pane", "tab", "move between the feed and the article", ANYWHERE),
    KeyAction("filter", "f", "filter the feed: category, tag, unread, bookmarked", ANYWHERE),
    KeyAction("clear_filter", "F", "show all notes again", ANYWHERE),
    KeyAction("sort", "s", "sort the feed: newest first, by title, last opened", ANYWHERE),
    KeyAction("mark_read", "m", "mark the note read", ANYWHERE),
    KeyAction("mark_unread", "u", "mark the note unread", ANYWHERE),
    KeyAction("mark_all_read", "A", "mark every note the feed shows read (asks first)", ANYWHERE),
    KeyAction("next_unread", "J", "open the next unread note of the feed", ANYWHERE),
    KeyAction("previous_unread", "K", "open the previous unread note of the feed", ANYWHERE),
    KeyAction("bookmark", "b", "bookmark the note (or remove the bookmark)", ANYWHERE),
    KeyAction(
        "links", "o", "the note's links, then its backlinks: open a note, copy a URL", ANYWHERE
    ),
    KeyAction("edit", "e", "edit the note in $VISUAL / $EDITOR; indexed and shown again", ANYWHERE),
    KeyAction("back", "[,backspace", "back through the notes you opened", ANYWHERE),
    KeyAction("forward", "]", "forward through the notes you opened", ANYWHERE),
    KeyAction("back_to_feed", "escape", "out of a search, or back to the feed", ANYWHERE),
    KeyAction("help", "?", "this help", ANYWHERE),
    KeyAction("quit", "q", "quit", ANYWHERE),
    KeyAction("down", "j,down", "move down a note, or scroll down", MOVING),
    KeyAction("up", "k,up", "move up a note, or scroll up", MOVING),
    KeyAction("page_down", "space,pagedown", "a page down", MOVING),
    KeyAction("page_up", "pageup", "a page up", MOVING),
    KeyAction("top", "g,home", "the first note, or the note's top", MOVING),
    KeyAction("bottom", "G,end", "the last note, or the note's end", MOVING),
    KeyAction("open", "enter", "open the note under the cursor", FEED),
    KeyAction("contents", "t", "the note's table of contents", ARTICLE),
    KeyAction("next_match", "n", "next match of the search in the note", ARTICLE),
    KeyAction("previous_match", "N", "previous match of the search in the note", ARTICLE),
    KeyAction("formula_source", "$", "formulas as their TeX source, or back as text", ARTICLE),
    KeyAction("next_piece", ">", "a very large note's next piece", ARTICLE),
    KeyAction("previous_piece", "<", "a very large note's previous piece", ARTICLE),
)

PLACEMENTS = (
    Placement("quit", "app", "quit", "Quit", show=True),
    Placement("help", "app", "help", "Help", show=True),
    Placement("search", "app", "focus_search", "Search", show=True),
    Placement("filter", "app", "filter", "Filter", show=True),
    Placement("clear_filter", "app", "clear_filter", "Clear filter"),
    Placement("sort", "app", "feed('sort')", "Sort"),
    Placement("mark_read", "app", "mark(True)", "Read"),
    Placement("mark_unread", "app", "mark(False)", "Unread"),
    Placement("mark_all_read", "app", "feed('mark_all_read')", "All read"),
    Placement("next_unread", "app", "feed('next_unread', 1)", "Next unread"),
    Placement("previous_unread", "app", "feed('next_unread', -1)", "Previous unread"),
    Placement("bookmark", "app", "bookmark", "Bookmark", show=True),
    Placement("links", "app", "links", "Links"),
    Placement("edit", "app", "edit", "Edit"),
    Placement("back", "app", "history(-1)", "Back"),
    Placement("forward", "app", "history(1)", "Forward"),
    Placement("back_to_feed", "app", "escape", "Back to feed"),
    Placement("switch_pane", "app", "switch_pane", "Switch pane", show=True, priority=True),
    Placement("down", "feed", "cursor_down", "Down"),
    Placement("up", "feed", "cursor_up", "Up"),
    Placement("top", "feed", "first", "First"),
    Placement("bottom", "feed", "last", "Last"),
    Placement("page_down", "feed", "page_down", "Page down"),
    Placement("page_up", "feed", "page_up", "Page up"),
    Placement("open", "feed", "open", "Open", show=True),
    Placement("contents", "viewer", "toggle_toc", "Contents", show=True),
    Placement("next_match", "viewer", "next_match", "Next match"),
    Placement("previous_match", "viewer", "previous_match", "Previous match"),
    Placement("down", "page", "scroll_down", "Down"),
    Placement("up", "page", "scroll_up", "Up"),
    Placement("top", "page", "scroll_home", "Top"),
    Placement("bottom", "page", "scroll_end", "End"),
    Placement("page_down", "page", "page_down", "Page down"),
    Placement("page_up", "page", "page_up", "Page up"),
    Placement("formula_source", "page", "toggle_tex", "Formula source", show=True),
    Placement("down", "source", "cursor_down", "Down"),
    Placement("up", "source", "cursor_up", "Up"),
    Placement("top", "source", "scroll_home", "Top"),
    Placement("bottom", "source", "scroll_end", "End"),
    Placement("page_down", "source", "cursor_page_down", "Page down"),
    Placement("page_up", "source", "cursor_page_up", "Page up"),
    Placement("next_piece", "source", "piece(1)", "Next piece"),
    Placement("previous_piece", "source", "piece(-1)", "Previous piece"),
)

DEFAULT_KEYS: dict[str, str] = {action.name: action.keys for action in ACTIONS}

# Keys a name may stand for besides characters and punctuation names.
NAMED_KEYS = frozenset(
    ["enter", "escape", "tab", "backspace", "space", "delete", "insert", "home", "end",
     "pageup", "pagedown", "up", "down", "left", "right"] + [f"f{n}" for n in range(1, 25)]
)  # fmt: skip
# Taken by Textual itself: the command palette, quitting, and Ctrl-C.
RESERVED = {"ctrl+p": "the command palette", "ctrl+q": "quit", "ctrl+c": "Textual's"}
# Textual's names for the characters it does not call by their Unicode names.
_RENAMED = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
            "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}  # fmt: skip


def character_key(character: str) -> str:
    """The key's name Textual gives a typed character (``?`` is ``question_mark``)."""
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return "tab" if character == "\t" else character
    return _RENAMED.get(name, name)


_PUNCTUATION = {character_key(c): c for c in string.punctuation + " "}


class BadKey(ValueError):
    """A key name that is not a key kbtui can be handed."""


def key_name(written: str) -> str:
    """The key as Textual names it, from the way a person may write it (``?``, ``ctrl+N``,
    ``shift+a``); BadKey says why it is none."""
    text = written.strip()
    if len(text) == 1 and text.isprintable():
        return character_key(text)
    *modifiers, base = text.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if "alt" in modifiers or "meta" in modifiers:
        raise BadKey("kbtui reads Alt+key as Esc, then the key")
    if not base or any(modifier not in ("ctrl", "shift") for modifier in modifiers):
        raise BadKey("not a key (a key is a character or a name, after ctrl+ or shift+)")
    if len(base) == 1 and base.isalpha():
        if "shift" in modifiers:  # Shift+a is typed as A
            modifiers.remove("shift")
            base = base.upper()
        if "ctrl" in modifiers:
            base = base.lower()
    elif len(base) == 1:
        base = character_key(base)
    elif base.lower() in NAMED_KEYS or base.lower() in _PUNCTUATION:
        base = base.lower()
    else:
        raise BadKey("no key has this name")
    if len(base) == 1 and not base.isprintable():
        raise BadKey("not a key")
    ordered = [modifier for modifier in ("ctrl", "shift") if modifier in modifiers]
    name = "+".join([*ordered, base])
    if name in RESERVED:
        raise BadKey(f"{name} is {RESERVED[name]}")
    return name


def key_label(name: str) -> str:
    """A key as the help screen shows it: ``?`` for ``question_mark``, ``PgDn`` for
    ``pagedown``."""
    *modifiers, base = name.split("+")
    shown = _LABELS.get(base) or _PUNCTUATION.get(base) or base
    return "+".join([*modifiers, shown])


_LABELS = {"down": "↓", "up": "↑", "left": "←", "right": "→", "pagedown": "PgDn",
           "pageup": "PgUp", "backspace": "Backsp.", "escape": "Esc", "enter": "Enter",
           "tab": "Tab", "space": "Space", "home": "Home", "end": "End"}  # fmt: skip


def keys_as_written(keys: str) -> str:
    """Keys as a config file may write them: a punctuation key as its character (``?`` for
    ``question_mark``), but for the comma and the space, which would separate or vanish."""
    characters = (_PUNCTUATION.get(name, name) for name in map(key_name, keys.split(",")))
    return ",".join(c if c not in (",", " ") else character_key(c) for c in characters)


def keys_label(keys: str) -> str:
    return " ".join(key_label(key_name(key)) for key in keys.split(","))


def read_keys(written: object, source: str) -> tuple[dict[str, str], list[str]]:
    """The keys a config file's ``keys:`` gives actions (name -> keys as Textual names them,
    comma-separated), and one warning for each thing ignored: an unknown action, a key that
    is none, a key another action has. A key goes to the first action that asks for it; an
    action's default keys are free for others once it is given keys of its own (so two
    actions can swap keys); an action none of whose keys count keeps its defaults."""
    if written is None:
        return {}, []
    if not isinstance(written, Mapping):
        return {}, [f"{source}: 'keys' must map action names to keys; ignored"]
    warnings: list[str] = []
    wanted: dict[str, list[str]] = {}
    for name, value in written.items():
        if name not in DEFAULT_KEYS:
            warnings.append(f"{source}: keys: no action {name!r} (kbtui config --show lists them)")
            continue
        if isinstance(value, bool) or value is None or value == []:
            warnings.append(f'{source}: keys: {name}: write the keys as text, e.g. "j,down"')
            continue
        keys = []
        written = value if isinstance(value, list) else _split(str(value))
        for key in written:
            try:
                keys.append(key_name(str(key)))
            except BadKey as problem:
                warnings.append(f"{source}: keys: {name}: {str(key)!r} ignored: {problem}")
        if keys:
            wanted[name] = keys
    while True:  # until no action is left with none of the keys it asked for
        chosen, refused = _give_keys(wanted)
        emptied = [name for name in wanted if name not in chosen]
        for name, key in refused:
            if name in emptied or not emptied:
                warnings.append(f"{source}: keys: {name}: {key_label(key)} is the key of "
                                f"{_holder(key, chosen)} (rebind that too); ignored")  # fmt: skip
        if not emptied:
            return chosen, warnings
        for name in emptied:
            del wanted[name]


def _split(keys: str) -> list[str]:
    """Comma-separated keys; a lone comma is the comma key."""
    return [","] if keys.strip() == "," else keys.split(",")


def _give_keys(wanted: dict[str, list[str]]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each wanted key to the first action asking for it, if no other action keeps it."""
    holder = {key_name(key): name for name, keys in DEFAULT_KEYS.items()
              if name not in wanted for key in keys.split(",")}  # fmt: skip
    chosen: dict[str, str] = {}
    refused = []
    for name, keys in wanted.items():
        kept = []
        for key in keys:
            if holder.setdefault(key, name) != name:
                refused.append((name, key))
            elif key not in kept:
                kept.append(key)
        if kept:
            chosen[name] = ",".join(kept)
    return chosen, refused


def _holder(key: str, chosen: Mapping[str, str]) -> str:
    keys = effective_keys(chosen)
    return next(name for name in keys if key in [key_name(k) for k in keys[name].split(",")])


def effective_keys(chosen: Mapping[str, str]) -> dict[str, str]:
    """Every action's keys: the config file's where it gives some, else the defaults."""
    return {name: chosen.get(name, keys) for name, keys in DEFAULT_KEYS.items()}
