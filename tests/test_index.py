import json
import os
import time

import pytest

from kbtui import locations
from kbtui.errors import NoteNotFoundError
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query


def ids(index, text, limit=10):
    return [hit.note.id for hit in index.search(parse_query(text), limit).hits]


@pytest.fixture
def corpus(notes_root, write_note):
    write_note(
        "search/inverted.md",
        "倒排索引把词项映射到 posting list。\n",
        title="倒排索引",
        date="2025-03-08",
    )
    write_note(
        "dl/ckpt.md",
        "用梯度检查点（gradient_checkpointing）省显存。\n",
        title="显存优化",
        date="2025-04-01",
    )
    write_note("dl/ddp.md", "DDP 的原理是每张卡一个进程。\n", title="分布式训练", date="2025-05-10")
    write_note(
        "llm/fa.md",
        "FlashAttention 用分块和在线 softmax。\n",
        title="注意力加速",
        date="2025-06-01",
    )
    write_note(
        "dl/func.md", "nn.functional 里的函数没有状态。\n", title="函数式接口", date="2025-07-01"
    )
    write_note(
        "seq/ssm.md",
        "Mamba 是选择性状态空间模型。Mamba2 更快。\n",
        title="SSM 笔记",
        date="2026-01-11",
    )
    write_note("misc/engine.md", "搜索引擎是一个大系统。\n", title="杂谈", date="2025-01-01")
    index = KnowledgeBase(notes_root)
    report = index.sync()
    assert report.added == 7
    return index


def test_chinese_substring_mixed_latin_case_and_identifier_parts(corpus):
    assert ids(corpus, "索引")[0] == "search/inverted.md"
    assert "misc/engine.md" in ids(corpus, "索引")  # 搜索引擎 contains 索引: substring recall
    assert ids(corpus, "梯度检查点") == ["dl/ckpt.md"]
    assert ids(corpus, "倒排索引") == ["search/inverted.md"]
    assert ids(corpus, "DDP 原理") == ["dl/ddp.md"]
    assert ids(corpus, "ddp") == ids(corpus, "DDP") == ["dl/ddp.md"]
    assert ids(corpus, "mamba") == ids(corpus, "Mamba") == ["seq/ssm.md"]
    assert ids(corpus, "flash attention") == ["llm/fa.md"]
    assert ids(corpus, "flashattention") == ["llm/fa.md"]
    assert ids(corpus, "nn.functional") == ["dl/func.md"]
    assert ids(corpus, "functional") == ["dl/func.md"]
    assert ids(corpus, "checkpointing") == ["dl/ckpt.md"]


def test_chinese_phrase_does_not_cross_punctuation(notes_root, write_note):
    write_note("a.md", "我们用搜索。引擎另说。\n")
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids(index, "索引") == []


def test_query_language(corpus):
    assert ids(corpus, "索引 -引擎") == ["search/inverted.md"]
    assert sorted(ids(corpus, "ddp OR mamba")) == ["dl/ddp.md", "seq/ssm.md"]
    assert ids(corpus, '"在线 softmax"') == ["llm/fa.md"]
    assert ids(corpus, "title:SSM") == ["seq/ssm.md"]
    assert ids(corpus, "path:inverted") == ["search/inverted.md"]
    assert ids(corpus, "-mamba -ddp -索引 -flashattention -functional -显存") == []


def test_title_match_outranks_passing_mention(notes_root, write_note):
    filler = "这是一段关于别的主题的长文本，讨论了很多内容。\n" * 200
    write_note(
        "long.md", filler + "顺便提到 Mamba 一次。\n" + filler, title="杂七杂八", date="2026-05-01"
    )
    write_note(
        "about.md", "选择性扫描让 Mamba 线性时间推理。\n", title="Mamba 架构", date="2024-01-01"
    )
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids(index, "mamba") == ["about.md", "long.md"]


def test_ties_go_to_the_newer_note(notes_root, write_note):
    write_note("old.md", "同样的内容 transformer\n", title="同名", date="2024-01-01")
    write_note("new.md", "同样的内容 transformer\n", title="同名", date="2025-01-01")
    index = KnowledgeBase(notes_root)
    index.sync()
    assert ids(index, "transformer") == ["new.md", "old.md"]


def test_incremental_add_change_delete(notes_root, write_note):
    write_note("a.md", "alpha 内容\n", title="A")
    write_note("b.md", "beta 内容\n", title="B")
    index = KnowledgeBase(notes_root)
    assert index.sync().added == 2

    unchanged = KnowledgeBase(notes_root).sync()
    assert (unchanged.added, unchanged.updated, unchanged.removed, unchanged.unchanged) == (
        0,
        0,
        0,
        2,
    )

    write_note("a.md", "gamma 新内容，更长一些\n", title="A")
    (notes_root / "b.md").unlink()
    write_note("c.md", "delta\n", title="C")
    report = KnowledgeBase(notes_root).sync()
    assert (report.added, report.updated, report.removed) == (1, 1, 1)

    index = KnowledgeBase(notes_root)
    assert ids(index, "gamma") == ["a.md"]
    assert ids(index, "alpha") == []
    assert ids(index, "beta") == []
    assert ids(index, "delta") == ["c.md"]
    assert index.search(parse_query("内容"), 10).total == 1


