"""Searching an index kbtui cannot write (see ``kbtui.search.store``): tantivy writes a lock
file to open an index, so a copy in a temporary folder is opened instead."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import tantivy

from kbtui.errors import KbtuiError, first_line
from kbtui.search.analysis import register_analyzers
from kbtui.search.manifest import Manifest
from kbtui.search.schema import INDEX_FORMAT


def open_copy(
    directory: Path, schema: tantivy.Schema, manifest: Manifest, notes_root: Path
) -> tuple[tempfile.TemporaryDirectory[str], tantivy.Index]:
    """A copy of the index in a temporary folder (gone with the returned handle), opened."""
    head = manifest.read_head()
    if head is None or head.get("schema") != INDEX_FORMAT or head.get("root") != str(notes_root):
        raise KbtuiError(f"cannot write the index folder, which holds no usable index: {directory}")
    copy_folder = tempfile.TemporaryDirectory(prefix="kbtui-index-")
    copy = Path(copy_folder.name) / "index"
    try:
        copy.mkdir()
        for entry in os.scandir(directory):  # tantivy's folder is flat
            if entry.is_file() and not entry.name.endswith(".lock"):
                shutil.copyfile(entry.path, copy / entry.name)  # not its read-only mode
        index = tantivy.Index(schema, path=str(copy), reuse=True)
    except (OSError, ValueError) as error:
        message = f"cannot read the read-only index ({first_line(error)}): {directory}"
        raise KbtuiError(message) from error
    register_analyzers(index)
    return copy_folder, index
