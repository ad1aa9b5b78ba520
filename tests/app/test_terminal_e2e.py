"""The real `kbtui` entry point in a real terminal (tmux), read off the screen as a user sees it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kbtui.state.reading import ReadingState

KBTUI = Path(sys.executable).with_name("kbtui")

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"),
    reason="tmux is not installed (.ci/run installs it, so CI never skips this)",
)


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str], width: int = 100, height: int = 30):
        self.name = f"kbtui-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={value}" for key, value in env.items())
        shell_command = f"env {exports} " + " ".join(f"'{part}'" for part in command)
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             shell_command],
            check=True,
        )  # fmt: skip

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run(["tmux", "send-keys", "-t", self.name, *flags, *keys], check=True)

    def search(self, text: str) -> None:
        """Focus the search bar and type; keys sent while the app is still starting can be
        lost under load, so check the text reached the search bar and type it again if not.
        Before typing again, Esc clears the bar; the pause after it keeps the next "/" from
        arriving glued to it (ESC then "/" at once reads as alt+/)."""
        for _ in range(3):
            self.keys("/")
            self.keys(text, literal=True)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if f"▊  {text}" in self.screen():
                    return
                time.sleep(0.1)
            self.keys("Escape")
            time.sleep(1.0)
        raise AssertionError(f"could not type {text!r} into the search bar:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )

    def wait_until_closed(self, timeout: float = 15.0) -> bool:
        """Whether the program ended (and tmux closed its window) within ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        return not self.alive()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.mark.slow
def test_read_search_quit_and_come_back(notes_root, write_note, isolated_home):
    write_note(
        "seq/ssm.md",
        "Mamba 让 SSM 的参数依赖输入。\n",
        title="状态空间模型与 Mamba",
        date="2026-01-11",
        category="序列模型",
    )
    write_note(
        "search/inv.md",
        "倒排索引由词典和倒排链组成。\n",
        title="倒排索引笔记",
        date="2025-03-08",
        category="搜索与推荐",
    )
    env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "TERM": "xterm-256color",
    }
    terminal = Terminal([str(KBTUI), "--notes", str(notes_root)], env)
    try:
        terminal.wait_for("INCOMING TRANSMISSION")
        terminal.wait_for("2 unread")
        terminal.search("倒排索引")
        terminal.wait_for("1 hit")
        terminal.keys("Enter")
        screen = terminal.wait_for("倒排索引由词典和倒排链组成")
        assert "搜索与推荐 · 2025-03-08" in screen
        terminal.keys("Escape")
        terminal.wait_for("1 unread")
        terminal.keys("q")
        assert terminal.wait_until_closed(), "q did not quit"
    finally:
        terminal.close()
    assert ReadingState(notes_root).get("search/inv.md").read

    again = Terminal([str(KBTUI), "--notes", str(notes_root)], env)
    try:
        again.wait_for("1 unread")  # the note read before is still read
    finally:
        again.close()


