"""Real-world notes that must never break kbtui: each is indexed (with fallbacks) or skipped
with a reason, and each problem is reported once, naming the file and, where known, the line."""

from __future__ import annotations

import os

import pytest

from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query
from tests.hostile_corpus import FRONT_MATTER


def write_bytes(root, relative, data: bytes):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def synced(root):
    index = KnowledgeBase(root)
    return index, index.sync()


def ids(index, text):
    return [hit.note.id for hit in index.search(parse_query(text), 50).hits]


def test_front_matter_surprises_are_indexed_and_reported_once(notes_root):
    for relative, data in FRONT_MATTER.items():
        write_bytes(notes_root, relative, data)
    index, report = synced(notes_root)
    assert report.added == len(FRONT_MATTER) and report.skipped == []
    assert sorted(ids(index, "hostilecase")) == sorted(FRONT_MATTER)
    problems = dict(report.problems)
    assert "line 2" in problems["fm/colon-in-title.md"]
    assert "line 3" in problems["fm/bad-indent.md"] or "line 4" in problems["fm/bad-indent.md"]
    assert "str" in problems["fm/yaml-string.md"] and "list" in problems["fm/yaml-list.md"]
    assert "2023-02-0" in problems["fm/date-valueerror.md"]
    assert "never closed" in problems["fm/never-closed.md"]
    for clean in ("date-fullwidth", "date-slash", "date-chinese", "tags-empty", "tags-string",
                  "blank-first", "toml"):  # fmt: skip
        assert f"fm/{clean}.md" not in problems
    notes = {note.id: note for note in index.store.all_notes()}
    assert notes["fm/date-valueerror.md"].title == "ValueError date"
    assert notes["fm/date-fullwidth.md"].date.date().isoformat() == "2025-03-08"
    assert notes["fm/date-chinese.md"].date.date().isoformat() == "2025-03-08"
    assert notes["fm/tags-string.md"].tags == ("python",)
    assert notes["fm/blank-first.md"].title == "blank first line"
    assert notes["fm/toml.md"].title == "TOML note"
    assert notes["fm/yaml-list.md"].title == "yaml list"  # from the file name
    _, again = synced(notes_root)
    assert again.problems == [] and again.unchanged == len(FRONT_MATTER)  # reported once


def test_encodings(notes_root):
    write_bytes(notes_root, "enc/bom.md", "\ufeff# 带 BOM 的标题\nencoding body\n".encode())
    write_bytes(notes_root, "enc/crlf.md", b"# CRLF title\r\nencoding body\r\n")
    write_bytes(notes_root, "enc/bad-utf8.md", b"# bad bytes\nencoding body \xff\xfe\xfa here\n")
    write_bytes(notes_root, "enc/utf16.md", "# UTF-16 标题\nencoding body\n".encode("utf-16"))
    write_bytes(notes_root, "enc/binary.md", bytes(range(256)) * 4)
    write_bytes(notes_root, "enc/empty.md", b"")
    index, report = synced(notes_root)
    assert dict(report.skipped) == {"enc/binary.md": "binary file, not text"}
    assert "invalid UTF-8" in dict(report.problems)["enc/bad-utf8.md"]
    assert sorted(ids(index, "encoding body")) == [
        "enc/bad-utf8.md", "enc/bom.md", "enc/crlf.md", "enc/utf16.md"
    ]  # fmt: skip
    titles = {note.id: note.title for note in index.store.all_notes()}
    assert titles["enc/bom.md"] == "带 BOM 的标题" and titles["enc/utf16.md"] == "UTF-16 标题"
    assert titles["enc/crlf.md"] == "CRLF title" and titles["enc/empty.md"] == "empty"


def test_title_inside_a_code_fence_is_not_the_title(notes_root, write_note):
    write_note("code.md", "```python\n# not a title\n```\n\n# 真正的标题\n")
    index, _ = synced(notes_root)
    assert index.store.all_notes()[0].title == "真正的标题"


@pytest.mark.parametrize(
    "name",
    ["with space.md", "pipe|name.md", "colon:name.md", "quote'\"name.md", "[brackets].md",
     "100%.md", "中文 名字.md", "emoji 🚀.md", "Case.md", "case.md"],
)  # fmt: skip
def test_odd_file_names(notes_root, name):
    write_bytes(notes_root, name, f"# {name}\nodd name body\n".encode())
    index, report = synced(notes_root)
    assert report.added == 1 and ids(index, "odd name body") == [name]
    assert index.resolve(name).id == name


