"""Variant terms that mean the same thing: a reviewed list shipped with kbtui, plus the user's own.

The shipped list is ``kbtui/search/data/synonyms.txt``; users add groups under ``synonyms:`` in
their ``config.yaml``. A group is a list of terms (or one comma-separated string). How a query word
meets a group:

- a Chinese member is found inside a longer run of Chinese (``梯度弥散问题`` holds ``梯度弥散``)
  and replaced by each other member (``梯度消失问题``); the longest member found wins;
- a Latin member matches a whole query word, case folded (``k8s``, ``K8S``);
- a member of several words (``normalizing flow``) matches those words typed in a row, and the
  query then asks for them as a phrase or any of its variants.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from kbtui.corpus.han import HAN
from kbtui.errors import KbtuiError


class SynonymTable:
    """Groups of interchangeable terms, looked up by member."""

    def __init__(self, groups: list[list[str]] | tuple[tuple[str, ...], ...] = ()) -> None:
        self.groups: list[tuple[str, ...]] = []
        self._latin: dict[str, list[int]] = {}  # case-folded member -> its groups
        self._han: dict[str, list[int]] = {}  # member with Chinese in it -> its groups
        for group in groups:
            members = tuple(dict.fromkeys(m.strip() for m in group if m and m.strip()))
            if len(members) < 2:
                continue  # a group of one is no group
            number = len(self.groups)
            for member in members:
                if HAN.search(member):
                    self._han.setdefault(member, []).append(number)
                else:
                    self._latin.setdefault(member.casefold(), []).append(number)
            self.groups.append(members)

    def is_member(self, text: str) -> bool:
        return text.casefold() in self._latin or text in self._han

    def variants(self, word: str) -> tuple[str, ...]:
        """The other ways to write ``word`` (not ``word`` itself), in the order of the groups."""
        found: list[str] = []
        if HAN.search(word):
            inside = [member for member in self._han if member in word]
            if inside:
                member = max(inside, key=len)  # 误差反向传播 before 反向传播
                start = word.find(member)
                for number in self._han[member]:
                    for other in self.groups[number]:
                        if HAN.search(other):
                            found.append(word[:start] + other + word[start + len(member) :])
                        elif word == member:  # a Latin variant only for the whole word
                            found.append(other)
        else:
            for number in self._latin.get(word.casefold(), ()):
                found.extend(self.groups[number])
        return tuple(dict.fromkeys(v for v in found if v.casefold() != word.casefold()))


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
    """The shipped groups: one per line of ``data/synonyms.txt``, members split by commas.

    Plain text rather than YAML so that a search does not import PyYAML (30 ms).
    """
    text = resources.files("kbtui.search").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return tuple(tuple(g) for g in parse_groups([line for line in lines if line], "bundled"))


def load_synonyms(extra: list[list[str]] | tuple[tuple[str, ...], ...] = ()) -> SynonymTable:
    """The shipped groups and the user's (``extra``, usually from the config file)."""
    return SynonymTable([*bundled_groups(), *extra])