@pytest.mark.parametrize(
    "terminal_env",
    [{"TERM": "screen-256color"}, {"TERM": "linux"}, {"TERM": "xterm-256color", "NO_COLOR": "1"}],
    ids=["tmux-256", "linux-console", "no-color"],
)
def test_other_terminals_and_kill_9(notes_root, write_note, isolated_home, terminal_env):
    write_note("a.md", "正文\n", title="一篇笔记", date="2025-01-01")
    env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        **terminal_env,
    }
    terminal = Terminal([str(KBTUI), "--notes", str(notes_root)], env, width=80, height=24)
    try:
        terminal.wait_for("1 unread")
        terminal.keys("b")
        terminal.wait_for("★")
        pid = subprocess.run(["tmux", "display-message", "-p", "-t", terminal.name, "#{pane_pid}"],
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
        os.kill(int(pid), 9)
    finally:
        terminal.close()
    assert ReadingState(notes_root).get("a.md").bookmarked  # saved before the kill


@pytest.mark.slow
def test_the_bytes_the_app_writes_carry_nothing_from_hostile_notes(
    notes_root, isolated_home, tmp_path
):
    from tests.hostile_corpus import escapes_note

    (notes_root / "escapes.md").write_bytes(escapes_note())
    (notes_root / "plain.md").write_bytes(b"# plain\nhostilecase\n")
    env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "TERM": "xterm-256color",
    }
    capture = tmp_path / "pane.bytes"
    terminal = Terminal([str(KBTUI), "--notes", str(notes_root)], env)
    try:
        subprocess.run(["tmux", "pipe-pane", "-o", "-t", terminal.name, f"cat >> '{capture}'"],
                       check=True)  # fmt: skip
        terminal.wait_for("2 unread")
        terminal.search("hostilecase")
        terminal.wait_for("2 hits")
        terminal.keys("Enter")
        terminal.wait_for("正文")
        terminal.keys("o")  # the link picker shows the hostile link target too
        time.sleep(1.0)
        terminal.keys("Escape")
        terminal.keys("q")
        time.sleep(1.0)
    finally:
        terminal.close()
    written = capture.read_bytes()
    assert "正文".encode() in written  # the capture saw the note
    # The markup "[link=http://evil.example]" is shown as text, but never becomes an OSC 8 link.
    for payload in (b"PWNED", b"UFdORUQ", b"\x1b]52;", b"\x1b]8;;http://evil", b"\xe2\x80\xae",
                    b"\x9b2J", b"\x1b[31;1mRED"):  # fmt: skip
        assert payload not in written, payload
    assert b"\x1b]0;" not in written  # nothing set the window title


def test_after_an_internal_error_the_app_exits_with_status_2(notes_root, write_note, tmp_path,
                                                              isolated_home):  # fmt: skip
    write_note("a.md", "正文\n", title="一篇笔记", date="2025-01-01")
    status_file = tmp_path / "status"
    program = (  # the app with a bug planted in opening a note
        "import sys; import kbtui.app.session as s\n"
        "def broken(*args, **kwargs): raise RuntimeError('planted bug')\n"
        "s.Session.open = broken\n"
        "from kbtui.cli import main\n"
        f"sys.exit(main(['--notes', {str(notes_root)!r}]))\n"
    )
    script = tmp_path / "broken_app.py"
    script.write_text(program)
    env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "TERM": "xterm-256color",
    }
    shell = f"'{sys.executable}' '{script}'; echo $? > '{status_file}'; sleep 30"
    terminal = Terminal(["sh", "-c", shell], env)
    try:
        terminal.wait_for("1 unread")
        terminal.keys("Enter")
        deadline = time.monotonic() + 15
        while not status_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        screen = terminal.screen()
    finally:
        terminal.close()
    assert status_file.read_text().strip() == "2"
    assert "kbtui: internal error: RuntimeError: planted bug" in screen
    assert "Traceback" not in screen


@pytest.mark.slow
def test_e_edits_the_note_in_the_editor_and_the_edit_shows(notes_root, write_note, isolated_home):
    """The app hands the terminal to $EDITOR (a script that shows a screen of its own and
    adds a line), takes it back when it exits, and the note is indexed and drawn again."""
    write_note("a.md", "原来的正文。\n", title="要编辑的笔记", date="2025-01-01")
    editor = isolated_home / "fake-editor"
    editor.write_text(
        "#!/bin/sh\nprintf 'FAKE EDITOR OPEN\\n'; sleep 1\n"
        "printf '\\n新加的一段：editedword。\\n' >> \"$1\"\n"
    )
    editor.chmod(0o755)
    env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "TERM": "xterm-256color",
        "EDITOR": str(editor),
    }
    terminal = Terminal([str(KBTUI), "--notes", str(notes_root)], env, width=100, height=30)
    try:
        terminal.wait_for("1 unread")
        terminal.keys("Enter")
        terminal.wait_for("原来的正文")
        terminal.keys("e")
        terminal.wait_for("FAKE EDITOR OPEN")  # the editor has the terminal
        screen = terminal.wait_for("新加的一段")  # back in the app, the note drawn again
        assert "原来的正文" in screen and "要编辑的笔记" in screen
    finally:
        terminal.close()
    found = subprocess.run([str(KBTUI), "search", "--notes", str(notes_root), "editedword"],
                           capture_output=True, text=True, env={**os.environ, **env})  # fmt: skip
    assert found.returncode == 0 and "要编辑的笔记" in found.stdout
