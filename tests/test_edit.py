"""`kbtui edit NOTE`: the user's editor on the note, then the index takes in the change."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kbtui.editor import FALLBACK_EDITORS, NO_EDITOR, editor_command
from kbtui.errors import KbtuiError
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query

KBTUI = Path(sys.executable).with_name("kbtui")


def edit(notes_root: Path, note: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """kbtui edit in a session of its own: an editor that signals its process group (as a
    terminal's Ctrl+C does) reaches kbtui and the editor, never the test runner."""
    environment = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    return subprocess.run(
        [str(KBTUI), "edit", "--notes", str(notes_root), note],
        capture_output=True,
        text=True,
        env={**environment, **env},
        timeout=60,
        start_new_session=True,
    )


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def indexed_ids(notes_root: Path, word: str) -> list[str]:
    """The notes the index has for ``word`` as it stands, without a sync of its own."""
    results = KnowledgeBase(notes_root).search(parse_query(word))
    return [hit.note.id for hit in results.hits]


@pytest.fixture
def note(notes_root, write_note):
    write_note("search/inv.md", "倒排索引由词典和倒排链组成。\n", title="倒排索引")
    write_note("seq/ssm.md", "Mamba 是选择性状态空间模型。\n", title="状态空间模型")
    subprocess.run([str(KBTUI), "index", "--notes", str(notes_root)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    return notes_root / "search" / "inv.md"


def test_the_edit_is_in_the_file_and_in_the_index(notes_root, note, tmp_path):
    appender = script(tmp_path / "bin", "append", 'echo "quokkaword 新写的一行" >> "$1"')
    result = edit(notes_root, "倒排", {"EDITOR": str(appender)})  # named as `kbtui show` names it
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert note.read_text(encoding="utf-8").endswith("quokkaword 新写的一行\n")
    assert indexed_ids(notes_root, "quokkaword") == ["search/inv.md"]  # edit itself reindexed
    found = subprocess.run([str(KBTUI), "search", "--notes", str(notes_root), "quokkaword"],
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert found.returncode == 0 and "search/inv.md" in found.stdout


def test_visual_comes_before_editor(notes_root, note, tmp_path):
    visual = script(tmp_path / "bin", "visual", 'echo visualword >> "$1"')
    editor = script(tmp_path / "bin", "editor", 'echo editorword >> "$1"')
    result = edit(notes_root, "search/inv.md", {"VISUAL": str(visual), "EDITOR": str(editor)})
    assert result.returncode == 0, result.stderr
    text = note.read_text(encoding="utf-8")
    assert "visualword" in text and "editorword" not in text


def test_an_editor_with_arguments_is_split_as_a_shell_would(notes_root, note, tmp_path):
    log = tmp_path / "args.log"
    recorder = script(tmp_path / "my bin", "rec", f"printf '%s\\n' \"$@\" > '{log}'")
    command = f"'{recorder}' -w --title 'two words'"
    result = edit(notes_root, "search/inv.md", {"EDITOR": command})
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == ["-w", "--title", "two words", str(note)]


def test_the_config_file_names_the_editor_when_the_environment_does_not(
    notes_root, note, tmp_path, isolated_home
):
    to_the_last = 'for last; do :; done\necho configword >> "$last"'  # the path comes last
    configured = script(tmp_path / "bin", "configured", to_the_last)
    config = isolated_home / "config" / "kbtui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"editor: {configured} --wait\n", encoding="utf-8")
    assert edit(notes_root, "search/inv.md", {}).returncode == 0
    assert "configword" in note.read_text(encoding="utf-8")
    config.write_text("editor: [vim]\n", encoding="utf-8")
    broken = edit(notes_root, "search/inv.md", {})
    assert broken.returncode == 2 and "'editor' must be a command" in broken.stderr
    assert len(broken.stderr.splitlines()) == 1


def test_a_missing_editor_is_one_line_and_status_2(notes_root, note, tmp_path):
    gone = edit(notes_root, "search/inv.md", {"EDITOR": str(tmp_path / "no-such-editor")})
    assert gone.returncode == 2
    assert gone.stderr.startswith("kbtui: cannot run the editor") and "from $EDITOR" in gone.stderr
    assert len(gone.stderr.splitlines()) == 1
    empty_path = tmp_path / "empty"
    empty_path.mkdir()
    none = edit(notes_root, "search/inv.md", {"PATH": str(empty_path)})
    assert (none.returncode, none.stderr) == (2, f"kbtui: {NO_EDITOR}\n")
    unreadable = edit(notes_root, "search/inv.md", {"EDITOR": "vim 'unclosed"})
    assert unreadable.returncode == 2 and "$EDITOR is not a command line" in unreadable.stderr
    no_note = edit(notes_root, "no such note", {"EDITOR": "true"})
    assert no_note.returncode == 2 and len(no_note.stderr.splitlines()) == 1


def test_the_editors_failure_is_said_and_is_kbtuis_status(notes_root, note, tmp_path):
    failing = script(tmp_path / "bin", "failing", 'echo savedword >> "$1"; exit 3')
    result = edit(notes_root, "search/inv.md", {"EDITOR": str(failing)})
    assert (result.returncode, result.stderr) == (3, "kbtui: the editor exited with status 3\n")
    assert indexed_ids(notes_root, "savedword") == ["search/inv.md"]  # what it saved is indexed


def test_ctrl_c_in_the_editor_is_the_editors_alone(notes_root, note, tmp_path):
    """The terminal sends Ctrl+C to kbtui as well as the editor: kbtui keeps waiting."""
    keeps_going = script(tmp_path / "bin", "interrupted", "trap 'echo trapped >> \"$1\"' INT\n"
                         'kill -INT 0\necho finished >> "$1"')  # fmt: skip
    result = edit(notes_root, "search/inv.md", {"EDITOR": str(keeps_going)})
    assert result.returncode == 0, result.stderr
    assert note.read_text(encoding="utf-8").endswith("trapped\nfinished\n")
    dies = script(tmp_path / "bin", "dies", "kill -INT $$")
    stopped = edit(notes_root, "search/inv.md", {"EDITOR": str(dies)})
    assert stopped.returncode == 130  # 128 + SIGINT, as a shell says
    assert stopped.stderr == "kbtui: the editor exited with status 130\n"


def test_editor_command_is_one_rule_for_every_caller(tmp_path, monkeypatch):
    path = tmp_path / "a note.md"
    assert editor_command(path, None, {"VISUAL": "vis", "EDITOR": "ed"}) == ["vis", str(path)]
    assert editor_command(path, None, {"VISUAL": " ", "EDITOR": "code -w"}) == [
        "code", "-w", str(path),
    ]  # fmt: skip
    assert editor_command(path, "micro", {}) == ["micro", str(path)]
    bin_folder = tmp_path / "bin"
    for name in FALLBACK_EDITORS[1:]:  # nano, vim, vi: nano first
        script(bin_folder, name, "true")
    monkeypatch.setenv("PATH", str(bin_folder))
    assert editor_command(path, None, {}) == [str(bin_folder / "nano"), str(path)]
    script(bin_folder, "sensible-editor", "true")
    assert editor_command(path, None, {}) == [str(bin_folder / "sensible-editor"), str(path)]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(KbtuiError, match="no editor found"):
        editor_command(path, None, {})
