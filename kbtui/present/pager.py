"""Long output through the reader's pager, as git does.

``kbtui show`` pages when its output is a terminal and the note is longer than the screen:
through ``$PAGER``, or ``less -R`` when it is not set, with ``LESS=FRX`` unless the reader set
``LESS`` (so colours pass through and a short page quits by itself). When the pager cannot be
started the text is printed as it is; a reader quitting the pager early is no error.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

DEFAULT_PAGER = "less -R"


def page_text(text: str) -> bool:
    """Show text through the pager; False if there is no pager to run (print it instead)."""
    try:
        command = shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER)
    except ValueError:  # an unclosed quote in $PAGER: no pager to run
        return False
    if not command or command == ["cat"]:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit before the end
        pass
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:  # ctrl+c belongs to the pager while it runs
            continue
    return True
