"""Where things live: the notes root and kbtui's per-user folders.

The per-user folders come from platformdirs, so on Linux they follow the XDG
variables (``XDG_CACHE_HOME``, ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "kbtui"
NOTES_ENV = "KBTUI_NOTES"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def bundled_notes_root() -> Path:
    """The knowledge base shipped with kbtui.

    In a wheel it is the package folder ``kbtui/_notes``; in a source checkout
    (or an editable install) it is ``notes/`` beside the package.
    """
    package = Path(__file__).resolve().parent
    shipped = package / "_notes"
    if shipped.is_dir():
        return shipped
    return package.parent / "notes"


def index_dir(notes_root: Path) -> Path:
    """The index of one notes root: one folder per root, named for humans and unique by hash."""
    resolved = str(notes_root.resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", notes_root.resolve().name).strip("-")[:40]
    return cache_dir() / "indexes" / f"{readable or 'notes'}-{digest}"


def env_notes_root() -> str | None:
    value = os.environ.get(NOTES_ENV, "").strip()
    return value or None
