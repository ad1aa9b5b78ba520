"""A note: its front matter read with every fallback, and the Note model the index is built from.

What a missing value falls back to: the title to a ``# `` heading that is the note's first
heading, then the file name; the date to the note's last commit when git has its history
(``git_dates``), then to the file's modification time; the category to the note's first folder
that names a topic (``folder_category``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbtui.corpus.document import Document, Heading, Link
from kbtui.corpus.excerpt import make_excerpt
from kbtui.corpus.files import NOTE_SUFFIXES, NoteFile, NoteUnreadable, read_note_text
from kbtui.corpus.frontmatter import split_front_matter
from kbtui.corpus.git_dates import NoteHistory
from kbtui.corpus.han import HAN
from kbtui.corpus.markdown import read_document
from kbtui.corpus.plain import document_text
from kbtui.errors import KbtuiError


@dataclass(frozen=True)
class Note:
    id: str
    path: Path
    title: str
    date: dt.datetime
    date_source: str  # which rule gave the date: FRONT_MATTER, GIT or FILE_TIME
    created: dt.datetime  # the note's first commit, else its date
    category: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    series: str
    aliases: tuple[str, ...]
    body: str
    text: str  # what search reads: prose without syntax, code and formulas as source
    excerpt: str
    chars: int
    words: int
    minutes_to_read: int
    size: int
    mtime_ns: int
    fingerprint: str  # of the text: tells a note changed since it was read
    problems: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()  # those that may lead to a note: no web addresses


# Which rule gave a note its date (its ``date_source``), in the order they are tried.
FRONT_MATTER, GIT, FILE_TIME = "front matter", "git", "file time"


def load_note(root: Path, file: NoteFile, history: NoteHistory | None = None) -> Note:
    """Parse one note file into a Note, with every fallback applied; ``history`` is what
    git knows of it, if anything."""
    text, problems = read_note_text(file.path)
    front = split_front_matter(text)
    if front.problem:
        problems.append(front.problem)
    meta = front.fields
    body = front.body
    document = read_document(body)

    title = (
        _as_text(meta.get("title")) or first_heading(document) or _title_from_filename(file.path)
    )
    date, date_problem = parse_date(meta.get("date"))
    if date is not None and not EARLIEST_DATE <= date <= LATEST_DATE:
        date_problem = (
            f"date {date.date().isoformat()} is outside {EARLIEST_DATE.year}-"
            f"{LATEST_DATE.year} (the index cannot hold it)"
        )
        date = None
    date_source = FRONT_MATTER
    if date is None and history is not None and history.updated is not None:
        date, date_source = _local_time(history.updated * 10**9), GIT
    elif date is None:
        date, date_source = _local_time(file.mtime_ns), FILE_TIME
    if date_problem:
        fallback = "its last commit's date" if date_source == GIT else "the file's time"
        problems.append(f"{date_problem}; using {fallback}")
    created = _local_time(history.created * 10**9) if history is not None else date
    categories = _as_list(meta.get("categories")) or _as_list(meta.get("category"))
    if not categories:
        categories = [folder] if (folder := folder_category(file.id)) else []
    summary = _as_text(meta.get("summary")) or _as_text(meta.get("description"))
    length = text_length(body)
    return Note(
        id=file.id,
        path=file.path,
        title=title,
        date=date,
        date_source=date_source,
        created=created,
        category=categories[0] if categories else "",
        categories=tuple(categories),
        tags=tuple(_as_list(meta.get("tags"))),
        summary=summary,
        series=_as_text(meta.get("series")),
        aliases=tuple(_as_list(meta.get("aliases"))),
        body=body,
        text=document_text(document),
        excerpt=summary or make_excerpt(document, title=title),
        chars=length.chars,
        words=length.words,
        minutes_to_read=length.minutes,
        size=file.size,
        mtime_ns=file.mtime_ns,
        fingerprint=hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"), digest_size=8
        ).hexdigest(),
        problems=tuple(problems),
        links=tuple(link for link in document.links if not link.external),
    )


def first_heading(document: Document) -> str:
    """The note's first heading when it is of level 1 (not one inside a list or a quote),
    else '': an ``# References`` after ten ``##`` sections is no title."""
    for block in document.blocks:
        if isinstance(block, Heading):
            return " ".join(block.text.split()) if block.level == 1 else ""
    return ""


# Folders that say what language or what kind of file is inside, not what a note is about: a
# vault's ``en/`` and ``zh/`` halves, a site's ``docs/`` or ``content/``.
_NOT_A_TOPIC_WORDS = (
    "en en-us en-gb english zh zh-cn zh-hans zh-tw zh-hant cn chinese 中文 英文 ja jp ko kr "
    "fr de es ru pt it docs doc notes note content contents src source pages posts _posts "
    "wiki vault"
)
_NOT_A_TOPIC = frozenset(_NOT_A_TOPIC_WORDS.split())


def folder_category(note_id: str) -> str:
    """A note's category from its folders: the top one, unless it names a language or a kind
    of file (``en/``, ``zh/``, ``docs/``) and a deeper folder says more (``zh/网络/tcp.md`` is
    in 网络; ``zh/tcp.md`` in zh). A note at the root has none."""
    folders = note_id.split("/")[:-1]
    for folder in folders:
        if folder.casefold() not in _NOT_A_TOPIC:
            return folder
    return folders[0] if folders else ""


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


# The index keeps dates as nanoseconds since 1970 in 64 bits: 1677-09-22 to 2262-04-11.
EARLIEST_DATE = dt.datetime(1678, 1, 1)
LATEST_DATE = dt.datetime(2262, 1, 1)


def _local_time(nanoseconds: int) -> dt.datetime:
    """A file's modification time or a commit's, held inside the range the index can keep
    (a file touched to the year 2300, or to before 1970 on some systems, still indexes)."""
    seconds = nanoseconds / 1e9
    earliest, latest = EARLIEST_DATE.timestamp(), LATEST_DATE.timestamp()
    return dt.datetime.fromtimestamp(min(max(seconds, earliest), latest)).replace(microsecond=0)


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
        return None, f"date {text!r} is not a date kbtui can read"
    return parse_date(parsed)[0], None


def read_note_body(root: Path, note_id: str, with_front_matter: bool = False) -> str:
    """A note's Markdown as it is on disk now (without its front matter unless asked)."""
    try:
        text, _ = read_note_text(root / note_id)
    except NoteUnreadable as error:
        raise KbtuiError(f"cannot read {note_id}: {error}") from error
    return text if with_front_matter else split_front_matter(text).body


_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_HAN_RUN = re.compile(HAN.pattern + "+")


@dataclass(frozen=True)
class TextLength:
    chars: int  # Chinese characters
    words: int  # Latin words and numbers
    minutes: int  # to read it


def text_length(body: str) -> TextLength:
    """Length and time to read: about 400 Chinese characters or 200 English words a minute."""
    chars = sum(map(len, _HAN_RUN.findall(body)))  # runs: far fewer matches than characters
    words = len(_LATIN_WORD.findall(body))
    minutes = max(1, math.ceil(chars / 400 + words / 200)) if chars or words else 0
    return TextLength(chars, words, minutes)
