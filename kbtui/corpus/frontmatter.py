"""Split a note into front matter and body, leniently.

Front matter is YAML between ``---`` lines (closed by ``---`` or ``...``), or
TOML between ``+++`` lines (as Hugo writes it), at the top of the note; blank
lines before it are allowed. Anything wrong with it is reported as a problem
(with the line it is on) and the note keeps its body and whatever fields could
be read: a broken header never loses a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

_YAML_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line number of the body's first line in the file
    problem: str | None = None


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


@cache
def _yaml_loaders() -> tuple[type, type]:
    """PyYAML's fastest safe loader, and a safe loader that leaves timestamps as text.

    Imported on first use: a search that does not read notes never pays for PyYAML.
    libyaml's C parser (in PyYAML's wheels) loads the same way, about ten times faster.
    """
    import yaml

    class DatesAsText(yaml.SafeLoader):
        """For dates Python's datetime rejects."""

    DatesAsText.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader), DatesAsText


def load_yaml(text: str) -> Any:
    """YAML text through the safe loader (errors are PyYAML's)."""
    import yaml

    return yaml.load(text, Loader=_yaml_loaders()[0])  # noqa: S506 (a safe loader)


def _parse_yaml(header: str, first_line: int) -> tuple[dict[str, Any], str | None]:
    import yaml

    try:
        data = load_yaml(header)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + first_line}: " if mark is not None else ""
        reason = getattr(error, "problem", None) or "not valid YAML"
        return {}, f"{line}front matter is not valid YAML ({reason})"
    except ValueError:
        # YAML accepted a timestamp that datetime rejects (2023-02-30, 2023-02-0 20:16:01):
        # read the dates as text so the other fields survive, and let the date fallback report it.
        try:
            data = yaml.load(header, Loader=_yaml_loaders()[1])  # noqa: S506 (a SafeLoader subclass)
        except (yaml.YAMLError, ValueError) as error:
            return {}, f"front matter could not be read ({error})"
    return _as_mapping(data)


def _parse_toml(header: str, first_line: int) -> tuple[dict[str, Any], str | None]:
    import tomllib

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
