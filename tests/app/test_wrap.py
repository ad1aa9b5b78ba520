from rich.text import Text

from kbtui.present.wrap import wrap_cells


def test_chinese_wraps_between_characters_and_fills_each_line():
    text = Text("CPython 的内存回收由两部分组成：引用计数负责绝大多数对象，计数一归零立刻释放")
    lines = wrap_cells(text, 40, max_lines=3)
    assert lines[0].plain.startswith("CPython 的内存")  # not "CPython" alone on the line
    assert all(line.cell_len <= 40 for line in lines)
    assert lines[0].cell_len >= 39
    assert "".join(line.plain for line in lines).replace(" ", "") == text.plain.replace(" ", "")


def test_latin_words_are_not_split_and_styles_survive():
    text = Text("mixed 中文 and a fairly_long_identifier here")
    text.stylize("bold", 0, 5)
    lines = wrap_cells(text, 24, max_lines=3)
    assert [line.plain for line in lines] == ["mixed 中文 and a", "fairly_long_identifier", "here"]
    assert lines[0].spans and lines[0].spans[0].style == "bold"


def test_at_most_max_lines():
    assert len(wrap_cells(Text("字" * 500), 20, max_lines=3)) == 3
