"""Split a note into front matter and body, leniently.

Front matter is YAML between ``---`` lines (closed by ``---`` or ``...``), or
TOML between ``+++`` lines (as Hugo writes it), at the top of the note; blank
lines before it are allowed. Anything wrong with it is reported as a problem
(with the line it is on) and the note keeps its body and whatever fields could
be read: a broken header never loses a note.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

_YAML_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line number of the body's first line in the file
    problem: str | None = None


class _DatesAsText(yaml.SafeLoader):
    """A safe loader that leaves timestamps as text, for dates Python's datetime rejects."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> FrontMatter:
    """Separate the front matter mapping from the Markdown body."""
    lines = text.split("\n")
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines):
        return FrontMatter(body=text)
    opener = lines[first].rstrip()
    if opener not in ("---", "+++"):
        return FrontMatter(body=text)
    closers = _YAML_CLOSERS if opener == "---" else ("+++",)
    for index in range(first + 1, len(lines)):
        if lines[index].rstrip() in closers:
            header = "\n".join(lines[first + 1 : index])
            body = "\n".join(lines[index + 1 :])
            parse = _parse_yaml if opener == "---" else _parse_toml
            fields, problem = parse(header, first_line=first + 2)
            return FrontMatter(fields=fields, body=body, body_line=index + 2, problem=problem)
    return FrontMatter(
        body=text, problem=f"line {first + 1}: front matter opened with {opener} is never closed"
    )


# libyaml's C parser when PyYAML was built with it (the wheels are): the same safe loading,
# about ten times faster, which is most of the time spent indexing a note.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(header: str, first_line: int) -> tuple[dict[str, Any], str | None]:
    try:
        data = yaml.load(header, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + first_line}: " if mark is not None else ""
        reason = getattr(error, "problem", None) or "not valid YAML"
        return {}, f"{line}front matter is not valid YAML ({reason})"
    except ValueError:
        # YAML accepted a timestamp that datetime rejects (2023-02-30, 2023-02-0 20:16:01):
        # read the dates as text so the other fields survive, and let the date fallback report it.
        try:
            data = yaml.load(header, Loader=_DatesAsText)  # noqa: S506 (a SafeLoader subclass)
        except (yaml.YAMLError, ValueError) as error:
            return {}, f"front matter could not be read ({error})"
    return _as_mapping(data)


def _parse_toml(header: str, first_line: int) -> tuple[dict[str, Any], str | None]:
    try:
        data = tomllib.loads(header)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        where = f"line {int(found.group(1)) + first_line - 1}: " if found else ""
        reason = re.sub(r"\s*\(at line .*\)$", "", str(error)) or "not valid TOML"
        return {}, f"{where}front matter is not valid TOML ({reason})"
    return _as_mapping(data)


def _as_mapping(data: Any) -> tuple[dict[str, Any], str | None]:
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"front matter is a {type(data).__name__}, not a mapping of keys to values"
    return {str(key): value for key, value in data.items()}, None
