"""The forgiving readings: typos, synonyms, word forms, the looser match, and their labels."""

from __future__ import annotations

import pytest

from kbtui.config import user_synonyms
from kbtui.errors import KbtuiError
from kbtui.search.interpret import spelling_corrections, word_forms
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query
from kbtui.search.synonyms import SynonymTable, load_synonyms, parse_groups
from kbtui.search.tantivy_query import most_of


def search(index: KnowledgeBase, text: str, limit: int = 10):
    return index.search(parse_query(text), limit)


def ids_and_readings(results):
    return [(hit.note.id, hit.found_by) for hit in results.hits]


@pytest.fixture
def index(notes_root, write_note):
    write_note(
        "t.md", "Transformer 用注意力取代循环。Transformer 的编码器。\n", title="Transformer 架构"
    )
    write_note("p.md", "PyTorch 的 autograd 记录计算图。\n", title="PyTorch 自动求导")
    write_note("rnn.md", "RNN 训练时会出现梯度消失。\n", title="循环网络")
    write_note("ssm.md", "Mamba 的选择性扫描与状态空间。\n", title="Mamba 笔记")
    write_note("u.md", "无监督学习没有标签，比如聚类。\n", title="聚类")
    write_note("v.md", "验证阶段检查每个 candidate 是否被接受。\n", title="草稿与验证")
    built = KnowledgeBase(notes_root)
    built.sync()
    return built


def test_a_typo_is_read_as_the_word_it_misses(index):
    results = search(index, "tranformer")
    assert ids_and_readings(results)[0] == ("t.md", "fuzzy")
    assert results.corrected == "transformer"
    assert results.explanation() == "showing results for transformer"
    assert "transformer" in results.hits[0].terms  # the viewer marks the word that matched


def test_typos_in_several_words_and_in_the_word_being_typed(index):
    assert search(index, "pytroch autogard").corrected == "pytorch autograd"
    # A word being typed, one edit from a prefix: shown as the word the notes hold.
    assert search(index, "tranform").corrected == "transformer"
    assert ids_and_readings(search(index, "tranform"))[0] == ("t.md", "fuzzy")


def test_the_correction_shown_is_the_word_that_found_the_hits(index):
    results = search(index, "mamab")  # "mamb" is one edit away too, but is no word
    assert results.explanation() == "showing results for mamba"
    assert ids_and_readings(results) == [("ssm.md", "fuzzy")]


def test_typo_correction_is_bounded_for_pasted_text(index, notes_root, write_note):
    searcher = index.store.searcher()
    typos = "tranformer pytroch autogard mamab candidat transformr pytorh autogrd"
    assert len(spelling_corrections(parse_query(typos), searcher)) == 5  # of 8
    long_word = "electroencephalographically" * 2  # 54 letters: no typed word is as long
    write_note("long.md", f"{long_word} 出现一次。\n", title="长词")
    index.sync()
    typo = long_word[:-1] + "x"
    assert spelling_corrections(parse_query(typo), index.store.searcher()) == {}


def test_exact_reading_wins_and_short_or_known_words_are_not_corrected(index, write_note):
    assert search(index, "transformer").hits[0].found_by == "exact"
    assert search(index, "transformer").corrected is None
    assert search(index, "mamb ").hits == ()  # four letters: too short to guess at
    assert spelling_corrections(parse_query("mamba"), index.store.searcher()) == {}


def test_a_rare_word_far_from_a_common_one_gets_both_readings(notes_root, write_note):
    write_note("typo.md", "这里把 pytorch 写成了 pytroch。\n", title="一条笔误")
    for number in range(25):
        write_note(f"n{number}.md", f"PyTorch 笔记 {number}\n", title=f"笔记 {number}")
    index = KnowledgeBase(notes_root)
    index.sync()
    results = search(index, "pytroch", limit=5)
    assert ids_and_readings(results)[0] == ("typo.md", "exact")  # what was typed comes first
    assert {reading for _, reading in ids_and_readings(results)[1:]} == {"fuzzy"}


def test_synonyms_find_the_variant_and_say_so(index):
    results = search(index, "梯度弥散")
    assert ids_and_readings(results) == [("rnn.md", "synonym")]
    marked = [results.hits[0].snippet.text[a:b] for a, b in results.hits[0].snippet.spans]
    assert marked == ["梯度消失"]


def test_a_note_with_the_word_as_typed_ranks_above_its_variant(notes_root, write_note):
    write_note("a.md", "精调一个大模型。\n", title="笔记甲")
    write_note("b.md", "微调一个大模型。\n", title="笔记乙")
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids_and_readings(search(index, "精调")) == [("a.md", "exact"), ("b.md", "synonym")]


