"""The one reading of a note's Markdown: which lines are code, math, headings or prose.

The feed excerpt, the search index, a note's title and its links read notes through
``iter_blocks``, ``inline_text`` and the fence rule (``fence_marker``, ``closes_fence``), so
they agree on what a code block or a formula is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["text", "heading", "code", "math"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # a heading's level, 1 to 6


_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+")
_LIST_STARTS = frozenset("-*+0123456789")
_MATH_CLOSERS = {"$$": "$$", "\\[": "\\]"}  # display formula: how it opens -> how it closes


def iter_blocks(body: str) -> Iterator[Block]:
    """Split a Markdown body into prose lines, headings, code blocks and display formulas."""
    if "<!--" in body:
        body = _HTML_COMMENT.sub("", body)
    lines = body.split("\n")
    index = 0
    previous_blank = True
    in_list = False
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        marker = fence_marker(line) if "``" in line or "~~" in line else None
        if marker:
            code, index = _take_until(lines, index + 1, lambda s, m=marker: closes_fence(s, m))
            yield Block("code", "\n".join(code))
            previous_blank = False
            continue
        if stripped[:2] in _MATH_CLOSERS:
            closer, rest = _MATH_CLOSERS[stripped[:2]], stripped[2:]
            if closer in rest:
                yield Block("math", rest[: rest.index(closer)].strip())
                index += 1
            else:
                formula, index = _take_until(lines, index + 1, lambda s, c=closer: c in s)
                yield Block("math", "\n".join([rest, *formula]).strip())
            previous_blank = False
            continue
        if not stripped:
            previous_blank = True
            index += 1
            continue
        if previous_blank and not in_list and (line.startswith("    ") or line.startswith("\t")):
            code = []
            while index < len(lines) and (
                lines[index].startswith(("    ", "\t")) or not lines[index].strip()
            ):
                code.append(lines[index])
                index += 1
            yield Block("code", "\n".join(code).rstrip())
            previous_blank = True
            continue
        heading = _HEADING.match(line) if stripped[0] == "#" else None
        if heading:
            yield Block("heading", heading.group(2), len(heading.group(1)))
        elif not _is_rule(line, stripped):
            yield Block("text", _strip_line_syntax(line))
        if not line.startswith((" ", "\t")):
            in_list = stripped[0] in _LIST_STARTS and bool(_LIST_ITEM.match(line))
        previous_blank = False
        index += 1


def _is_rule(line: str, stripped: str) -> bool:
    """A thematic break, a setext underline or a table's header rule (cheap checks first)."""
    if stripped[0] in "*-_=" and (_THEMATIC.match(line) or _SETEXT_RULE.match(line)):
        return True
    return "--" in stripped and bool(_TABLE_RULE.match(line))


def fence_marker(line: str) -> str | None:
    """The marker (```` ``` ````, ``~~~``...) when the line opens a fenced code block, else None.

    A backtick fence cannot have a backtick in its info string (```` ```a`b ```` is inline code).
    """
    fence = _FENCE.match(line)
    if fence is None or (fence.group(2)[0] == "`" and "`" in fence.group(3)):
        return None
    return fence.group(2)


def closes_fence(line: str, marker: str) -> bool:
    """Whether the line closes a block opened by ``marker``: the same character, at least as
    many, and nothing else on the line."""
    stripped = line.strip()
    return stripped.startswith(marker) and stripped.strip(marker[0]) == ""


def lines_outside_code(body: str) -> Iterator[str]:
    """Each line of a Markdown body that is not inside a fenced code block (nor a fence line)."""
    fence: str | None = None
    for line in body.split("\n"):
        if fence is None:
            fence = fence_marker(line)
            if fence is None:
                yield line
        elif closes_fence(line, fence):
            fence = None


def _take_until(lines: list[str], start: int, closes) -> tuple[list[str], int]:
    """Lines from start up to (not including) the closing line; returns the index after it."""
    taken = []
    index = start
    while index < len(lines):
        if closes(lines[index]):
            last = lines[index]
            if "$$" in last and not last.strip().startswith("$$"):
                taken.append(last[: last.index("$$")])
            elif "\\]" in last and not last.strip().startswith("\\]"):
                taken.append(last[: last.index("\\]")])
            return taken, index + 1
        taken.append(lines[index])
        index += 1
    return taken, index


def _strip_line_syntax(line: str) -> str:
    line = line.strip()
    while line.startswith(">"):
        line = line[1:].lstrip()
    if line[:1] in _LIST_STARTS:
        line = _LIST_ITEM.sub("", line)
    if line.startswith("["):
        line = _TASK_BOX.sub("", line)
    if line.startswith("|") or line.endswith("|"):
        line = " ".join(cell.strip() for cell in line.strip("|").split("|"))
    return line


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\d)|\\\((.+?)\\\)")
_SYNTAX_CHARS = re.compile(r"[\x00\[<`$\\*]|__|~~")
_KEPT_CODE = re.compile(r"\x00([0-9]+)\x00")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)")


def inline_text(text: str, math: str | None = None, images: bool = False) -> str:
    """Remove inline Markdown syntax from one line of prose.

    ``math`` replaces each inline formula (e.g. ``[Math]``); None keeps its source.
    ``images`` keeps an image's alt text; by default an image becomes nothing.
    Each pattern runs only when the line holds the character it starts with: most
    lines of prose hold none, and this is the hot loop of indexing.
    """
    if not _SYNTAX_CHARS.search(text):
        return text
    text = text.replace("\x00", "")  # NUL marks the code spans kept aside below
    if "[" in text:
        if "![" in text:
            text = _IMAGE.sub(lambda m: m.group(1) if images else "", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    code_spans: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        code_spans.append(match.group(2).strip())
        return f"\x00{len(code_spans) - 1}\x00"

    if "`" in text:
        text = _INLINE_CODE.sub(keep_code, text)
    if "$" in text or "\\(" in text:
        text = _INLINE_MATH.sub(
            lambda m: math if math is not None else (m.group(1) or m.group(2)), text
        )
    if "*" in text or "__" in text or "~~" in text:  # a lone _ (snake_case) is no emphasis
        for _ in range(2):
            text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    if code_spans:
        text = _KEPT_CODE.sub(lambda m: code_spans[int(m.group(1))], text)
    return text


def to_plain_text(body: str) -> str:
    """The searchable text of a note: prose without syntax, code and formulas kept as source."""
    parts = []
    for block in iter_blocks(body):
        if block.kind in ("code", "math"):
            parts.append(block.text)
        else:
            parts.append(inline_text(block.text, images=True))
    return "\n".join(part for part in parts if part)
