"""The user's configuration file: ``config.yaml`` in kbtui's config folder.

Known keys:

``notes``
    The notes root used when neither ``--notes`` nor ``KBTUI_NOTES`` is given.
    ``~`` is expanded; a relative path is taken from the config folder.

``synonyms``
    More groups of variant terms, added to the shipped list (``kbtui/search/data/synonyms.txt``):
    a list whose items are lists of terms or comma-separated strings.

``editor``
    The command that edits a note (``kbtui edit``) when neither ``VISUAL`` nor ``EDITOR`` is
    set, split as a shell would (``code -w``); the rule is ``kbtui.editor``'s.

``theme``
    The app's theme, by name (one of Textual's; ``kbtui config --show`` lists them).

``keys``
    Actions of the app and the keys that run them (``kbtui.app.keymap``): a key or a
    comma-separated list, or a YAML list. Unknown actions and bad keys are said and ignored.

Unknown keys are ignored, so newer config files work with older kbtui.

Only the entry points (``kbtui.cli``, and through it the app) read the configuration; the
layers below are handed what they need (a notes root, a synonym table, keys and a theme).
"""

from __future__ import annotations

import json
import os
import shlex
import textwrap
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kbtui import locations
from kbtui.app.keymap import ACTIONS, effective_keys, keys_as_written, read_keys
from kbtui.editor import chosen_editor
from kbtui.errors import KbtuiError, NotesRootError
from kbtui.search.synonyms import SynonymTable, load_synonyms, parse_groups
from kbtui.state.settings import DEFAULT_THEME, Settings

CONFIG_NAME = "config.yaml"


@dataclass(frozen=True)
class Config:
    notes: Path | None = None
    synonyms: tuple[tuple[str, ...], ...] = ()
    synonyms_problem: str | None = None  # a broken entry: said, and the user's groups skipped
    editor: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # action -> keys, as Textual names them
    theme: str | None = None
    problems: tuple[str, ...] = ()  # keys or a theme ignored: said, and the defaults kept


