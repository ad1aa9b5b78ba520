"""Snippets: the best short window of a note's text, with the query's words marked.

Matching follows the index's rules, on characters rather than bytes, so a
Chinese character is never cut in half:
- a Chinese query word marks exactly its characters where they stand together;
- a Latin word marks a whole word, or an identifier part (``flash`` marks the
  ``Flash`` of ``FlashAttention``, ``mamba`` the ``Mamba`` of ``Mamba2``), case
  folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbtui.corpus.cells import cell_width
from kbtui.corpus.han import HAN_CHARS

SNIPPET_CELLS = 150  # about two lines of an 80-column terminal
_LEAD_CELLS = 24  # context kept before the first match
_UNIT = re.compile(rf"[{HAN_CHARS}]+|[A-Za-z0-9]+")


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...] = ()  # character offsets into text, sorted, disjoint


def query_units(terms: tuple[str, ...] | list[str]) -> list[str]:
    """The pieces of the query words that can be found in text: Chinese runs and Latin words."""
    units: list[str] = []
    for term in terms:
        for unit in _UNIT.findall(term):
            unit = unit.lower()
            if unit not in units:
                units.append(unit)
    return units


def find_matches(
    text: str, units: list[str], prefixes: tuple[str, ...] | list[str] = ()
) -> list[tuple[int, int, int]]:
    """Every (start, end, unit number) where a unit matches in text, sorted by start.

    A unit listed in ``prefixes`` also matches the start of a longer word part (``mam`` marks
    the ``Mamba`` of ``Mamba2``).
    """
    matches = []
    folded_prefixes = {prefix.lower() for prefix in prefixes}
    for number, unit in enumerate(units):
        if unit.isascii():
            rest_of_word = "[a-z]*" if unit in folded_prefixes else ""
            pattern = re.compile(f"(?i:{re.escape(unit)}){rest_of_word}")
            for found in pattern.finditer(text):
                if _part_boundary(text, found.start()) and _part_boundary(text, found.end()):
                    matches.append((found.start(), found.end(), number))
        else:
            start = text.find(unit)
            while start != -1:
                matches.append((start, start + len(unit), number))
                start = text.find(unit, start + len(unit))
    matches.sort()
    return _disjoint(matches)


def _part_boundary(text: str, position: int) -> bool:
    """Whether an identifier part may start or end at position (between two characters)."""
    if position == 0 or position == len(text):
        return True
    before, after = text[position - 1], text[position]
    if not (before.isascii() and before.isalnum()) or not (after.isascii() and after.isalnum()):
        return True
    if before.isdigit() != after.isdigit():
        return True
    return before.islower() and after.isupper()


def _disjoint(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    result: list[tuple[int, int, int]] = []
    for match in matches:
        if result and match[0] < result[-1][1]:
            if match[1] > result[-1][1]:
                result[-1] = (result[-1][0], match[1], result[-1][2])
            continue
        result.append(match)
    return result


def make_snippet(
    text: str,
    terms: tuple[str, ...] | list[str],
    cells: int = SNIPPET_CELLS,
    prefixes: tuple[str, ...] | list[str] = (),
) -> Snippet:
    """The window of text with the most distinct query words, as one line."""
    units = query_units(terms)
    matches = find_matches(text, units, prefixes)
    if not matches:
        return _window(text, 0, cells, [])
    best_start, best_score = 0, (-1, -1)
    start = end = used = 0  # the window [start, end) and its cells, slid from anchor to anchor
    for number, anchor in enumerate(matches[:400]):
        if number >= 40 and best_score[0] == len(units):
            break  # every word is in a window already: a later one can only hold more repeats
        previous, start = start, _back_off(text, anchor[0])
        if number == 0 or not previous <= start <= end:
            end, used = start, 0
        else:
            used -= sum(_cells(text[i]) for i in range(previous, start))
        end, used = _extend(text, end, used, cells)
        inside = [m for m in matches if m[0] >= start and m[1] <= end]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    return _window(text, best_start, cells, matches)


def _back_off(text: str, anchor: int) -> int:
    """Start a little before the anchor, on a word boundary if one is near."""
    start, used = anchor, 0
    while start > 0 and used < _LEAD_CELLS:
        if text[start - 1] == "\n":
            break
        start -= 1
        used += cell_width(text[start])
    if 0 < start < anchor and text[start - 1].isalnum() and text[start].isalnum():
        space = text.find(" ", start, anchor)
        start = space + 1 if space != -1 else start
    return start


def _cells(char: str) -> int:
    return 1 if char.isspace() else cell_width(char)


def _advance(text: str, start: int, cells: int) -> int:
    """Where a window of ``cells`` terminal cells that begins at ``start`` ends."""
    return _extend(text, start, 0, cells)[0]


def _extend(text: str, end: int, used: int, cells: int) -> tuple[int, int]:
    """Grow a window that ends at ``end`` and fills ``used`` cells until it fills ``cells``."""
    while end < len(text) and used < cells:
        used += _cells(text[end])
        end += 1
    return end, used


def _window(text: str, start: int, cells: int, matches: list[tuple[int, int, int]]) -> Snippet:
    """Cut text[start:...] to the cell budget, fold white space, and keep the marks in place."""
    end = _advance(text, start, cells)
    out: list[str] = []
    new_position: dict[int, int] = {}
    previous_space = True
    for index in range(start, end):
        char = text[index]
        new_position[index] = len(out)
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
            continue
        out.append(char)
        previous_space = False
    new_position[end] = len(out)
    body = "".join(out).rstrip()
    spans = []
    for match_start, match_end, _ in matches:
        if match_start >= start and match_end <= end:
            spans.append((new_position[match_start], min(new_position[match_end], len(body))))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) and text[end:].strip() else ""
    shift = len(prefix)
    return Snippet(prefix + body + suffix, tuple((a + shift, b + shift) for a, b in spans if b > a))
