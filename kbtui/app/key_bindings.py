"""The widgets' key bindings, made from the one table of keys (``kbtui.app.keymap``).

Each binding's id is its action's name, so the keys a config file gives an action
(``App.set_keymap``) replace its default keys wherever it is bound.
"""

from __future__ import annotations

from textual.binding import Binding

from kbtui.app.keymap import DEFAULT_KEYS, PLACEMENTS


def bindings(widget: str) -> list[Binding]:
    """The bindings of one widget: "app", "feed", "viewer", "page" or "source"."""
    return [
        Binding(
            DEFAULT_KEYS[placement.name],
            placement.action,
            placement.label,
            show=placement.show,
            priority=placement.priority,
            id=placement.name,
        )
        for placement in PLACEMENTS
        if placement.widget == widget
    ]
