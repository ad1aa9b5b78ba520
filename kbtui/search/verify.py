"""Finding damaged index files by tantivy's own checksums.

Each file of a tantivy segment ends with a footer: a small JSON object holding the CRC-32 of
everything before it, then the footer's length and a magic number (both 32-bit,
little-endian). Bytes overwritten in a file (a disk error, a crash of the machine, a stray
write) no longer match, though tantivy itself only notices when it reads that block, as a
failed search or a document it cannot read.

``kbtui index`` (every sync) checks the files it has not checked before, remembered by name,
size and time in ``verified.json``; a search or a feed row that fails checks them all.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import zlib
from pathlib import Path

FOOTER_MAGIC = 1337
VERIFIED_NAME = "verified.json"
CHUNK = 1 << 22


def damaged_files(directory: Path, only_new: bool = True) -> list[str]:
    """The index files whose content fails its checksum (by name); with ``only_new``, only
    files not checked before (a file checked sound is remembered)."""
    verified = _read_verified(directory) if only_new else {}
    sound: dict[str, list[int]] = {}
    damaged = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith((".json", ".lock", ".tmp")):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # removed meanwhile (a merge): nothing to check
        stamp = [info.st_size, info.st_mtime_ns]
        if verified.get(entry.name) == stamp:
            sound[entry.name] = stamp
            continue
        verdict = _check_file(Path(entry.path))
        if verdict is False:
            damaged.append(entry.name)
        elif verdict is True:
            sound[entry.name] = stamp
    if only_new and sound != verified:
        _write_verified(directory, sound)
    return sorted(damaged)


def _check_file(path: Path) -> bool | None:
    """True if the file matches its checksum, False if not, None if it has no footer."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < 8:
                return None
            handle.seek(size - 8)
            length, magic = struct.unpack("<II", handle.read(8))
            if magic != FOOTER_MAGIC or length + 8 > size:
                return None
            handle.seek(size - 8 - length)
            footer = json.loads(handle.read(length))
            expected = footer["crc"]
            handle.seek(0)
            remaining, crc = size - 8 - length, 0
            while remaining > 0:
                block = handle.read(min(CHUNK, remaining))
                if not block:
                    return False
                crc = zlib.crc32(block, crc)
                remaining -= len(block)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return False  # a footer that cannot be read is damage too
    return crc == expected


def _read_verified(directory: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((directory / VERIFIED_NAME).read_text(encoding="utf-8"))
        return {str(name): list(stamp) for name, stamp in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _write_verified(directory: Path, sound: dict[str, list[int]]) -> None:
    temporary = directory / (VERIFIED_NAME + ".tmp")
    with contextlib.suppress(OSError):  # unchecked next time: slower, not wrong
        temporary.write_text(json.dumps(sound), encoding="utf-8")
        os.replace(temporary, directory / VERIFIED_NAME)
