"""Running the installed kbtui as an ordinary user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def as_a_user(*args: str) -> subprocess.CompletedProcess:
    """kbtui run without root's override of file permissions (root keeps its uid but loses
    CAP_DAC_OVERRIDE, so a chmod 000 folder is unreadable to it as to anyone)."""
    prefix = []
    if os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, str(Path(sys.executable).with_name("kbtui")), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
