"""What the reader chose in the app, kept across runs: settings.json."""

from __future__ import annotations

import json

from kbtui import locations
from kbtui.state.settings import SETTINGS_NAME, Settings

THEMES = ("textual-dark", "textual-light", "nord")


def test_settings_live_in_the_data_folder_and_last(isolated_home):
    settings = Settings()
    assert settings.path == locations.data_dir() / SETTINGS_NAME
    assert settings.get("feed_order") is None
    settings.set(feed_order="title")
    assert Settings().get("feed_order") == "title"
    assert not settings.path.with_name(SETTINGS_NAME + ".tmp").exists()


def test_two_windows_keep_each_others_settings(tmp_path):
    one, two = Settings(tmp_path / SETTINGS_NAME), Settings(tmp_path / SETTINGS_NAME)
    one.set(feed_order="title")
    two.set(theme="nord")
    assert Settings(tmp_path / SETTINGS_NAME)._values == {"feed_order": "title", "theme": "nord"}


def test_a_damaged_settings_file_gives_the_defaults_and_says_so_once(tmp_path):
    path = tmp_path / SETTINGS_NAME
    for damage in (b"{not json", b"\xff\xfe", b'["a list"]', b'{"theme": 3}'):
        path.write_bytes(damage)
        settings = Settings(path)
        assert settings.get("theme") is None
        notices = settings.take_notices()
        assert len(notices) == 1 and str(path) in notices[0] and "defaults" in notices[0]
    settings.set(feed_order="opened")  # the next change replaces the damaged file
    assert json.loads(path.read_text()) == {"feed_order": "opened"}


def test_settings_that_cannot_be_written_are_said_and_kept_for_the_session(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    settings = Settings(blocked / SETTINGS_NAME)  # its folder is a file
    settings.set(feed_order="title")
    settings.set(feed_order="date")
    assert settings.get("feed_order") == "date"
    notices = settings.take_notices()
    assert len(notices) == 1 and "settings not saved" in notices[0]


def test_the_theme_chosen_in_the_app_wins_until_the_config_file_changes_its_own(tmp_path):
    path = tmp_path / SETTINGS_NAME
    settings = Settings(path)
    assert settings.theme(None, THEMES) is None
    assert settings.theme("nord", THEMES) == "nord"
    settings.choose_theme("textual-dark", None, "textual-dark")  # what it starts with anyway
    assert not path.exists()
    settings.choose_theme("textual-light", "nord", "textual-dark")  # over the config's nord
    again = Settings(path)
    assert again.theme("nord", THEMES) == "textual-light"
    assert again.theme("textual-dark", THEMES) == "textual-dark"  # the config was edited since
    assert again.theme(None, THEMES) == "textual-light"


def test_a_remembered_theme_that_is_none_falls_back_and_is_said(tmp_path):
    path = tmp_path / SETTINGS_NAME
    path.write_text(json.dumps({"theme": "gone-theme", "theme_over": ""}))
    settings = Settings(path)
    assert settings.theme(None, THEMES) is None
    assert "no theme 'gone-theme'" in settings.take_notices()[0]
