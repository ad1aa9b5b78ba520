"""Split a note into YAML front matter and body, leniently.

A front matter block is a ``---`` line at the very top, YAML, and a closing
``---`` (or ``...``) line. Anything wrong with it is reported as a problem and
the note keeps its body: a broken header never loses a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_OPENER = "---"
_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line number of the body's first line in the file
    problem: str | None = None


def split_front_matter(text: str) -> FrontMatter:
    """Separate the front matter mapping from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _OPENER:
        return FrontMatter(body=text)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSERS:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            fields, problem = _parse_yaml(header)
            return FrontMatter(fields=fields, body=body, body_line=index + 2, problem=problem)
    return FrontMatter(body=text, problem="line 1: front matter opened with --- is never closed")


def _parse_yaml(header: str) -> tuple[dict[str, Any], str | None]:
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        reason = getattr(error, "problem", None) or "not valid YAML"
        return {}, f"{line}front matter is not valid YAML ({reason})"
    except ValueError as error:  # e.g. a date YAML accepts but datetime rejects
        return {}, f"front matter has a value Python rejects ({error})"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"front matter is a {type(data).__name__}, not a mapping of keys to values"
    return {str(key): value for key, value in data.items()}, None
