"""The line breaker: its rules on real sentences, and its properties on any text."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from kbtui.corpus.cells import text_cells
from kbtui.present.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    line_starts,
    may_break_before,
    wrap_text,
)


def lines_of(text: str, width: int) -> list[str]:
    return [line.plain for line in wrap_text(Text(text), width)]


def test_a_mixed_paragraph_fills_each_line():
    text = (
        "FlashAttention（Dao et al., 2022）没有改变注意力的数学定义，"
        "它改变的是计算顺序：分块读入 Q、K、V。"
    )
    lines = lines_of(text, 30)
    assert lines[0] == "FlashAttention（Dao et al.,"  # 27 cells: "2022）没" would not fit
    assert all(text_cells(line) <= 30 for line in lines)
    assert all(text_cells(line) >= 26 for line in lines[1:-1])


def test_latin_words_stay_whole_and_punctuation_keeps_its_side():
    lines = lines_of("难点在于 softmax 需要整行的最大值，Python 的实现", 20)
    assert lines == ["难点在于 softmax 需", "要整行的最大值，", "Python 的实现"]
    assert lines_of("中文中文中文，中文", 12) == ["中文中文中", "文，中文"]  # not "，" first
    assert lines_of("中文中文（注释）", 10) == ["中文中文", "（注释）"]  # not "（" last


def test_a_word_wider_than_the_line_breaks_after_a_slash_or_where_full():
    assert lines_of("see https://example.org/a/very/long/path", 20) == [
        "see",
        "https://example.org/",
        "a/very/long/path",
    ]
    assert lines_of("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_styles_survive_and_lines_can_be_capped():
    text = Text("加粗的中文与普通的中文交替出现在这一行")
    text.stylize("bold", 0, 3)
    lines = wrap_text(text, 10, max_lines=2)
    assert len(lines) == 2 and lines[0].spans[0].style == "bold"
    assert "".join(line.plain for line in lines) == text.plain[:10]


_HAN = st.sampled_from(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
)
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
_CLOSE = st.sampled_from(sorted("，。、；：？！）》」』】”"))
_OPEN = st.sampled_from(sorted("（《「『【“"))
_TOKEN = st.one_of(
    _HAN, _HAN, _HAN, _WORD, st.just(" "),
    st.tuples(_HAN, _CLOSE).map("".join), st.tuples(_OPEN, _HAN).map("".join),
)  # fmt: skip
_TEXT = st.lists(_TOKEN, min_size=1, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, width=st.integers(min_value=8, max_value=80))
def test_every_character_kept_in_order_no_line_too_wide_and_kinsoku(text, width):
    lines = lines_of(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for number, line in enumerate(lines):
        assert text_cells(line) <= width
        if number:
            assert line[:1] not in NO_LINE_START
            assert line[:1] != " "
        if number < len(lines) - 1:
            assert line[-1:] not in NO_LINE_END


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, width=st.integers(min_value=8, max_value=80))
def test_lines_are_filled_greedily(text, width):
    """A line ends early only when the next line's first unbreakable piece would not fit."""
    starts = line_starts(text, width)
    bounds = [0, *starts, len(text)]
    for number in range(len(starts)):
        line = text[bounds[number] : bounds[number + 1]].rstrip()
        following = text[bounds[number + 1] : bounds[number + 2]]
        first = next(
            (
                i
                for i in range(1, len(following))
                if may_break_before(following[i - 1], following[i])
            ),
            len(following),
        )
        gap = len(text[bounds[number] : bounds[number + 1]]) - len(line)
        assert text_cells(line) + gap + text_cells(following[:first].rstrip()) > width


@given(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200),
    st.integers(min_value=1, max_value=60),
)
def test_any_text_at_all_is_broken_without_loss(text, width):
    lines = lines_of(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())  # only spaces go
    assert all(text_cells(line) <= max(width, 2) for line in lines)


def test_a_line_may_break_before_a_chinese_opening_quote_after_a_number():
    # Found by the greedy-filling property: “ (one cell wide) after digits was glued to them,
    # so the whole run was cut where the line was full instead of before the quote.
    assert lines_of("的000000“的", 8) == ["的000000", "“的"]
