"""The table of keys and the reading of a config file's keys:, without the pilot."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from textual.keys import Keys, _character_to_key

from kbtui.app.key_bindings import bindings
from kbtui.app.keymap import (
    ACTIONS,
    DEFAULT_KEYS,
    NAMED_KEYS,
    PLACEMENTS,
    BadKey,
    character_key,
    effective_keys,
    key_name,
    keys_as_written,
    read_keys,
)


def test_characters_are_named_as_textual_names_them():
    for character in string.printable.strip() + "é中":
        assert character_key(character) == _character_to_key(character), character


def test_named_keys_are_keys_textual_knows():
    known = {key.value for key in Keys}
    assert known | {"space"} >= NAMED_KEYS


def test_every_default_key_is_a_key_and_belongs_to_one_action():
    holders: dict[str, str] = {}
    for name, keys in DEFAULT_KEYS.items():
        for key in keys.split(","):
            named = key_name(key)
            assert holders.setdefault(named, name) == name, f"{key}: {name} and {holders[named]}"
            assert keys_as_written(keys_as_written(key)) == keys_as_written(key)
    assert {p.name for p in PLACEMENTS} == set(DEFAULT_KEYS)
    assert len({a.name for a in ACTIONS}) == len(ACTIONS)


def test_every_placement_runs_an_action_of_its_widget():
    from kbtui.app.app import KbtuiApp
    from kbtui.app.article_page import ArticlePage
    from kbtui.app.feed_list import FeedList
    from kbtui.app.feed_pane import FeedPane
    from kbtui.app.raw_article import RawArticle
    from kbtui.app.viewer import ArticleViewer

    widgets = {"app": KbtuiApp, "feed": FeedList, "viewer": ArticleViewer, "page": ArticlePage,
               "source": RawArticle}  # fmt: skip
    for widget, cls in widgets.items():
        for binding in bindings(widget):
            name, _, arguments = binding.action.partition("(")
            assert hasattr(cls, f"action_{name}"), binding.action
            if name == "feed":  # the feed pane's work, run from anywhere
                assert hasattr(FeedPane, arguments.split("'")[1]), binding.action


@pytest.mark.parametrize(
    ("written", "named"),
    [("?", "question_mark"), ("ctrl+N", "ctrl+n"), ("shift+a", "A"), ("PageDown", "pagedown"),
     ("shift+tab", "shift+tab"), ("full_stop", "full_stop"), ("/", "slash"), ("F5", "f5")],
)  # fmt: skip
def test_keys_are_read_as_a_person_may_write_them(written, named):
    assert key_name(written) == named


@pytest.mark.parametrize(
    ("written", "why"),
    [("alt+j", r"Alt\+key as Esc"), ("ctrl+", "not a key"), ("hyper+x", "not a key"),
     ("jk", "no key has this name"), ("ctrl+p", "command palette"), ("", "not a key"),
     ("\x01", "not a key")],
)  # fmt: skip
def test_a_key_that_is_none_says_why(written, why):
    with pytest.raises(BadKey, match=why):
        key_name(written)


def test_config_keys_rebind_and_what_is_ignored_is_said_once_each():
    chosen, warnings = read_keys(
        {"mark_all_read": "ctrl+a", "next_unread": [".", "shift+n"], "previous_unread": ",",
         "bogus": "x", "quit": True, "help": "alt+h"},
        "config C",
    )  # fmt: skip
    assert chosen == {"mark_all_read": "ctrl+a", "next_unread": "full_stop",
                      "previous_unread": "comma"}  # fmt: skip
    assert warnings == [
        "config C: keys: no action 'bogus' (kbtui config --show lists them)",
        'config C: keys: quit: write the keys as text, e.g. "j,down"',
        "config C: keys: help: 'alt+h' ignored: kbtui reads Alt+key as Esc, then the key",
        "config C: keys: next_unread: N is the key of previous_match (rebind that too); ignored",
    ]
    assert effective_keys(chosen)["quit"] == "q" and effective_keys(chosen)["help"] == "?"


def test_two_actions_can_swap_keys_and_a_taken_key_keeps_the_defaults():
    swapped, warnings = read_keys({"mark_read": "A", "mark_all_read": "m"}, "c")
    assert swapped == {"mark_read": "A", "mark_all_read": "m"} and warnings == []
    chosen, warnings = read_keys({"sort": "m", "bookmark": "m"}, "c")
    assert chosen == {} and len(warnings) == 2  # m is still mark_read's
    chosen, warnings = read_keys(
        {"mark_read": "A", "mark_all_read": "ctrl+a", "bookmark": "A"}, "c"
    )
    assert chosen == {"mark_read": "A", "mark_all_read": "ctrl+a"}
    assert warnings == ["c: keys: bookmark: A is the key of mark_read (rebind that too); ignored"]
    assert read_keys(["q"], "c") == ({}, ["c: 'keys' must map action names to keys; ignored"])


def test_the_readme_lists_every_action_with_its_default_keys():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"\| `(\w+)` \| `([^`]+)` \|", readme))
    assert listed == {name: keys_as_written(keys) for name, keys in DEFAULT_KEYS.items()}
