"""Variant terms that mean the same thing: a reviewed list shipped with kbtui, plus the user's own.

The shipped list is ``kbtui/data/synonyms.yaml``; users add groups under ``synonyms:`` in their
``config.yaml``. A group is a list of terms (or one comma-separated string). How a query word
meets a group:

- a Chinese member is found inside a longer run of Chinese (``梯度弥散问题`` holds ``梯度弥散``)
  and replaced by each other member (``梯度消失问题``); the longest member found wins;
- a Latin member matches a whole query word, case folded (``k8s``, ``K8S``);
- a member of several words (``normalizing flow``) matches those words typed in a row, and the
  query then asks for them as a phrase or any of its variants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from kbtui.errors import KbtuiError

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[str, ...], ...] = ()
    _by_member: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_groups(cls, groups: list[list[str]] | tuple[tuple[str, ...], ...]) -> SynonymTable:
        cleaned: list[tuple[str, ...]] = []
        for group in groups:
            members = tuple(dict.fromkeys(m.strip() for m in group if m and m.strip()))
            if len(members) >= 2:
                cleaned.append(members)
        by_member: dict[str, list[int]] = {}
        for number, members in enumerate(cleaned):
            for member in members:
                by_member.setdefault(member.casefold(), []).append(number)
        table = cls(tuple(cleaned))
        object.__setattr__(table, "_by_member", {k: tuple(v) for k, v in by_member.items()})
        return table

    def is_member(self, text: str) -> bool:
        return text.casefold() in self._by_member

    def variants(self, word: str) -> tuple[str, ...]:
        """The other ways to write ``word`` (not ``word`` itself), in the order of the groups."""
        key = word.casefold()
        found: list[str] = []
        if _HAN.search(word):
            for member, number in self._han_member_in(word):
                start = word.find(member)
                for other in self.groups[number]:
                    if other == member:
                        continue
                    if _HAN.search(other):
                        found.append(word[:start] + other + word[start + len(member) :])
                    elif word == member:  # a Latin variant only for the whole word
                        found.append(other)
        else:
            for number in self._by_member.get(key, ()):
                found.extend(m for m in self.groups[number] if m.casefold() != key)
        return tuple(dict.fromkeys(v for v in found if v.casefold() != key))

    def _han_member_in(self, word: str) -> list[tuple[str, int]]:
        """The longest Chinese member inside word, with each group it belongs to."""
        best = ""
        for member in self._by_member:
            if len(member) > len(best) and _HAN.search(member) and member in word:
                best = member
        if not best:
            return []
        original = next(m for g in self.groups for m in g if m.casefold() == best)
        return [(original, number) for number in self._by_member[best]]


def parse_groups(data: object, source: str) -> list[list[str]]:
    """Groups from YAML data: a list whose items are lists of terms or comma-separated strings."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise KbtuiError(f"{source}: synonyms must be a list of groups")
    groups: list[list[str]] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, str):
            members = item.replace("，", ",").split(",")
        elif isinstance(item, list) and all(isinstance(m, str | int | float) for m in item):
            members = [str(m) for m in item]
        else:
            raise KbtuiError(
                f"{source}: synonyms group {number} must be a list of terms or 'a, b, c'"
            )
        groups.append([m.strip() for m in members if m.strip()])
    return groups


@cache
def bundled_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("kbtui").joinpath("data/synonyms.yaml").read_text(encoding="utf-8")
    return tuple(tuple(g) for g in parse_groups(yaml.safe_load(text), "bundled synonyms"))


def load_synonyms(extra: list[list[str]] | tuple[tuple[str, ...], ...] = ()) -> SynonymTable:
    """The shipped groups and the user's (``extra``, usually from the config file)."""
    return SynonymTable.from_groups([*bundled_groups(), *extra])
