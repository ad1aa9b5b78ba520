"""The one reading of a note: what its document model says is code, a formula, a link."""

from kbtui.corpus.document import (
    STRONG,
    CodeBlock,
    Document,
    Heading,
    Link,
    ListBlock,
    MathBlock,
    Paragraph,
    Quote,
    Span,
    Table,
)
from kbtui.corpus.markdown import read_document
from kbtui.corpus.plain import document_text


def test_links_outside_code_in_order_without_repeats_bare_addresses_too():
    body = (
        "[A](a.md) 与 [外链](https://arxiv.org/abs/2312.00752)\n```\n[B](b.md)\n```\n"
        "`[C](c.md)` 与 [A](a.md)\n\n参考：https://example.org/x_(y)。和 <https://x.org>\n"
    )
    links = read_document(body).links
    assert links == [
        Link("A", "a.md"),
        Link("外链", "https://arxiv.org/abs/2312.00752"),
        Link("https://example.org/x_(y)", "https://example.org/x_(y)"),
        Link("https://x.org", "https://x.org"),
    ]
    assert links[1].external and not links[0].external


def test_formulas_keep_their_source_and_are_indexed_as_text():
    document = read_document("背包 $dp[i][j]$ 与 $\\|g\\|$，价格 $5 和 $10。\n")
    (paragraph,) = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert [s.text for s in paragraph.spans if s.kind == "math"] == ["dp[i][j]", "\\|g\\|"]
    text = document_text(document)
    assert "dp[i][j]" in text and "‖g‖" in text and "$5 和 $10" in text
    assert "dpi" not in text


def test_display_formulas_anywhere_are_blocks_with_escapes_untouched():
    body = (
        "前文\n\n$$\na \\, b \\\\ c\n$$\n\n- 项\n\n  $$\n  x = 1\n  $$\n\n> $$\n> y\n> $$\n\n"
        "行内 \\(z^2\\) 与\n\\[ w \\, v \\]\n"
    )
    blocks = read_document(body).blocks
    assert blocks[1] == MathBlock("a \\, b \\\\ c")
    assert isinstance(blocks[2], ListBlock) and blocks[2].items[0].blocks[1] == MathBlock("x = 1")
    assert isinstance(blocks[3], Quote) and blocks[3].blocks == [MathBlock("y")]
    assert [s.text for s in blocks[4].spans if s.kind == "math"] == ["z^2"]
    assert blocks[5] == MathBlock("w \\, v")


def test_escaped_brackets_around_words_stay_brackets():
    body = "\\[解析\\]：由式(13.19)\n\n样例集$D$\\[也叫观测集，注意与$\\mathcal{D}$的区别\\]。\n\n"
    body += "\\[ x = \\text{常数} \\]\n"
    first, second, third = read_document(body).blocks
    assert document_text(Document([first])).startswith("[解析]：由式(13.19)")
    assert "[也叫观测集" in document_text(Document([second]))
    assert third == MathBlock("x = \\text{常数}")


def test_bold_beside_chinese_punctuation_is_bold_as_a_chinese_reader_means_it():
    body = (
        "介绍**备份（backup）**的概念，称为**备份图（backup diagram）**或回溯图。"
        "`a**b` 与 $x**2$ 照写，剩下的**照写\n\n```\n中**x\n```\n"
    )
    paragraph, code = read_document(body).blocks
    assert [(s.text, s.style) for s in paragraph.spans if s.style] == [
        ("备份（backup）", STRONG),
        ("备份图（backup diagram）", STRONG),
    ]
    assert [s.text for s in paragraph.spans if s.kind != "text"] == ["a**b", "x**2"]
    assert "".join(s.text for s in paragraph.spans).endswith("照写，剩下的**照写")
    assert code == CodeBlock("中**x")


def test_a_formula_in_a_table_cell_stays_in_its_cell():
    body = "| a | b |\n|:-:|--:|\n| $$x$$ | 2 |\n\n# 下一节\n\n正文\n"
    table, heading, paragraph = read_document(body).blocks
    assert isinstance(table, Table) and table.aligns == ["center", "right"]
    assert table.rows[0][0][0].kind == "math"
    assert isinstance(heading, Heading) and heading.text == "下一节"
    assert isinstance(paragraph, Paragraph)


def test_footnotes_tasks_code_and_chinese_line_joins():
    body = (
        "第一行\n第二行 and\nmore[^n]\n\n- [x] 完成\n- [ ] 未完成\n\n"
        "```python\nprint(1)\n```\n\n[^n]: 脚注内容\n"
    )
    document = read_document(body)
    paragraph, tasks, code = document.blocks
    assert "".join(s.text for s in paragraph.spans[:-1]) == "第一行第二行 and more"
    assert paragraph.spans[-1].kind == "footnote"
    assert [item.checked for item in tasks.items] == [True, False]
    assert code == CodeBlock("print(1)", "python")
    assert document.footnotes[0].label == "n" and "脚注内容" in document_text(document)


def test_headings_get_unique_anchors_and_are_found_by_them():
    document = read_document("# 标题 One\n\n## 标题 One\n\n### Flash-Attention 2!\n")
    assert [h.anchor for h in document.headings] == ["标题-one", "标题-one-1", "flash-attention-2"]
    assert document.heading_for("%E6%A0%87%E9%A2%98-one-1") is document.headings[1]
    assert document.heading_for("nowhere") is None


def test_html_is_read_for_what_it_says_and_controls_go():
    document = read_document(
        "a<br>b <!-- hidden --> <b>x</b>\x1b[31m <font color=red>红</font> <Vec0>\n\n"
        '<!-- gone -->\n\n<div align=center><img src="f.png" alt="图 1"/></div>\n'
        '<p>见 <a href="https://x.org">这里</a></p>\n'
    )
    paragraph, figure, seen = document.blocks
    assert [s.kind for s in paragraph.spans][:3] == ["text", "break", "text"]
    assert [(s.text, s.style) for s in paragraph.spans if s.style] == [("x", STRONG)]
    assert figure == Paragraph([Span("image", "图 1", target="f.png")])
    assert document.links == [Link("这里", "https://x.org")]
    text = document_text(document)
    assert "hidden" not in text and "gone" not in text and "\x1b" not in text
    assert "红 <Vec0>" in text and "<" not in text.replace("<Vec0>", "")


def test_nesting_past_what_a_note_means_is_kept_in_the_innermost_block():
    from kbtui.corpus.markdown import MAX_NESTING
    from kbtui.corpus.plain import document_text

    lists = "".join("  " * n + "- 深处的字\n" for n in range(1000))
    for body in (">" * 1000 + " 深处的字\n", lists):
        document = read_document(body)
        depth, blocks = 0, document.blocks
        while blocks:  # follow the first container down
            inner = getattr(blocks[0], "blocks", None) or [
                block for item in getattr(blocks[0], "items", []) for block in item.blocks
            ]
            if not inner:
                break
            depth, blocks = depth + 1, inner
        assert depth <= 2 * MAX_NESTING
        assert "深处的字" in document_text(document)  # nothing lost