def test_opposites_are_never_variants(index):
    assert search(index, "有监督").hits == ()
    assert search(index, "有监督学习").hits == ()
    assert search(index, "无监督学习").hits[0].note.id == "u.md"


def test_words_typed_in_a_row_can_name_a_variant(notes_root, write_note):
    write_note("a.md", "标准化流用可逆变换建模密度。\n", title="标准化流")
    write_note("b.md", "Flows of water, normalizing the data.\n", title="杂记")
    index = KnowledgeBase(notes_root)
    index.sync()
    results = search(index, "normalizing flow")
    assert ids_and_readings(results) == [("a.md", "synonym")]  # b has the words, not the phrase
    # in another order the words are just words: b has both (Flows as the plural of flow)
    assert ids_and_readings(search(index, "flow normalizing")) == [("b.md", "synonym")]


def test_plural_and_singular_are_the_same_word(index):
    assert ids_and_readings(search(index, "candidates "))[0] == ("v.md", "synonym")


def test_prefix_only_hits_are_labelled(index):
    assert ids_and_readings(search(index, "mam")) == [("ssm.md", "prefix")]
    assert ids_and_readings(search(index, "mamba")) == [("ssm.md", "exact")]


def test_nothing_with_every_word_falls_back_to_most_of_them(index):
    results = search(index, "mamba 选择性扫描 zebra")
    assert ids_and_readings(results) == [("ssm.md", "relaxed")]
    assert "most of them" in results.explanation()
    results = search(index, "选择性扫描状态")  # no note has the run; most of its pairs match
    assert ids_and_readings(results)[0] == ("ssm.md", "relaxed")


def test_the_looser_match_adds_nothing_when_no_other_note_has_most_of_the_words(index):
    results = search(index, "mamba 选择性")
    assert ids_and_readings(results) == [("ssm.md", "exact")]
    assert not results.relaxed and results.explanation() == ""


def test_of_two_words_either_one_does_not_follow_the_note_with_both(notes_root, write_note):
    write_note("both.md", "tiny 49999\n", title="小笔记")
    for number in range(3):
        write_note(f"t{number}.md", f"tiny {number}\n", title="小笔记")
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids_and_readings(search(index, "tiny 49999")) == [("both.md", "exact")]


def test_too_few_notes_with_every_word_are_followed_by_notes_with_most_of_them(
    notes_root, write_note
):
    write_note("all.md", "RNN 训练时会出现梯度消失。\n", title="循环网络")
    write_note("most.md", "深层网络训练时也会梯度消失。\n", title="深层网络")
    write_note("one.md", "训练数据要清洗。\n", title="数据")
    index = KnowledgeBase(notes_root)
    index.sync()
    results = search(index, "训练 梯度消失 循环 ")
    assert ids_and_readings(results) == [("all.md", "exact"), ("most.md", "relaxed")]
    assert results.explanation() == "only 1 note has every word; then notes with most of them"


def test_user_synonyms_from_the_config(notes_root, write_note, isolated_home):
    (isolated_home / "config").mkdir(exist_ok=True)
    (isolated_home / "config" / "kbtui").mkdir(exist_ok=True)
    (isolated_home / "config" / "kbtui" / "config.yaml").write_text(
        "synonyms:\n  - [炼丹, 调参]\n  - 'vdb, vector database'\n", encoding="utf-8"
    )
    write_note("a.md", "调参靠经验。选一个 vector database。\n", title="笔记")
    synonyms, notices = user_synonyms()
    index = KnowledgeBase(notes_root, synonyms=synonyms)
    index.sync()
    assert ids_and_readings(search(index, "炼丹")) == [("a.md", "synonym")]
    assert ids_and_readings(search(index, "vdb ")) == [("a.md", "synonym")]
    assert notices == []


def test_a_broken_synonyms_entry_is_reported_and_the_shipped_list_still_works(
    notes_root, write_note, isolated_home
):
    folder = isolated_home / "config" / "kbtui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text("synonyms:\n  - {a: b}\n", encoding="utf-8")
    write_note("a.md", "梯度消失。\n", title="笔记")
    synonyms, notices = user_synonyms()
    index = KnowledgeBase(notes_root, synonyms=synonyms)
    index.sync()
    assert ids_and_readings(search(index, "梯度弥散")) == [("a.md", "synonym")]
    assert len(notices) == 1 and "synonyms group 1" in notices[0]


def test_synonym_table_rules():
    table = SynonymTable([["梯度消失", "梯度弥散"], ["k8s", "Kubernetes"], ["单独"]])
    assert table.variants("梯度弥散问题") == ("梯度消失问题",)
    assert table.variants("K8S") == ("Kubernetes",)
    assert table.variants("kubernetes") == ("k8s",)
    assert table.variants("单独") == ()  # a group of one is no group
    assert table.variants("k8") == ()  # Latin members match whole words only