def test_rebuild_starts_over_without_duplicates(corpus):
    report = corpus.sync(rebuild=True)
    assert report.added == 7
    assert corpus.search(parse_query("mamba"), 10).total == 1
    assert len(corpus.store.all_notes()) == 7


def test_schema_version_change_rebuilds(corpus, notes_root):
    head = corpus.store.directory / "manifest-head.json"
    data = json.loads(head.read_text())
    data["schema"] = -1
    head.write_text(json.dumps(data))
    index = KnowledgeBase(notes_root)
    report = index.sync()
    assert report.rebuilt == "index format changed"
    assert report.added == 7
    assert ids(index, "mamba") == ["seq/ssm.md"]


def test_damaged_index_is_rebuilt(corpus, notes_root):
    (corpus.store.directory / "meta.json").write_text("garbage")
    index = KnowledgeBase(notes_root)
    report = index.sync()
    assert report.rebuilt and "damaged" in report.rebuilt
    assert ids(index, "mamba") == ["seq/ssm.md"]


def test_index_lives_in_the_cache_folder_not_the_notes(corpus, notes_root, isolated_home):
    assert corpus.store.directory.is_relative_to(locations.cache_dir())
    assert locations.cache_dir().is_relative_to(isolated_home)
    assert sorted(p.name for p in notes_root.iterdir()) == ["dl", "llm", "misc", "search", "seq"]


def test_all_notes_newest_first_and_resolve(corpus):
    notes = corpus.store.all_notes()
    dates = [note.date for note in notes]
    assert dates == sorted(dates, reverse=True)
    assert corpus.resolve("seq/ssm.md").id == "seq/ssm.md"
    assert corpus.resolve("seq/ssm").id == "seq/ssm.md"
    assert corpus.resolve("ssm").id == "seq/ssm.md"
    assert corpus.resolve("注意力").id == "llm/fa.md"
    with pytest.raises(NoteNotFoundError, match="no note"):
        corpus.resolve("不存在的标题")


def test_hit_has_snippet_with_chinese_highlight(corpus):
    (hit,) = corpus.search(parse_query("梯度检查点"), 10).hits
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.spans]
    assert marked[0] == "梯度检查点"
    assert set(marked) <= {"梯度检查点", "gradient", "checkpointing"}  # its variant, from synonyms
    assert hit.note.title == "显存优化"
    assert hit.note.category == "dl"


def test_small_knowledge_base_is_always_walked_before_a_search(corpus, notes_root):
    index = KnowledgeBase(notes_root)
    index.sync()
    assert index.needs_sync()  # fewer notes than TRUST_FROM_NOTES


def test_large_knowledge_base_trusts_a_recent_sync_until_a_folder_changes(
    corpus, notes_root, write_note, monkeypatch
):
    monkeypatch.setattr("kbtui.search.freshness.TRUST_FROM_NOTES", 1)
    index = KnowledgeBase(notes_root)
    assert index.needs_sync()  # never synced
    index.sync()
    assert index.needs_sync()  # the folders were written just now: too close to tell
    age_folders(notes_root, seconds=10)
    index.sync()
    assert not index.needs_sync()
    write_note("dl/new.md", "新笔记\n", title="新笔记")  # the folder's time changes
    assert index.needs_sync()
    age_folders(notes_root, seconds=10)
    index.sync()
    assert not index.needs_sync()
    monkeypatch.setattr("kbtui.search.freshness.TRUST_SECONDS", 0)
    assert index.needs_sync()  # the last sync is too old


def age_folders(root, seconds):
    """Set every folder's time into the past, as if the notes were written a while ago."""
    then = time.time() - seconds
    for folder in [root, *(path for path in root.rglob("*") if path.is_dir())]:
        os.utime(folder, (then, then))


def test_a_damaged_freshness_record_or_index_means_sync(corpus, notes_root, monkeypatch):
    monkeypatch.setattr("kbtui.search.freshness.TRUST_FROM_NOTES", 1)
    age_folders(notes_root, seconds=10)
    index = KnowledgeBase(notes_root)
    index.sync()
    assert not index.needs_sync()
    record = index.store.directory / "freshness.json"
    record.write_text("{not json", encoding="utf-8")
    assert index.needs_sync()
    index.sync()
    (index.store.directory / "manifest.json").unlink()  # the index is started over on open
    fresh = KnowledgeBase(notes_root)
    assert fresh.needs_sync()
    fresh.sync()
    assert "search/inverted.md" in ids(fresh, "倒排索引")


def test_an_index_of_an_earlier_reading_of_the_notes_is_rebuilt(corpus, notes_root):
    from kbtui.corpus.document import READING_VERSION
    from kbtui.search.schema import SCHEMA_VERSION

    head = corpus.store.directory / "manifest-head.json"
    data = json.loads(head.read_text())
    assert data["schema"] == f"{SCHEMA_VERSION}.{READING_VERSION}"
    data["schema"] = f"{SCHEMA_VERSION}.{READING_VERSION - 1}"
    head.write_text(json.dumps(data))
    report = KnowledgeBase(notes_root).sync()
    assert report.rebuilt == "index format changed" and report.added == 7
