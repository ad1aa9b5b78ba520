import datetime as dt

from kbtui.corpus.files import NoteFile, walk_notes
from kbtui.corpus.notes import load_note, parse_date


def load(root, relative):
    (note_file,) = [f for f in walk_notes(root) if f.id == relative]
    return load_note(root, note_file)


def test_front_matter_fields(notes_root, write_note):
    write_note(
        "x/a.md",
        "正文\n",
        title="状态空间模型",
        date="2026-01-11",
        category="序列模型",
        tags="[SSM, Mamba]",
        series="SSM 系列",
        summary="一句话总结",
        aliases="[s4-note]",
        draft="false",
        weight="7",
    )
    note = load(notes_root, "x/a.md")
    assert note.title == "状态空间模型"
    assert note.date == dt.datetime(2026, 1, 11)
    assert note.category == "序列模型"
    assert note.tags == ("SSM", "Mamba")
    assert note.series == "SSM 系列"
    assert note.summary == "一句话总结"
    assert note.excerpt == "一句话总结"
    assert note.aliases == ("s4-note",)
    assert note.problems == ()


def test_fallbacks_title_heading_date_mtime_category_folder(notes_root, write_note):
    mtime = dt.datetime(2024, 5, 6, 7, 8, 9).timestamp()
    write_note("算法/dp.md", "```python\n# not the title\n```\n# 背包问题\n正文\n", mtime=mtime)
    note = load(notes_root, "算法/dp.md")
    assert note.title == "背包问题"
    assert note.date == dt.datetime(2024, 5, 6, 7, 8, 9)
    assert note.category == "算法"


def test_title_falls_back_to_file_name(notes_root, write_note):
    write_note("top-level_note.markdown", "只有正文\n")
    note = load(notes_root, "top-level_note.markdown")
    assert note.title == "top level note"
    assert note.category == ""


def test_categories_and_comma_tags(notes_root, write_note):
    write_note("a.md", "x\n", categories="[深度学习, 推理]", tags="pytorch, ddp , pytorch")
    note = load(notes_root, "a.md")
    assert note.categories == ("深度学习", "推理")
    assert note.category == "深度学习"
    assert note.tags == ("pytorch", "ddp")


def test_walk_skips_hidden_and_non_notes_and_uses_slash_ids(notes_root, write_note):
    write_note("a/b/c.md", "x")
    write_note(".obsidian/hidden.md", "x")
    write_note("a/.draft.md", "x")
    write_note("a/readme.txt", "x")
    write_note("d.MARKDOWN", "x")
    ids = [f.id for f in walk_notes(notes_root)]
    assert ids == ["d.MARKDOWN", "a/b/c.md"]
    assert all(isinstance(f, NoteFile) for f in walk_notes(notes_root))


def test_bad_date_is_reported_and_mtime_used(notes_root, write_note):
    write_note("a.md", "x\n", date="someday")
    note = load(notes_root, "a.md")
    assert any("someday" in problem for problem in note.problems)
    assert note.date.year >= 2020


def test_parse_date_forms():
    assert parse_date("2025-03-08")[0] == dt.datetime(2025, 3, 8)
    assert parse_date("2025/03/08 10:30")[0] == dt.datetime(2025, 3, 8, 10, 30)
    assert parse_date("２０２５-０３-０８")[0] == dt.datetime(2025, 3, 8)
    assert parse_date(dt.date(2025, 1, 2))[0] == dt.datetime(2025, 1, 2)
    aware = dt.datetime(2025, 1, 2, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert parse_date(aware)[0] == dt.datetime(2025, 1, 2, 0)
    assert parse_date(None) == (None, None)
    assert parse_date("2023-02-0 20:16:01")[0] is None


def test_reading_stats_count_chinese_and_english(notes_root, write_note):
    write_note("a.md", "中文字符共八个字。" + " word" * 10 + "\n")
    note = load(notes_root, "a.md")
    assert note.chars == 8
    assert note.words == 10
    assert note.minutes_to_read == 1


def test_utf8_bom_and_crlf(notes_root):
    (notes_root / "bom.md").write_bytes("\ufeff---\r\ntitle: 带 BOM\r\n---\r\n正文\r\n".encode())
    note = load(notes_root, "bom.md")
    assert note.title == "带 BOM"
    assert note.body == "正文\n"
