import pytest

from kbtui.search.query import parse_query
from kbtui.search.question_words import parse_question_words, question_words


def shape(text):
    parsed = parse_query(text)
    return [
        ([(t.text, t.field, t.phrase) for t in clause.alternatives], clause.negated)
        for clause in parsed.clauses
    ], list(parsed.warnings)


def test_plain_words_are_and_ed():
    assert shape("DDP 原理") == (
        [([("DDP", None, False)], False), ([("原理", None, False)], False)],
        [],
    )


def test_mixed_script_word_is_split():
    clauses, _ = shape("DDP原理")
    assert [c[0][0][0] for c in clauses] == ["DDP", "原理"]


def test_phrase_exclusion_or_and_fields():
    clauses, warnings = shape(
        '"loss scaling" -fp16 flow OR diffusion tag:python category:算法 title:flow'
    )
    assert clauses == [
        ([("loss scaling", None, True)], False),
        ([("fp16", None, False)], True),
        ([("flow", None, False), ("diffusion", None, False)], False),
        ([("python", "tag", False)], False),
        ([("算法", "category", False)], False),
        ([("flow", "title", False)], False),
    ]
    assert warnings == []


def test_not_keyword_negates():
    clauses, _ = shape("mamba NOT s4")
    assert clauses[1] == ([("s4", None, False)], True)


def test_lenient_reading_reports_what_it_did():
    _, warnings = shape('"unclosed phrase')
    assert any("unclosed quote" in w for w in warnings)
    _, warnings = shape("OR mamba OR")
    assert len(warnings) == 2
    clauses, warnings = shape("foo:bar")
    assert clauses == [([("foo:bar", None, False)], False)]
    assert "unknown field" in warnings[0]
    clauses, warnings = shape("+++ mamba")
    assert [c[0][0][0] for c in clauses] == ["mamba"]
    assert "+++" in warnings[0]


def test_empty_query():
    assert parse_query("   ").is_empty
    assert parse_query("!!!").is_empty


def test_highlight_terms_skip_excluded_words():
    assert parse_query('mamba -s4 "selective scan"').highlight_terms() == (
        "mamba",
        "selective scan",
    )


def test_control_characters_are_removed_before_parsing():
    parsed = parse_query("\x1b[31mred\x07 \x1b]0;title\x07mamba\u202e")
    assert [c.alternatives[0].text for c in parsed.clauses] == ["red", "mamba"]


def test_lone_operators_and_stars_are_ignored_with_a_message():
    for text in ("-", "*", "(", ")", "NOT", "OR"):
        parsed = parse_query(text)
        assert parsed.is_empty


@pytest.mark.slow
def test_a_ten_thousand_character_query(tmp_path):
    from kbtui.search.knowledge_base import KnowledgeBase

    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("# 中文\n中中中 mamba\n", encoding="utf-8")
    index = KnowledgeBase(root, directory=tmp_path / "index")
    index.sync()
    for text in ("中" * 10_000, "mamba " * 2_000, "x" * 10_000):
        results = index.search(parse_query(text), 5)
        assert results.total in (0, 1)


def test_a_pasted_paragraph_is_searched_by_its_head_and_says_so():
    parsed = parse_query(" ".join(f"word{n}" for n in range(2_000)))
    assert len(parsed.clauses) == 32
    assert "only the first 32 of 2000 words are searched" in parsed.warnings
    word = parse_query("x" * 10_000).clauses[0].alternatives[0]
    assert len(word.text) == 100
    assert parse_query("x" * 10_000).warnings == (
        "words over 100 characters are searched by their first 100",
    )


def clause_texts(text):
    return [
        ([(t.text, t.prefix) for t in clause.alternatives], clause.optional)
        for clause in parse_query(text).clauses
    ]


