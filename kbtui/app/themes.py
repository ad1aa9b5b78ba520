"""The app's themes: Textual's own, by name. The config file may name one (``theme:``); the
one chosen in the app is kept for the next run (``kbtui.state.settings``)."""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES

from kbtui.state.settings import DEFAULT_THEME

DARK_THEME, LIGHT_THEME = DEFAULT_THEME, "textual-light"
THEMES = tuple(BUILTIN_THEMES)  # (the app registers none of its own)
