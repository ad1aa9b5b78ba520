from kbtui.corpus.excerpt import make_excerpt as excerpt_of
from kbtui.corpus.markdown import read_document


def make_excerpt(body: str, **options) -> str:
    return excerpt_of(read_document(body), **options)


def test_placeholders_for_code_and_math():
    body = (
        "开头一段，公式 $E=mc^2$ 在行内。\n\n"
        "```python\nprint('hi')\n```\n\n"
        "$$\n\\sum_i x_i\n$$\n\n"
        "\\[ a+b \\]\n\n"
        "    indented code\n\n"
        "结尾。\n"
    )
    assert make_excerpt(body) == "开头一段，公式 [Math] 在行内。 [代码] [公式] [公式] [代码] 结尾。"


def test_markdown_syntax_removed_links_as_text_images_dropped():
    body = (
        "## 小节\n\n"
        "看 [论文](https://arxiv.org/abs/1) 和 ![图](img.png) **加粗** 与 `code`。\n\n"
        "- 列表项\n> 引用\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert make_excerpt(body) == "小节 看 论文 和 加粗 与 code。 列表项 引用 a b 1 2"


def test_long_text_is_cut_near_300_chars_with_ellipsis():
    body = "中" * 500
    excerpt = make_excerpt(body)
    assert excerpt.endswith("...")
    assert len(excerpt) == 303


def test_cut_never_splits_a_placeholder_or_latin_word():
    body = "中" * 297 + "\n\n```\ncode\n```\n\n后文" + "字" * 50
    excerpt = make_excerpt(body)
    assert "[代" not in excerpt.replace("[代码]", "")
    body = "中" * 295 + " FlashAttention 后文" + "字" * 50
    assert make_excerpt(body).endswith("中...")


def test_heading_equal_to_title_is_not_repeated():
    assert make_excerpt("# 标题\n\n正文", title="标题") == "正文"
    assert make_excerpt("# 别的\n\n正文", title="标题") == "别的 正文"
