"""The words that make a query a question: a reviewed list shipped with kbtui.

The list is ``kbtui/search/data/question_words.txt`` (its header says what qualifies and what
each section does); ``kbtui.search.query`` reads a query with it. Plain text, read once per
process, so that a search imports nothing to read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SECTION = re.compile(r"\[([a-z]+)\]")
SECTIONS = ("cut", "leading", "trailing", "alone", "joiners", "compare", "english")


@dataclass(frozen=True)
class QuestionWords:
    cut: tuple[str, ...]  # Chinese, cut out of a run of Chinese wherever found
    leading: frozenset[str]  # characters dropped from the start of what a cut leaves
    trailing: frozenset[str]  # characters dropped from its end
    alone: frozenset[str]  # Chinese characters that need not match when typed alone
    joiners: frozenset[str]  # in a comparison, separate the two things compared
    compare: tuple[str, ...]  # words that make a query a comparison
    english: frozenset[str]  # whole English words that need not match, case folded

    @property
    def cut_pattern(self) -> re.Pattern[str]:
        """The cut words, longest first, so the longest found at each place is cut."""
        return re.compile("|".join(map(re.escape, sorted(self.cut, key=len, reverse=True))))


def parse_question_words(text: str) -> QuestionWords:
    """The sections of the list's text; a word before any section, or an unknown section, is a
    mistake in the shipped file and raises ValueError (a test reads the file)."""
    words: dict[str, list[str]] = {name: [] for name in SECTIONS}
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if heading := _SECTION.fullmatch(line):
            section = heading.group(1)
            if section not in words:
                raise ValueError(f"line {number}: unknown section [{section}]")
            continue
        if section is None:
            raise ValueError(f"line {number}: words before the first [section]")
        words[section].extend(line.split())
    return QuestionWords(
        cut=tuple(dict.fromkeys(words["cut"])),
        leading=frozenset(words["leading"]),
        trailing=frozenset(words["trailing"]),
        alone=frozenset(words["alone"]),
        joiners=frozenset(words["joiners"]),
        compare=tuple(words["compare"]),
        english=frozenset(word.casefold() for word in words["english"]),
    )


@cache
def question_words() -> QuestionWords:
    """The shipped list, read on first use."""
    data = resources.files("kbtui.search").joinpath("data/question_words.txt")
    return parse_question_words(data.read_text(encoding="utf-8"))