def test_question_words_need_not_match():
    assert clause_texts("为什么需要 loss scaling") == [
        ([("需要", False)], False), ([("loss", False)], False), ([("scaling", True)], False)
    ]  # fmt: skip
    assert clause_texts("mamba 是什么") == [([("mamba", True)], False)]
    assert clause_texts("什么是倒排索引") == [([("倒排索引", False)], False)]
    assert clause_texts("如何做梯度检查点") == [([("梯度检查点", False)], False)]
    assert clause_texts("怎么用 pdb 调试") == [
        ([("pdb", False)], False),
        ([("调试", False)], False),
    ]
    what_is = clause_texts("what is mamba")
    assert [optional for _, optional in what_is] == [True, True, False]
    assert parse_query("what is mamba").highlight_terms() == ("mamba",)


def test_a_query_of_only_question_words_still_searches_them():
    assert [optional for _, optional in clause_texts("what is")] == [False, False]
    assert clause_texts("为什么") == [([("为什么", False)], False)]


def required_words(text):
    return [c.alternatives[0].text for c in parse_query(text).clauses if not c.optional]


def test_chinese_question_phrases_are_cut_and_what_is_left_keeps_its_words():
    assert required_words("微服务之间怎么通信") == ["微服务", "通信"]
    assert required_words("图论为什么要用 ACM 模式") == ["图论", "ACM", "模式"]
    assert required_words("Dubbo 是怎么工作的") == ["Dubbo", "工作"]
    assert required_words("有了 HTTP 为什么还要 WebSocket") == ["HTTP", "还要", "WebSocket"]
    # a particle is dropped from an end only while two characters remain: 存在 is a word
    assert required_words("怎么判断一个数是否存在") == ["判断一个数", "存在"]
    assert required_words("为什么要用多路复用") == ["多路复用"]  # 用 leads, never trails


def test_a_comparison_asks_about_each_thing_compared():
    assert required_words("进程和线程有什么区别") == ["进程", "线程"]
    assert required_words("01背包和完全背包有什么区别") == ["01", "背包", "完全背包"]
    assert required_words("过期删除与内存淘汰的区别") == ["过期删除", "内存淘汰"]
    assert required_words("路径总和有什么区别") == ["路径总和"]  # 和 ends a word here
    assert required_words("数组求和问题") == ["数组求和问题"]  # no comparison: one word


def test_english_question_words_rank_but_need_not_match():
    assert required_words("what branch am I on") == ["branch"]
    assert required_words("stop whatever is listening on port 3000") == [
        "stop", "listening", "port", "3000"
    ]  # fmt: skip
    assert required_words("files modified recently") == ["files", "modified", "recently"]


def test_the_shipped_question_words_are_read_and_mistakes_in_the_list_are_caught():
    words = question_words()
    assert "为什么" in words.cut and "the" in words.english and "和" in words.joiners
    assert not {"不", "没有", "not", "without", "cannot"} & (set(words.cut) | words.english)
    with pytest.raises(ValueError, match="line 1: words before the first"):
        parse_question_words("为什么\n[cut]\n")
    with pytest.raises(ValueError, match=r"unknown section \[stop\]"):
        parse_question_words("[stop]\nthe\n")


def test_the_last_latin_word_is_a_prefix_unless_finished_or_quoted():
    assert clause_texts("mam") == [([("mam", True)], False)]
    assert clause_texts("ring all-red")[-1] == ([("all-red", True)], False)
    assert clause_texts("mamba ")[-1] == ([("mamba", False)], False)  # a space: the word is done
    assert clause_texts('"mam"')[-1] == ([("mam", False)], False)
    assert clause_texts("-mam")[-1] == ([("mam", False)], False)
    assert clause_texts("m")[-1] == ([("m", False)], False)  # too short to be worth a prefix
    assert clause_texts("倒排")[-1] == (
        [("倒排", False)],
        False,
    )  # Chinese matches inside words anyway
    assert parse_query("flash att").highlight_prefixes() == ("att",)


def test_a_command_line_option_is_a_word_not_an_exclusion():
    parsed = parse_query("reset --hard")
    assert [(c.alternatives[0].text, c.negated) for c in parsed.clauses] == [
        ("reset", False), ("--hard", False)
    ]  # fmt: skip
    assert parse_query("reset -hard").clauses[1].negated  # one dash still excludes
