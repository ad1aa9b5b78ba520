"""A note body prepared for a terminal's Markdown renderer (the app's article viewer).

The viewer shows Markdown, but never the note's raw bytes: control characters are removed,
display formulas become fenced ``math`` blocks (so they keep their lines and are not reflowed
as prose), and images become their alt text and path, since a terminal cannot show them.
Code blocks pass through untouched, found by the corpus's one fence rule.
"""

from __future__ import annotations

import re

from kbtui.corpus.safety import terminal_safe

_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})(.*)$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def display_markdown(body: str) -> str:
    """The Markdown the viewer renders for a note body."""
    out: list[str] = []
    fence: str | None = None
    in_math = False
    for line in terminal_safe(body).split("\n"):
        if fence is not None:
            out.append(line)
            if closes_fence(line, fence):
                fence = None
            continue
        if fence := fence_marker(line):
            out.append(line)
            continue
        stripped = line.strip()
        if in_math:
            if stripped.endswith("$$") or stripped.endswith("\\]"):
                last = stripped[:-2].rstrip()
                if last:
                    out.append(last)
                out.append("```")
                in_math = False
            else:
                out.append(line)
            continue
        if stripped.startswith(("$$", "\\[")):
            inner = stripped[2:]
            closer = "$$" if stripped.startswith("$$") else "\\]"
            out.append("```math")
            if inner.endswith(closer):
                out.extend([inner[:-2].strip(), "```"])
            else:
                if inner.strip():
                    out.append(inner.strip())
                in_math = True
            continue
        out.append(_IMAGE.sub(_image_as_text, line))
    if in_math or fence is not None:
        out.append("```")
    return "\n".join(out)


def _image_as_text(match: re.Match[str]) -> str:
    alt, path = match.group(1).strip(), match.group(2).strip()
    return f"`[图片: {alt or '无说明'} · {path}]`" if path else f"`[图片: {alt}]`"


def fence_marker(line: str) -> str | None:
    """The marker when the line opens a fenced code block (no backtick in a backtick fence's
    info string), else None."""
    fence = _FENCE.match(line)
    if fence is None or (fence.group(2)[0] == "`" and "`" in fence.group(3)):
        return None
    return fence.group(2)


def closes_fence(line: str, marker: str) -> bool:
    """Whether the line closes a block opened by ``marker``."""
    stripped = line.strip()
    return stripped.startswith(marker) and stripped.strip(marker[0]) == ""