def test_the_shipped_list_loads_and_holds_the_reviewed_pairs():
    table = load_synonyms()
    assert "梯度消失" in table.variants("梯度弥散")
    assert "词向量" in table.variants("词嵌入")
    assert "反向传播" in table.variants("后向传播")
    assert "微调" in table.variants("精调")
    assert "Kubernetes" in table.variants("k8s")
    assert "Python" in table.variants("py")
    assert table.variants("有监督") == () and table.variants("无监督") == ()


def test_synonym_groups_parse_lists_and_strings_and_reject_the_rest():
    assert parse_groups(["a, b", ["c", "d"], "甲，乙"], "x") == [
        ["a", "b"],
        ["c", "d"],
        ["甲", "乙"],
    ]
    assert parse_groups(None, "x") == []
    with pytest.raises(KbtuiError, match="must be a list"):
        parse_groups({"a": "b"}, "x")
    with pytest.raises(KbtuiError, match="group 2"):
        parse_groups(["a, b", 3], "x")


@pytest.mark.parametrize(
    ("word", "forms"),
    [("candidates", ("candidate",)), ("queries", ("query",)), ("indexes", ("index",)),
     ("query", ("queries",)), ("index", ("indexes",)), ("cache", ("caches",)),
     ("class", ("classes",)), ("status", ()), ("FlashAttention2", ()), ("gpu", ())],
)  # fmt: skip
def test_word_forms(word, forms):
    assert word_forms(word) == forms


def test_most_of():
    assert [most_of(n) for n in range(1, 8)] == [1, 1, 2, 3, 4, 4, 5]


def test_a_word_only_in_the_summary_finds_the_note(notes_root, write_note):
    # grep finds a note by its front matter's summary: so must kbtui (and by description:).
    write_note("a.md", "正文只谈别的事情。\n", title="甲", summary="讲倒排索引的压缩")
    write_note("b.md", "正文也不提。\n", title="乙", description="Roaring bitmaps explained")
    write_note("c.md", "倒排索引在正文里出现一次。\n", title="丙")
    knowledge_base = KnowledgeBase(notes_root)
    knowledge_base.sync()
    hits = {hit.note.id for hit in knowledge_base.search(parse_query("倒排索引")).hits}
    assert hits == {"a.md", "c.md"}
    (hit,) = knowledge_base.search(parse_query("roaring")).hits
    assert hit.note.id == "b.md"
    (hit,) = knowledge_base.search(parse_query("summary:压缩")).hits
    assert hit.note.id == "a.md"


def test_the_shipped_list_names_the_common_technical_terms_several_ways():
    table = load_synonyms()
    assert "验证二叉搜索树" in table.variants("验证二叉排序树")  # found inside a longer word
    assert "binary search tree" in table.variants("BST")
    assert "断路器" in table.variants("熔断器")
    assert "消息队列" in table.variants("mq")
    assert "一致性哈希" in table.variants("consistent hashing")
    assert "I/O" in table.variants("IO")
    assert table.variants("聚簇索引") and "聚簇索引" not in table.variants("非聚簇索引")


def test_a_mixed_member_is_found_through_its_group(notes_root, write_note):
    write_note("id.md", "用 snowflake 算法生成全局唯一 ID。\n", title="主键 ID")
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids_and_readings(search(index, "雪花算法")) == [("id.md", "synonym")]


def test_a_chinese_word_one_character_away_is_the_last_resort(notes_root, write_note):
    write_note("lb.md", "负载均衡器的配置。\n", title="网关")
    write_note("ml.md", "无监督学习方法没有标签。\n", title="聚类")
    index = KnowledgeBase(notes_root)
    index.sync()
    results = search(index, "负载均横器")  # one character changed: nothing has most of its pairs
    assert ids_and_readings(results) == [("lb.md", "fuzzy")]
    assert results.explanation() == "showing results for 负载均衡器"
    assert search(index, "有监督学习方法").hits == ()  # 有 is never changed into 无


def test_one_character_edits_keep_the_characters_that_turn_the_meaning():
    from kbtui.search.han_variants import can_vary, variant_pattern

    assert variant_pattern("负载均衡").fullmatch("负载均衡器") is None  # an end is a substring
    assert variant_pattern("负载均衡器").fullmatch("负载均横器")
    assert variant_pattern("负载均衡器").fullmatch("负载衡器")
    assert variant_pattern("负载均衡器").fullmatch("负载均衡的器")
    assert not variant_pattern("有监督学习").fullmatch("无监督学习")
    assert not can_vary("熔断器") and not can_vary("load balancer")
