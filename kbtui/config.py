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

Unknown keys are ignored, so newer config files work with older kbtui.

Only the entry points (``kbtui.cli``, and through it the app) read the configuration; the
layers below are handed what they need (a notes root, a synonym table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbtui import locations
from kbtui.errors import KbtuiError, NotesRootError
from kbtui.search.synonyms import SynonymTable, load_synonyms, parse_groups

CONFIG_NAME = "config.yaml"


@dataclass(frozen=True)
class Config:
    notes: Path | None = None
    synonyms: tuple[tuple[str, ...], ...] = ()
    synonyms_problem: str | None = None  # a broken entry: said, and the user's groups skipped
    editor: str | None = None


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
    try:
        groups = parse_groups(data.get("synonyms"), f"config {path}")
    except KbtuiError as error:
        return Config(notes=notes_path, synonyms_problem=str(error), editor=editor)
    synonyms = tuple(tuple(group) for group in groups)
    return Config(notes=notes_path, synonyms=synonyms, editor=editor)


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
