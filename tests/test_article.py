from kbtui.corpus.links import resolve_link
from kbtui.present.article import display_markdown


def test_display_math_becomes_a_fenced_block_and_inline_math_stays():
    shown = display_markdown("前文 $x^2$ 行内。\n\n$$\na = b + c\n$$\n\n$$ y = 1 $$\n\n\\[ z \\]\n")
    assert "前文 $x^2$ 行内。" in shown
    assert "```math\na = b + c\n```" in shown
    assert "```math\ny = 1\n```" in shown
    assert "```math\nz\n```" in shown


def test_images_become_alt_text_and_path_and_code_is_untouched():
    shown = display_markdown(
        "看图 ![结构图](img/arch.png)\n\n```python\nx = '![not](an image)'\n```\n"
    )
    assert "`[图片: 结构图 · img/arch.png]`" in shown
    assert "x = '![not](an image)'" in shown


def test_control_characters_never_reach_the_viewer():
    shown = display_markdown("正文\x1b]0;title\x07 \x1b[31m红\u202e\n")
    assert "\x1b" not in shown and "\u202e" not in shown and "title" not in shown


def test_unclosed_math_or_fence_is_closed():
    assert display_markdown("$$\na = 1\n").endswith("```")


def test_resolve_relative_links():
    assert resolve_link("llm/medusa.md", "投机解码.md") == ("llm/投机解码.md", "")
    assert resolve_link("llm/medusa.md", "../seq/ssm.md#selective") == ("seq/ssm.md", "selective")
    assert resolve_link("llm/medusa.md", "%E6%8A%95.md") == ("llm/投.md", "")
    assert resolve_link("llm/medusa.md", "#section") == ("llm/medusa.md", "section")
    assert resolve_link("llm/medusa.md", "https://example.org") is None
    assert resolve_link("a.md", "../../outside.md") is None
