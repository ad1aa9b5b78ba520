"""kbtui over a real SSH session: OpenSSH's server on a loopback port with throwaway keys,
``ssh -tt`` into the installed ``kbtui`` inside tmux, read off the screen as a user sees it.

The keys cross a real network link and pseudo-terminal on both ends, so what one write of the
client sends arrives together, as it does over a laggy connection.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kbtui.state.reading import ReadingState
from tests.app.test_terminal_e2e import KBTUI, Terminal

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(SSHD).exists() and shutil.which("ssh") and shutil.which("tmux"))
        and not os.environ.get("CI"),
        reason="needs OpenSSH's server and client and tmux (.ci/run installs them)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def ssh_server(tmp_path):
    """An sshd that lets this user in with a key made for the test, and nobody else."""
    folder = tmp_path / "ssh"
    folder.mkdir()
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)],
                       check=True)  # fmt: skip
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPidFile {folder / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin prohibit-password\nPrintMotd no\n"
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        server.kill()
        raise AssertionError(f"sshd did not start: {server.stderr.read().decode()}")
    yield port, folder / "client_key"
    server.terminate()
    server.wait(timeout=10)


def ssh_command(port: int, key: Path, remote: str) -> list[str]:
    return [
        "ssh", "-tt", "-p", str(port), "-i", str(key), "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
        "127.0.0.1", remote,
    ]  # fmt: skip


@pytest.mark.parametrize("term", ["xterm-256color", "linux"])
def test_browse_search_open_mark_and_quit_over_ssh(
    ssh_server, notes_root, write_note, isolated_home, term
):
    port, key = ssh_server
    write_note("seq/ssm.md", "Mamba 让 SSM 的参数依赖输入。\n", title="状态空间模型与 Mamba",
               date="2026-01-11", category="序列模型")  # fmt: skip
    write_note("search/inv.md", "倒排索引由词典和倒排链组成。\n", title="倒排索引笔记",
               date="2025-03-08", category="搜索与推荐")  # fmt: skip
    write_note("dl/amp.md", "混合精度训练。\n", title="混合精度", date="2025-05-24")
    remote_env = {
        "HOME": str(isolated_home),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "TERM": term,
        "LANG": "C.UTF-8",
    }
    exports = " ".join(f"{name}='{value}'" for name, value in remote_env.items())
    remote = f"env {exports} '{KBTUI}' --notes '{notes_root}'"
    terminal = Terminal(ssh_command(port, key, remote), {"TERM": "xterm-256color"}, 80, 24)
    try:
        terminal.wait_for("INCOMING TRANSMISSION")
        terminal.wait_for("3 unread")
        terminal.keys("j")  # browse: the second note
        terminal.keys("k")
        # "/" and the Chinese query in one write, as a laggy link delivers them.
        terminal.keys("/倒排索引", literal=True)
        terminal.wait_for("1 hit")
        screen = terminal.wait_for("▊  倒排索引")
        assert "倒排索引笔记" in screen
        terminal.keys("Enter")
        screen = terminal.wait_for("倒排索引由词典和倒排链组成")
        assert "搜索与推荐 · 2025-03-08" in screen
        terminal.keys("b")
        terminal.wait_for("Bookmarked")
        terminal.keys("Escape")
        terminal.wait_for("2 unread")
        terminal.keys("/mamba", literal=True)  # m and b are commands on the feed, not here
        terminal.wait_for("▊  mamba")
        terminal.wait_for("1 hit")
        terminal.keys("Escape")
        terminal.wait_for("2 unread")
        terminal.keys("q")
        assert terminal.wait_until_closed(), f"q did not end the session:\n{terminal.screen()}"
    finally:
        terminal.close()
    state = ReadingState(notes_root)
    assert state.get("search/inv.md").read and state.get("search/inv.md").bookmarked
    assert not state.get("seq/ssm.md").read  # only what was opened is read
    assert not any(state.get(note).bookmarked for note in ("seq/ssm.md", "dl/amp.md"))
