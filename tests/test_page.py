"""The page a note is laid out as, for the viewer and ``kbtui show``: nothing lost, nothing
too wide, formulas as text, tables wrapped and aligned."""

import re
from collections import Counter
from pathlib import Path

import pytest

from kbtui.corpus.cells import text_cells
from kbtui.corpus.frontmatter import split_front_matter
from kbtui.corpus.markdown import read_document
from kbtui.present.linebreak import NO_LINE_START
from kbtui.present.page import layout

NOTE = split_front_matter((Path(__file__).parent / "data" / "reading-note.md").read_text()).body
HAN = re.compile(r"[\u4e00-\u9fff]")
BUNDLED = sorted((Path(__file__).parent.parent / "notes").rglob("*.md"))


def page_text(body: str, width: int, **options) -> list[str]:
    return [row.text.plain for row in layout(read_document(body), width, **options).rows]


@pytest.mark.parametrize("width", [40, 64, 80, 120])
def test_every_chinese_and_code_character_reaches_a_page_no_wider_than_asked(width):
    lines = page_text(NOTE, width, link_list=True)
    assert all(text_cells(line) <= width for line in lines)
    shown = "".join(lines)
    assert Counter(HAN.findall(NOTE)) - Counter(HAN.findall(shown)) == Counter()
    code = NOTE.split("```python\n")[1].split("```")[0]
    joined = "".join(line[2:] for line in lines if line[:2] in ("│ ", "↪ "))
    assert "".join(code.split()) in "".join(joined.split())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_notes_keep_every_chinese_character_and_leave_no_tex(path):
    body = split_front_matter(path.read_text(encoding="utf-8")).body
    lines = page_text(body, 64, link_list=True)
    shown = "\n".join(lines)
    assert Counter(HAN.findall(body)) - Counter(HAN.findall(shown)) == Counter()
    prose = "\n".join(line for line in lines if line[:2] not in ("│ ", "↪ "))  # code may
    assert not re.search(r"\\[A-Za-z]{2,}|[_^]\{", prose)  # hold "_{" or "\\n" as written
    assert all(text_cells(line) <= 64 for line in lines)
    assert not any(line[:1] in NO_LINE_START and not line[:1].isascii() for line in lines)


def test_formulas_read_as_text_or_as_their_source_on_request():
    lines = page_text(NOTE, 80)
    assert "    Attention(Q, K, V) = softmax(QKᵀ/√d_k) V" in lines
    assert any(line.startswith("    ⎛ m ⎞ ← ⎛ max(m, m̃)") for line in lines)
    source = "".join(line.removeprefix("↪ ") for line in page_text(NOTE, 80, tex_source=True))
    assert "\\frac{QK^\\top}{\\sqrt{d_k}}" in source and "$O(N^2)$" in source


def test_a_wide_table_wraps_its_cells_and_keeps_its_alignment():
    lines = page_text(NOTE, 64)
    table = [line for line in lines if "│" in line]
    assert table[0].split("│")[0].strip() == "方法"
    text = "".join(line.split("│")[3] for line in table if line.count("│") == 3)
    assert "先写出完整的分数矩阵再做softmax，序列一长显存就先撑不住" in "".join(text.split())
    right = [line.split(" │ ")[2] for line in table if "Θ(N" in line]
    assert all(cell.endswith(")") for cell in right)  # ---: puts the column on the right
    centre = next(line.split(" │ ")[1] for line in table if "O(N²)" in line)
    assert centre == "O(N²)"  # :---: centres it (the widest, so no room either side)


def test_a_narrow_table_keeps_its_words_whole_and_shares_the_rest():
    body = (
        "| 名称 | 显存 | 说明 |\n|---|---|---|\n"
        "| FlashAttention | 线性 | 分块计算注意力，从不写出完整的分数矩阵，显存线性增长 |\n"
    )
    table = [line for line in page_text(body, 40) if "│" in line]
    names = "".join(line.split(" │ ")[0].strip() for line in table)
    assert "FlashAttention" in [line.split(" │ ")[0].strip() for line in table]
    assert names.startswith("名称FlashAttention")
    assert all(text_cells(line) <= 40 for line in table)


def test_wide_code_goes_on_behind_a_mark_and_tasks_and_footnotes_show():
    lines = page_text(NOTE, 64)
    code = [line for line in lines if line[:2] in ("│ ", "↪ ")]
    assert any(line.startswith("↪ ") for line in code)
    assert "☑ 前向：分块 + 在线 softmax" in lines
    assert "☐ 反向：重算注意力矩阵[1]" in lines
    assert lines[-1] == "[1] 反向传播时不存 P，而是用保存的 m 和 ℓ 重新算出来。"


def test_a_searched_word_broken_across_two_lines_is_marked_on_both():
    body = "一" * 9 + "注意力机制"
    page = layout(
        read_document(body), 20, marker=lambda text: [(text.index("注意"), text.index("注意") + 2)]
    )
    first, second = page.rows[0].text, page.rows[1].text
    assert first.plain.endswith("注") and second.plain.startswith("意")
    assert first.spans and second.spans
    assert page.match_lines() == [0]


def test_headings_know_their_lines_and_links_can_be_listed():
    body = "# 一\n\n正文 [链接](other.md) 与 https://example.org/x。\n\n## 二\n\n尾\n"
    page = layout(read_document(body), 40, link_list=True)
    assert [(h.text, line) for h, line in page.heading_lines()] == [("一", 0), ("二", 5)]
    lines = [row.text.plain for row in page.rows]
    assert "→ 链接  other.md" in lines and "↗ https://example.org/x" in lines