def test_case_only_differences_are_two_notes(notes_root):
    write_bytes(notes_root, "Note.md", b"# upper\ncasebody\n")
    write_bytes(notes_root, "note.md", b"# lower\ncasebody\n")
    index, report = synced(notes_root)
    assert report.added == 2 and sorted(ids(index, "casebody")) == ["Note.md", "note.md"]


def test_deep_folders_symlinks_and_a_symlink_loop(notes_root, tmp_path):
    deep = "/".join(f"d{n}" for n in range(20))
    write_bytes(notes_root, f"{deep}/deep.md", b"# deep\nlinkcase deep\n")
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"# linked file\nlinkcase linked\n")
    os.symlink(outside, notes_root / "linked.md")
    os.symlink(notes_root, notes_root / "loop")  # a folder that contains itself
    os.symlink(tmp_path / "missing.md", notes_root / "dangling.md")
    index, report = synced(notes_root)
    assert sorted(ids(index, "linkcase")) == [f"{deep}/deep.md", "linked.md"]
    assert report.added == 2


def test_unreadable_file_is_skipped_with_a_reason(notes_root, monkeypatch):
    write_bytes(notes_root, "ok.md", b"# ok\nreadable\n")
    write_bytes(notes_root, "locked.md", b"# locked\nsecret\n")
    import os

    real_open = os.open

    def refuse(path, flags, *args):  # root can read anything: refuse as the OS would
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    index, report = synced(notes_root)
    assert dict(report.skipped) == {"locked.md": "Permission denied"}
    assert ids(index, "readable") == ["ok.md"]


def test_a_note_deleted_while_indexing_is_skipped(notes_root, monkeypatch):
    write_bytes(notes_root, "stays.md", b"# stays\nvanishcase\n")
    write_bytes(notes_root, "goes.md", b"# goes\nvanishcase\n")
    import kbtui.search.indexer as notes_module  # where the indexer reads each note

    real_load = notes_module.load_note

    def load_after_delete(root, note_file, *rest):
        if note_file.id == "goes.md":
            note_file.path.unlink()
        return real_load(root, note_file, *rest)

    monkeypatch.setattr(notes_module, "load_note", load_after_delete)
    index, report = synced(notes_root)
    assert [note_id for note_id, _ in report.skipped] == ["goes.md"]
    assert ids(index, "vanishcase") == ["stays.md"]


def test_template_syntax_is_plain_text_and_a_wikilink_its_name(notes_root):
    body = (
        "# 模板\n{{ site.title }} {% include x.html %} [[WikiLink]] <!-- more --> "
        "<div class='x'>raw html</div> templatecase\n"
    )
    write_bytes(notes_root, "tpl.md", body.encode())
    index, report = synced(notes_root)
    assert report.problems == []
    for query, shown in (("site.title", "{{ site.title }}"), ("WikiLink", "WikiLink"),
                         ("raw html", "%} WikiLink raw html templatecase")):  # fmt: skip
        (hit,) = index.search(parse_query(query), 5).hits
        assert shown in hit.snippet.text
        assert "[[" not in hit.snippet.text


def test_a_two_megabyte_note_is_indexed(notes_root):
    paragraph = "这是一段很长的笔记内容，讨论注意力、梯度与显存。" * 20 + "\n\n"
    data = ("# 巨大的笔记\n\n" + paragraph * 1500 + "needle at the end\n").encode()
    assert len(data) > 2_000_000
    write_bytes(notes_root, "huge.md", data)
    index, report = synced(notes_root)
    assert report.added == 1 and ids(index, "needle") == ["huge.md"]


def test_a_note_rewritten_while_indexing_is_indexed_again_next_time(notes_root, monkeypatch):
    write_bytes(notes_root, "moving.md", b"# moving\nold words\n")
    import kbtui.search.indexer as notes_module  # where the indexer reads each note

    real_load = notes_module.load_note

    def load_after_rewrite(root, note_file, *rest):
        note_file.path.write_bytes(b"# moving\nnew words, longer than before\n")
        return real_load(root, note_file, *rest)

    monkeypatch.setattr(notes_module, "load_note", load_after_rewrite)
    index, report = synced(notes_root)
    assert report.added == 1 and ids(index, "new words") == ["moving.md"]
    monkeypatch.setattr(notes_module, "load_note", real_load)
    _, again = synced(notes_root)
    assert again.updated == 1  # the size recorded was from before the rewrite: read once more
    index = KnowledgeBase(notes_root)
    assert ids(index, "new words") == ["moving.md"] and ids(index, "old") == []
