"""Make untrusted text safe to show in a terminal.

Notes, file names, front matter values and queries are untrusted: they may
hold escape sequences (CSI colours, OSC window titles, OSC 8 links, OSC 52
clipboard writes), other C0/C1 control characters, or bidi overrides that
reorder what the reader sees. Everything kbtui shows passes through
``terminal_safe``; styling is applied afterwards by kbtui itself, so note text
is never read as Rich markup either.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding/override/isolate
# characters, and lone surrogates (bytes that were not UTF-8, as Python decodes a command
# line or a file name: no terminal can be sent them).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]+")
_PATH_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A whole escape sequence, so its printable tail ("]0;title") does not survive as junk.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
)


def terminal_safe(text: str, keep_newlines: bool = True) -> str:
    """Text with every escape sequence and control character removed."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _UNSAFE.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


# What json.dumps leaves raw with ensure_ascii off that could still act on a terminal (C0
# controls it always escapes) or break a line in a JavaScript reader.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(dumped: str) -> str:
    """JSON text whose strings keep every character, but with those that could act on a
    terminal written as ``\\uXXXX`` escapes: the data is exact, the bytes are harmless."""
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def shown_path(text: str) -> str:
    """A note's id as drawn, on one line and exact to the eye: its spaces as they are (two in
    a row, or an ideographic one, are part of the id a user copies), bytes that are not UTF-8
    as ``\\xff``, and a control or bidi character a file name may hold as its escape
    (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``), never as itself."""
    return _PATH_UNSAFE.sub(lambda match: ascii(match.group())[1:-1], with_bytes_shown(text))


def without_surrogates(text: str) -> tuple[str, bool]:
    """Text with each run of lone surrogates as a space (they are no characters: the index,
    the terminal and UTF-8 all refuse them), and whether there were any."""
    cleaned = _SURROGATES.sub(" ", text)
    return cleaned, cleaned != text


def with_bytes_shown(text: str) -> str:
    """Text a user gave, with bytes that were not UTF-8 written as ``\\xff``, for messages
    that quote it (dropped, they would quote nothing)."""

    def shown(match: re.Match[str]) -> str:
        return "".join(
            f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"\\u{ord(c):04x}"
            for c in match.group()
        )

    return _SURROGATES.sub(shown, text)


def one_line(text: str) -> str:
    """Safe text folded onto one line, as titles, ids and snippets are shown."""
    return " ".join(terminal_safe(text, keep_newlines=False).split())
