"""Notes on disk: finding them, reading them safely, and the Note model.

A note is a ``.md`` or ``.markdown`` file anywhere under the notes root; hidden
files and folders (a name starting with ``.``) are skipped, and symlinked
folders are not followed (so a symlink loop cannot trap the walk). A note's id
is its path relative to the root with ``/`` separators: stable across runs and
machines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from kbtui.corpus.excerpt import make_excerpt
from kbtui.corpus.frontmatter import split_front_matter
from kbtui.corpus.markdown import lines_outside_code, reading_stats

NOTE_SUFFIXES = (".md", ".markdown")


class NoteFile(NamedTuple):
    """A note file found by the walk: enough to tell whether it changed (a tuple: cheap)."""

    id: str
    location: str  # the file's path; a string, as a Path per file made the walk slow
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)


@dataclass(frozen=True)
class Note:
    id: str
    path: Path
    title: str
    date: dt.datetime
    category: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    series: str
    aliases: tuple[str, ...]
    draft: bool
    body: str
    excerpt: str
    chars: int
    words: int
    reading_minutes: int
    size: int
    mtime_ns: int
    fingerprint: str  # of the text: tells a note changed since it was read
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    problems: tuple[str, ...] = ()


class NoteUnreadable(Exception):
    """The file cannot be taken as a note at all (binary, unreadable, vanished)."""


def walk_notes(root: Path, folders: dict[str, int] | None = None) -> Iterator[NoteFile]:
    """Every note file under root, in a stable order: a folder's files, then its folders.

    ``folders``, when given, is filled with each folder's modification time (by its
    path relative to root, ``""`` for root itself).
    """
    return (NoteFile(*found) for found in scan_notes(root, folders))


def scan_notes(
    root: Path, folders: dict[str, int] | None = None
) -> Iterator[tuple[str, str, int, int]]:
    """``walk_notes`` as plain tuples (id, location, size, mtime_ns), for the hot path.

    One ``scandir`` per folder and one ``stat`` per note, with plain strings and tuples:
    every ``kbtui index`` pays this walk, and at 100,000 notes each object counts.
    """
    return _walk_folder(os.fspath(root), "", folders)


def _walk_folder(
    folder: str, prefix: str, folders: dict[str, int] | None
) -> Iterator[tuple[str, str, int, int]]:
    try:
        if folders is not None:
            folders[prefix] = os.stat(folder).st_mtime_ns
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return  # unreadable, or removed mid-walk
    subfolders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder:
            if not entry.is_symlink():  # a symlinked folder could loop
                subfolders.append(entry)
            continue
        if not name.lower().endswith(NOTE_SUFFIXES):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # a dangling symlink or a file removed mid-walk
        if S_ISREG(info.st_mode):
            yield prefix + name, entry.path, info.st_size, info.st_mtime_ns
    for entry in subfolders:
        yield from _walk_folder(entry.path, f"{prefix}{entry.name}/", folders)


def read_note_text(path: Path) -> tuple[str, list[str]]:
    """Decode a note file: UTF-8 (BOM allowed), UTF-16 by BOM, bad bytes replaced and reported."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NoteUnreadable(error.strerror or str(error)) from error
    problems: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        if b"\x00" in raw[:8192]:
            raise NoteUnreadable("binary file, not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = raw.decode("utf-8-sig", errors="replace")
            problems.append(f"invalid UTF-8 at byte {error.start}: replaced with U+FFFD")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def load_note(root: Path, file: NoteFile) -> Note:
    """Parse one note file into a Note, with every fallback applied."""
    text, problems = read_note_text(file.path)
    front = split_front_matter(text)
    if front.problem:
        problems.append(front.problem)
    meta = front.fields
    body = front.body

    title = _as_text(meta.get("title")) or first_heading(body) or _title_from_filename(file.path)
    date, date_problem = parse_date(meta.get("date"))
    if date_problem:
        problems.append(date_problem)
    if date is None:
        date = dt.datetime.fromtimestamp(file.mtime_ns / 1e9).replace(microsecond=0)
    categories = _as_list(meta.get("categories")) or _as_list(meta.get("category"))
    if not categories:
        parts = file.id.split("/")
        categories = [parts[0]] if len(parts) > 1 else []
    summary = _as_text(meta.get("summary")) or _as_text(meta.get("description"))
    known = {"title", "date", "category", "categories", "tags", "summary", "description"}
    known |= {"series", "aliases", "draft"}
    stats = reading_stats(body)
    return Note(
        id=file.id,
        path=file.path,
        title=title,
        date=date,
        category=categories[0] if categories else "",
        categories=tuple(categories),
        tags=tuple(_as_list(meta.get("tags"))),
        summary=summary,
        series=_as_text(meta.get("series")),
        aliases=tuple(_as_list(meta.get("aliases"))),
        draft=meta.get("draft") is True or str(meta.get("draft")).lower() == "true",
        body=body,
        excerpt=summary or make_excerpt(body, title=title),
        chars=stats.chars,
        words=stats.words,
        reading_minutes=stats.minutes,
        size=file.size,
        mtime_ns=file.mtime_ns,
        fingerprint=hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"), digest_size=8
        ).hexdigest(),
        extra={key: value for key, value in meta.items() if key not in known},
        problems=tuple(problems),
    )


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def first_heading(body: str) -> str:
    """The first level-1 ATX heading outside fenced code, or ''."""
    for line in lines_outside_code(body):
        if heading := _HEADING.match(line):
            return heading.group(1).strip()
    return ""


def _title_from_filename(path: Path) -> str:
    stem = path.name
    for suffix in NOTE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem.replace("_", " ").replace("-", " ").strip() or path.name


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def _as_list(value: Any) -> list[str]:
    """Tags and categories: a YAML list, or a comma-separated string."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    result: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        text = str(item).strip()
        if text and text not in result:
            result.append(text)
    return result


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
_DATE_FORMATS += ("%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%d %b %Y", "%b %d, %Y")


def parse_date(value: Any) -> tuple[dt.datetime | None, str | None]:
    """A front matter date as a naive datetime (aware ones converted to UTC).

    Returns (None, None) when there is no date, (None, problem) when it cannot be read.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value, None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None
    text = str(value).strip()
    text = text.translate({0xFF10 + d: ord("0") + d for d in range(10)})  # full-width digits
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None, f"date {text!r} is not a date kbtui can read; using the file's time"
    return parse_date(parsed)[0], None
