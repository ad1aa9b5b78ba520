"""Keys handled one at a time, each after what the one before it set going.

Textual hands each key to the focused widget's queue as soon as it is read, and a binding
that moves the focus (``/``) or opens a note runs only when the key comes back up from that
widget. Keys that arrive in one read of the terminal (a paste, a laggy SSH link that batches
what was typed) would all be queued at the old focus before the first of them had done
anything: ``/mamba`` ran ``m`` and ``b`` on the feed instead of typing them. So the app
keeps the keys in arrival order and hands on the next one only once the app has settled:
every message the last key caused has been handled and nothing it started (a note being
opened, a search that Enter waits for) is still under way. Keys typed slower than that see
no difference; a burst does exactly what the same keys typed one by one would.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic

from textual import events
from textual.app import App

# However busy the app is, the next key waits no longer than this: a slow note or search
# must not swallow the keyboard.
SETTLE_LIMIT = 2.0
POLL_INTERVAL = 0.005  # while only a worker keeps the app busy


class KeysInOrder:
    """The app's keys, each handled after the last one's consequences have settled."""

    def __init__(
        self,
        app: App,
        handle: Callable[[events.Key], Awaitable[None]],
        busy: Callable[[], bool],
    ) -> None:
        self._app = app
        self._handle = handle
        self._busy = busy  # the app's own work in progress (workers, awaited answers)
        self._waiting: deque[events.Key] = deque()
        self._task: asyncio.Task[None] | None = None

    def put(self, key: events.Key) -> None:
        self._waiting.append(key)
        if self._task is None:
            self._task = asyncio.create_task(self._hand_on())

    async def _hand_on(self) -> None:
        try:
            while self._waiting and self._app.is_running:
                await self._handle(self._waiting.popleft())
                await self._settle()
        except Exception as error:  # an action's bug: the app's own handling reports it
            self._app._handle_exception(error)
        finally:
            self._task = None

    async def _settle(self) -> None:
        deadline = monotonic() + SETTLE_LIMIT
        while monotonic() < deadline and self._app.is_running:
            if self._busy():  # a worker's turn: wait without stirring every widget
                await asyncio.sleep(POLL_INTERVAL)
                continue
            pumps = await self._all_handled()
            if any(not pump._message_queue.empty() for pump in pumps):
                continue  # a handled message posted others
            if not self._busy():
                return

    async def _all_handled(self) -> list:
        """Wait until every message queued now in the app and its screens has been handled
        (a callback queued behind them has run), as Textual's test pilot waits."""
        app = self._app
        pumps = [app]
        for screen in app.screen_stack:
            pumps.extend(screen.walk_children(with_self=True))
        count = 0
        all_ran = asyncio.Event()

        def ran() -> None:
            nonlocal count
            count -= 1
            if count == 0:
                all_ran.set()

        for pump in pumps:
            if pump.call_later(ran):
                count += 1
        if count:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(all_ran.wait(), SETTLE_LIMIT)
        return pumps
