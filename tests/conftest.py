"""Shared fixtures. Every test runs with its own home, cache, data and config folders."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_NOTES = REPO / "notes"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point platformdirs (through XDG and HOME) at a temporary folder, never the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable, folder in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    for variable in ("KBTUI_NOTES", "NO_COLOR", "FORCE_COLOR", "KBTUI_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    return home


WriteNote = Callable[..., Path]


@pytest.fixture
def notes_root(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    return root


@pytest.fixture
def write_note(notes_root: Path) -> WriteNote:
    """Write a note under notes_root; front matter keys become YAML lines."""

    def write(relative: str, body: str, mtime: float | None = None, **front: object) -> Path:
        path = notes_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = textwrap.dedent(body).lstrip("\n")
        if front:
            lines = [f"{key}: {value}" for key, value in front.items()]
            text = "---\n" + "\n".join(lines) + "\n---\n" + text
        path.write_text(text, encoding="utf-8")
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        return path

    return write


_METRICS: list[tuple[str, str]] = []


def record_metric(name: str, value: str) -> None:
    """Keep a figure to print at the end of the test run (e.g. MRR@10)."""
    _METRICS.append((name, value))


def pytest_terminal_summary(terminalreporter) -> None:
    if _METRICS:
        terminalreporter.section("kbtui metrics")
        for name, value in _METRICS:
            terminalreporter.write_line(f"{name}: {value}")
