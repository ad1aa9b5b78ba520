"""What the reader chose in the app, kept for the next run: the theme and the feed's order.

One small JSON file, ``settings.json``, beside the reading state in the per-user data folder:
a mapping of names to strings, shared by every notes root. A change reads the file again,
changes its one value and writes the whole file beside it, then renames it over the old one
(after fsync), so a crash leaves the old settings or the new, never half of either, and two
kbtui windows that change different settings keep both. A file that cannot be read as
settings (not JSON, not a mapping of names to strings) is said once, the defaults are used,
and the next change replaces it; one that cannot be written is said once, and the choice
holds for the session. What a value means (a theme's name, an order) is for its reader to
check: an unknown value falls back to the default there, and is said there.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Collection
from pathlib import Path

from kbtui import locations

SETTINGS_NAME = "settings.json"
DEFAULT_THEME = "textual-dark"  # one of Textual's themes
THEME = "theme"
THEME_OVER = "theme_over"  # the config file's theme when THEME was chosen in the app


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or locations.data_dir() / SETTINGS_NAME
        self._notices: list[str] = []
        self._said: set[str] = set()
        self._values = self._read()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):  # none yet
            return {}
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self._say(f"settings {self.path} unreadable ({error}): using the defaults")
            return {}
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            self._say(f"settings {self.path} damaged (not names and values): using the defaults")
            return {}
        return data

    def _say(self, notice: str) -> None:
        if notice not in self._said:
            self._said.add(notice)
            self._notices.append(notice)

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def set(self, **values: str) -> None:
        """Change some settings, keeping what another kbtui wrote of the others meanwhile."""
        on_disk = self._read() if self.path.exists() else {}
        self._values = {**self._values, **on_disk, **values}
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(self._values, file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as error:
            with contextlib.suppress(OSError):  # (there may be no folder to hold it)
                temporary.unlink()
            self._say(f"settings not saved ({error.strerror or error})")

    # -- the theme: the config file's, or the one chosen in the app, whichever changed last --

    def theme(self, configured: str | None, known: Collection[str]) -> str | None:
        """The theme to start with: the one chosen in the app, unless the config file names
        another theme than it did when that one was chosen (the config was edited since).
        None (said) for a theme not ``known``."""
        theme = self._wanted_theme(configured)
        if theme is not None and theme not in known:
            self._say(f"no theme {theme!r} (kbtui config --show lists them): the default theme")
            return None
        return theme

    def _wanted_theme(self, configured: str | None) -> str | None:
        chosen = self.get(THEME)
        if chosen is None or (configured is not None and configured != self.get(THEME_OVER)):
            return configured
        return chosen

    def choose_theme(self, theme: str, configured: str | None, default: str) -> None:
        """The reader chose a theme: kept, unless the next run would start with it anyway."""
        if theme != (self._wanted_theme(configured) or default):
            self.set(**{THEME: theme, THEME_OVER: configured or ""})
