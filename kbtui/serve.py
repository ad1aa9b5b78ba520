"""``kbtui serve``: the reader in a web browser, through textual-serve.

textual-serve starts one app process per browser tab from a shell command line, here
``python -m kbtui --notes ROOT`` with each word quoted for the shell; the app in it draws
through Textual's web driver (textual-serve names it in ``TEXTUAL_DRIVER``), not a terminal.

Whoever can open the page reads the notes and drives the app. So the server listens on the
loopback address unless told otherwise, and it refuses what a web page elsewhere could ask
of it through the user's browser: a WebSocket from another origin (any site may try to open
``ws://127.0.0.1:PORT/ws``), and, while it listens on loopback, a request addressed to a name
that is not a loopback one (a DNS rebinding: ``evil.example`` turned into 127.0.0.1).

textual-serve and aiohttp are imported only here, and only when the server starts.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from kbtui.errors import KbtuiError

TITLE = "kbtui"


def app_command(notes_root: Path) -> str:
    """The shell command line textual-serve runs for each browser tab: this Python, this
    kbtui, the notes folder already resolved (any character in its path quoted)."""
    return shlex.join([sys.executable, "-m", "kbtui", "--notes", str(notes_root)])


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (a loopback address, or ``localhost``)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """What to tell the user who serves the notes beyond this machine."""
    if is_loopback(host):
        return None
    return f"serving on {host}: anyone who can reach this address can read your notes"


def serve(notes_root: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Serve the reader until Ctrl+C (or SIGTERM); a port taken or an address this machine
    does not have is a KbtuiError, said before anything starts."""
    _check_can_listen(host, port)
    if warning := exposure_warning(host):
        say(warning)
    server = _guarded_server(app_command(notes_root), host, port, say)
    try:
        server.serve()
    except OSError as error:  # taken between the check and the server's own bind
        raise KbtuiError(_cannot_listen(host, port, error)) from None
    except KeyboardInterrupt:  # Ctrl+C before the server's own handler was in place
        pass


def _guarded_server(command: str, host: str, port: int, say: Callable[[str], None]):
    """textual-serve's server with the checks of the module's docstring, a page that names the
    address it was asked by (so that its WebSocket's address is right behind ``ssh -L`` or on
    0.0.0.0, where textual-serve's would name the listening address), and one line at start
    instead of a banner. The class is made here, so that importing this module costs nothing."""
    from aiohttp import web
    from textual_serve.server import Server

    loopback = is_loopback(host)
    sessions: set[asyncio.Task] = set()  # one per open tab, each running an app

    def refuse_unless_allowed(request: web.Request, origin: str | None) -> None:
        if not request_allowed(request.host, origin, loopback):
            raise web.HTTPForbidden(text="kbtui: this request may not reach the reader\n")

    class GuardedServer(Server):
        def initialize_logging(self) -> None:
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line per request

        async def on_startup(self, app: web.Application) -> None:
            say(f"serving the reader at {self.public_url} (Ctrl+C stops)")

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            refuse_unless_allowed(request, origin=None)
            self.public_url = f"{request.scheme}://{request.host}"  # read before any await
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            refuse_unless_allowed(request, request.headers.get("Origin"))
            session = asyncio.current_task()
            sessions.add(session)
            try:
                return await super().handle_websocket(request)
            finally:
                sessions.discard(session)

        async def on_shutdown(self, app: web.Application) -> None:
            """Each tab's app is told to quit now: aiohttp alone would wait for the tabs to
            close for up to a minute before it stops them."""
            for session in sessions:
                session.cancel()  # textual-serve's handler then stops its app and closes
            await asyncio.gather(*sessions, return_exceptions=True)

    shown_host = f"[{host}]" if ":" in host else host
    return GuardedServer(command, host, port, TITLE, public_url=f"http://{shown_host}:{port}")


def _check_can_listen(host: str, port: int) -> None:
    """Bind as the server will (address reuse on, as asyncio sets it), and let go at once, so
    that a port in use is one clear line rather than a traceback from inside aiohttp."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise KbtuiError(f"cannot serve on {host}: {_sentence_part(error.strerror)}") from None
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                raise KbtuiError(_cannot_listen(host, port, error)) from None


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if error.errno == errno.EADDRINUSE:
        return f"cannot serve on {where}: the port is in use (choose another with --port)"
    if error.errno == errno.EACCES:
        return f"cannot serve on {where}: not allowed (ports below 1024 need privileges)"
    return f"cannot serve on {where}: {_sentence_part(error.strerror or str(error))}"


def _sentence_part(reason: str) -> str:
    """The system's reason ("Cannot assign requested address") as the end of our line."""
    return reason[:1].lower() + reason[1:]


def request_allowed(host_header: str, origin: str | None, listening_on_loopback: bool) -> bool:
    """Whether a request may reach the app (see the module's docstring). ``origin`` is the
    WebSocket's Origin header: browsers always send one; other clients may not."""
    name = urlsplit(f"//{host_header}").hostname or ""
    if listening_on_loopback and not is_loopback(name):
        return False
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()
