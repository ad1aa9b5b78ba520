"""`kbtui serve`: the reader in a browser through textual-serve, on loopback unless asked."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from kbtui.serve import app_command, exposure_warning, request_allowed

KBTUI = Path(sys.executable).with_name("kbtui")
WAIT = 60  # seconds: a bound on every wait below, never a measurement


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on ``port``, from the kernel's tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not os.path.exists(table):
            continue
        with open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                    raw = bytes.fromhex(address)
                    words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]  # host order
                    family = socket.AF_INET if width == 8 else socket.AF_INET6
                    found.add(socket.inet_ntop(family, b"".join(words)))
    return found


def get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


async def first_screen(url: str, wanted: str, origin: str, then=None) -> str:
    """What the app draws for a browser tab, read until ``wanted`` is on it; ``then`` is
    called while the tab is still open, which reads on as a browser does until it closes."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}?width=100&height=30", headers={"Origin": origin}) as websocket,
    ):
        drawn = b""
        while wanted.encode() not in drawn:
            message = await asyncio.wait_for(websocket.receive(), WAIT)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            drawn += message.data
        if then is not None:
            then()
            while not websocket.closed:
                await asyncio.wait_for(websocket.receive(), WAIT)
        return drawn.decode("utf-8", "replace")


async def handshake_status(url: str, origin: str) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers={"Origin": origin}):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


@pytest.fixture
def odd_notes(tmp_path):
    """A notes folder whose path a shell would split or expand unless quoted."""
    root = tmp_path / "my notes 'quoted' $HOME; (x)"
    root.mkdir()
    (root / "inv.md").write_text("---\ntitle: 倒排索引之书\n---\n倒排索引由词典组成。\n", "utf-8")
    return root


@pytest.mark.slow
def test_the_served_page_runs_the_app_on_loopback_and_stops_quietly(odd_notes, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(KBTUI), "serve", "--notes", str(odd_notes), "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + WAIT
        while not listening_addresses(port) and server.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert listening_addresses(port) == {"127.0.0.1"}  # nothing beyond this machine
        status, page = get(f"{base}/")
        assert status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "<div>kbtui</div>" in page  # textual-serve's page, titled for kbtui
        asked_as_localhost = get(f"{base}/", host=f"localhost:{port}")[1]
        assert f'"ws://localhost:{port}/ws"' in asked_as_localhost  # the address it was asked by
        assert get(f"{base}/", host=f"rebound.example:{port}")[0] == 403
        app_socket = f"ws://127.0.0.1:{port}/ws"
        assert asyncio.run(handshake_status(app_socket, "http://evil.example")) == 403

        ctrl_c = functools.partial(server.send_signal, signal.SIGINT)
        screen = asyncio.run(first_screen(app_socket, "倒排索引之书", base, then=ctrl_c))
        assert "Select a note" in screen  # the app itself, on the note folder with the odd name
        assert server.wait(timeout=WAIT) == 0  # Ctrl+C while a tab is open
        deadline = time.monotonic() + WAIT
        while _group_alive(server.pid):  # the tabs' apps end with the server
            assert time.monotonic() < deadline, "an app process outlived the server"
            time.sleep(0.1)
    finally:  # nothing of the test's is left running, whatever failed
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    said = log.read_text()
    assert said.startswith(f"kbtui: serving the reader at {base} (Ctrl+C stops)\n")
    assert "Traceback" not in said


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_a_port_in_use_is_one_line_and_status_2(odd_notes):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(KBTUI), "serve", "--notes", str(odd_notes), "--port", str(port)],
            capture_output=True, text=True, timeout=WAIT,
        )  # fmt: skip
    assert result.returncode == 2
    in_use = f"cannot serve on 127.0.0.1:{port}: the port is in use (choose another with --port)"
    assert result.stderr == f"kbtui: {in_use}\n"
    assert result.stdout == ""


def test_bad_serve_options_are_refused_by_the_parser(odd_notes):
    for option in (["--port", "0"], ["--port", "http"], ["--host", " "]):
        result = subprocess.run([str(KBTUI), "serve", "--notes", str(odd_notes), *option],
                                capture_output=True, text=True, timeout=WAIT)  # fmt: skip
        assert result.returncode == 2 and "usage: kbtui serve" in result.stderr, option


def test_the_command_for_each_tab_survives_the_shell(odd_notes):
    command = app_command(odd_notes)
    assert shlex.split(command) == [sys.executable, "-m", "kbtui", "--notes", str(odd_notes)]
    echoed = subprocess.run(["sh", "-c", f"printf '%s\\n' {command}"], capture_output=True,
                            text=True, timeout=WAIT, check=True)  # fmt: skip
    assert echoed.stdout.splitlines()[-1] == str(odd_notes)


def test_only_a_loopback_address_serves_without_a_warning():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert exposure_warning(host) is None, host
    for host in ("0.0.0.0", "::", "192.168.1.20", "myhost"):
        warning = exposure_warning(host)
        assert warning and "anyone who can reach" in warning and "\n" not in warning


def test_requests_a_foreign_page_could_make_are_refused():
    assert request_allowed("127.0.0.1:8000", None, listening_on_loopback=True)
    assert request_allowed("localhost:8000", "http://localhost:8000", listening_on_loopback=True)
    assert request_allowed("[::1]:8000", "http://[::1]:8000", listening_on_loopback=True)
    assert not request_allowed("127.0.0.1:8000", "http://evil.example", True)  # hijacking
    assert not request_allowed("127.0.0.1:8000", "http://127.0.0.1:9000", True)
    assert not request_allowed("127.0.0.1:8000", "null", True)
    assert not request_allowed("evil.example:8000", "http://evil.example:8000", True)  # rebinding
    assert request_allowed("notes.lan:8000", "http://notes.lan:8000", listening_on_loopback=False)
    assert not request_allowed("notes.lan:8000", "http://evil.example", False)