def config_path() -> Path:
    return locations.config_dir() / CONFIG_NAME


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config, a broken one an error."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise KbtuiError(f"cannot read config {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise KbtuiError(f"cannot read config {path}: not UTF-8 (byte {error.start})") from error
    import yaml  # here, not at the top: most commands have no config file to read

    from kbtui.corpus.frontmatter import load_yaml

    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise KbtuiError(f"config {path}{where} is not valid YAML") from error
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise KbtuiError(f"config {path} must be a mapping of keys to values")
    notes = data.get("notes")
    notes_path = None
    if notes is not None and not (isinstance(notes, str) and notes.strip()):
        raise KbtuiError(f"config {path}: 'notes' must be a folder's path, not {notes!r}")
    if isinstance(notes, str):
        notes_path = Path(notes.strip()).expanduser()
        if not notes_path.is_absolute():
            notes_path = path.parent / notes_path
    editor = data.get("editor")
    if editor is not None and not (isinstance(editor, str) and editor.strip()):
        raise KbtuiError(f"config {path}: 'editor' must be a command, not {editor!r}")
    app = {**_app_settings(data, f"config {path}"), "editor": editor}
    try:
        groups = parse_groups(data.get("synonyms"), f"config {path}")
    except KbtuiError as error:
        return Config(notes=notes_path, synonyms_problem=str(error), **app)
    return Config(notes=notes_path, synonyms=tuple(tuple(group) for group in groups), **app)


def _app_settings(data: dict, source: str) -> dict:
    """The keys and the theme of a config file, and a warning for what of them is ignored."""
    keys, problems = read_keys(data.get("keys"), source)
    theme = data.get("theme")
    if theme is not None and not (isinstance(theme, str) and theme.strip()):
        problems.append(f"{source}: 'theme' must be a theme's name, not {theme!r}; ignored")
        theme = None
    return {"keys": keys, "theme": theme and theme.strip(), "problems": tuple(problems)}


class AppConfig(NamedTuple):
    """What the app is handed from the config file (it never reads the file itself): the
    keyword arguments of ``run_app``."""

    synonyms: SynonymTable
    keys: dict[str, str]
    theme: str | None
    editor: str | None
    notices: list[str]  # what to tell the reader


def app_config() -> AppConfig:
    """Synonyms, keys, the theme (the app knows the themes), the editor, and what to tell
    the reader. A config file that cannot be read leaves every default."""
    synonyms, problems = user_synonyms()
    try:
        config = load_config()
    except KbtuiError:
        return AppConfig(synonyms, {}, None, None, problems)  # (user_synonyms said why)
    problems += list(config.problems)
    return AppConfig(synonyms, config.keys, config.theme, config.editor, problems)


def _known_theme(theme: str | None, themes: Collection[str]) -> tuple[str | None, list[str]]:
    if theme is None or theme in themes:
        return theme, []
    names = ", ".join(themes)
    return None, [f"config {config_path()}: no theme {theme!r} (there are {names}); ignored"]


def user_synonyms() -> tuple[SynonymTable, list[str]]:
    """The shipped synonym groups and the user's, and what to tell the user: a config that
    cannot be read, or a broken ``synonyms:`` entry, leaves the shipped groups alone."""
    try:
        config = load_config()
    except KbtuiError as error:
        return load_synonyms(), [f"{error}; using the shipped synonyms only"]
    if config.synonyms_problem:
        notice = f"{config.synonyms_problem}; using the shipped synonyms only"
        return load_synonyms(), [notice]
    return load_synonyms(config.synonyms), []


def resolve_notes_root(cli_value: str | None) -> Path:
    """The notes root: ``--notes``, ``KBTUI_NOTES``, the config file, else the bundled notes."""
    if cli_value is not None and not cli_value.strip():
        raise NotesRootError("--notes needs a folder (it was given an empty value)")
    if cli_value:
        candidate, source = Path(cli_value).expanduser(), "--notes"
    elif env_value := locations.env_notes_root():
        candidate, source = Path(env_value).expanduser(), locations.NOTES_ENV
    elif (configured := load_config().notes) is not None:
        candidate, source = configured, f"notes in {config_path()}"
    else:
        candidate, source = locations.bundled_notes_root(), "bundled notes"
    if not candidate.exists():
        raise NotesRootError(f"notes folder not found: {candidate} (from {source})")
    if not candidate.is_dir():
        raise NotesRootError(f"not a folder: {candidate} (from {source})")
    return candidate.resolve()


def _editor_in_effect(configured: str | None) -> str:
    """The editor ``e`` and ``kbtui edit`` would run now, and what chose it."""
    try:
        words, source = chosen_editor(configured, os.environ)
    except KbtuiError as error:
        return str(error)
    return f"{shlex.join(words)} (from {source})"


def show_config(notes: str | None, themes: Collection[str], whole: bool) -> tuple[str, list]:
    """``kbtui config``: the config file's path; ``whole`` (``--show``): the configuration
    kbtui runs with, every default included, as YAML a config file may hold, and the
    warnings reading the config file gave."""
    path = config_path()
    if not whole:
        return f"{path}\n", []
    config = load_config()
    theme, problems = _known_theme(config.theme, themes)
    try:
        root = str(resolve_notes_root(notes))
    except NotesRootError as error:
        root, problems = str(config.notes or ""), [*problems, str(error)]
    settings = Settings()
    started = settings.theme(theme, themes) or DEFAULT_THEME
    whose = "the config file's" if theme else "the default"
    if started != (theme or DEFAULT_THEME):
        whose = f"chosen in the app, kept in {settings.path} (until the config's changes)"
    lines = [
        "# kbtui's configuration as it runs now: the config file's values, else the defaults.",
        f"# config file: {path}{'' if path.exists() else ' (none yet: all defaults)'}",
        *textwrap.wrap(
            ", ".join(themes), 96, initial_indent="# themes: ", subsequent_indent="#   "
        ),
        f"# the feed's order, chosen in the app (s): {settings.get('feed_order') or 'date'}",
        f"notes: {json.dumps(root, ensure_ascii=False)}",
        f"theme: {json.dumps(started)}  # {whose}",
        f"synonyms: {json.dumps([list(group) for group in config.synonyms], ensure_ascii=False)}",
        f"editor: {json.dumps(config.editor)}  # in effect: {_editor_in_effect(config.editor)}",
        "keys:  # action: its keys, comma-separated (a character, or a key's name)",
    ]
    keys = effective_keys(config.keys)
    for section in dict.fromkeys(action.section for action in ACTIONS):
        lines.append(f"  # {section}")
        for action in (action for action in ACTIONS if action.section == section):
            entry = f"{action.name}: {json.dumps(keys_as_written(keys[action.name]))}"
            lines.append(f"  {entry:<32} # {action.does}")
    warnings = [*problems, *config.problems, *settings.take_notices()]
    if config.synonyms_problem:
        warnings.append(config.synonyms_problem)
    return "\n".join(lines) + "\n", warnings
