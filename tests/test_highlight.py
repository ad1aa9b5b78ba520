from kbtui.search.snippets import find_matches, make_snippet, query_units


def marked(snippet):
    return [snippet.text[a:b] for a, b in snippet.spans]


def test_chinese_match_marks_exact_characters():
    text = "我们先讲倒排索引，再讲正排索引。索和引分开出现不算。"
    snippet = make_snippet(text, ["索引"])
    assert marked(snippet) == ["索引", "索引"]
    for start, end in snippet.spans:
        assert snippet.text[start:end] == "索引"


def test_latin_match_is_case_folded_and_finds_identifier_parts():
    text = "FlashAttention 和 Mamba2 以及 nn.functional，不是 flashy 也不是 mambas。"
    assert marked(make_snippet(text, ["flash attention"])) == ["Flash", "Attention"]
    assert marked(make_snippet(text, ["mamba"])) == ["Mamba"]
    assert marked(make_snippet(text, ["nn.functional"])) == ["nn", "functional"]
    assert marked(make_snippet(text, ["FlashAttention"])) == ["FlashAttention"]


def test_window_goes_to_the_part_with_most_distinct_words():
    text = "开头无关内容。" * 40 + "这里讲 DDP 的原理和实现。" + "结尾无关内容。" * 40
    snippet = make_snippet(text, ["DDP", "原理"])
    assert marked(snippet) == ["DDP", "原理"]
    assert snippet.text.startswith("…") and snippet.text.endswith("…")


def test_snippet_is_one_line_and_short():
    text = "第一行\n\n第二行   有  空格\n" + "长" * 500
    snippet = make_snippet(text, ["第二行"])
    assert "\n" not in snippet.text
    assert "第二行 有 空格" in snippet.text
    assert len(snippet.text) < 120


def test_no_match_gives_the_start_of_the_text():
    snippet = make_snippet("正文开头。" * 100, ["缺席"])
    assert snippet.text.startswith("正文开头")
    assert snippet.spans == ()


def test_query_units_split_scripts_and_fold_case():
    assert query_units(["DDP原理", "nn.functional", "ddp"]) == ["ddp", "原理", "nn", "functional"]
    assert find_matches("abc", []) == []


def test_a_prefix_marks_the_whole_word_part_it_begins():
    text = "Mamba2 与 mambas 以及 FlashAttention，不是 hammam。"
    snippet = make_snippet(text, ["mam"], prefixes=["mam"])
    assert marked(snippet) == ["Mamba", "mambas"]
    assert marked(make_snippet(text, ["att"], prefixes=["att"])) == ["Attention"]
    assert marked(make_snippet(text, ["mam"])) == []  # not a prefix: whole words only
