"""A note prepared for reading: safe Markdown, its links, and where they lead.

The viewer shows Markdown, but never the note's raw bytes: control characters
are removed, display formulas become fenced ``math`` blocks (so they keep
their lines and are not reflowed as prose), and images become their alt text
and path, since a terminal cannot show them.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from dataclasses import dataclass

from kbtui.corpus.markdown import lines_outside_code
from kbtui.corpus.safety import terminal_safe

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # as written in the note

    @property
    def external(self) -> bool:
        return bool(_EXTERNAL.match(self.target))


def display_markdown(body: str) -> str:
    """The Markdown the viewer renders for a note body."""
    out: list[str] = []
    fence: str | None = None
    in_math = False
    for line in terminal_safe(body).split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if match and match.group(1).startswith(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)[0] * len(match.group(1))
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


def note_links(body: str) -> list[Link]:
    """Every link in a note's prose (not in code), in order, without repeats."""
    links: list[Link] = []
    for line in lines_outside_code(body):
        for found in _LINK.finditer(line):
            link = Link(terminal_safe(found.group(1), keep_newlines=False), found.group(2))
            if link not in links:
                links.append(link)
    return links


def resolve_link(from_note_id: str, target: str) -> tuple[str, str] | None:
    """The (note id, anchor) a relative link leads to, or None for an external link."""
    if _EXTERNAL.match(target):
        return None
    path, _, anchor = target.partition("#")
    if not path:
        return from_note_id, anchor
    path = urllib.parse.unquote(path)
    base = posixpath.dirname(from_note_id)
    joined = (
        posixpath.normpath(posixpath.join(base, path)) if not path.startswith("/") else path[1:]
    )
    if joined.startswith("../") or joined == "..":
        return None
    return joined, anchor
