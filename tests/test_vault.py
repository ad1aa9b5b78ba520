"""Obsidian-style vaults: wikilinks resolved as Obsidian resolves them, embeds, backlinks,
categories from folders, and ``kbtui show`` (rendered and ``--json``) on them."""

from __future__ import annotations

import json

import pytest

from kbtui.corpus.document import Link
from kbtui.corpus.excerpt import make_excerpt
from kbtui.corpus.links import NoteNames
from kbtui.corpus.markdown import read_document
from kbtui.corpus.notes import folder_category
from kbtui.search.knowledge_base import KnowledgeBase
from tests.test_cli import run
from tests.vault import write_vault


@pytest.fixture
def vault(notes_root):
    return write_vault(notes_root)


def test_every_wikilink_form_is_a_link_shown_by_its_name():
    document = read_document(
        "[[Note]] [[dir/Note|shown **here**]] [[Note#Part]] [[#Here]] [[Note#^block]] "
        "![[Other]] ![[pic.png]]\n"
    )
    assert [(link.kind, link.target, link.text) for link in document.links] == [
        ("wiki", "Note", "Note"),
        ("wiki", "dir/Note", "shown here"),
        ("wiki", "Note#Part", "Note › Part"),
        ("wiki", "#Here", "Here"),
        ("wiki", "Note#^block", "Note"),
        ("embed", "Other", "Other"),
    ]
    assert make_excerpt(document, title="") == (
        "Note shown here Note › Part Here Note Other"
    )  # no brackets in the feed; a picture is not text
    spans = document.blocks[0].spans
    assert [s.kind for s in spans if s.link == 5] == ["embed"]
    assert any(s.kind == "image" and s.target == "pic.png" for s in spans)


def test_names_resolve_as_obsidian_resolves_them():
    names = NoteNames(
        ["en/Attention.md", "en/Softmax.md", "zh/深度/Softmax.md", "en/deep/Transformer.md",
         "Top.md", "a/b/Deep Note.markdown"]
    )  # fmt: skip

    def leads(from_id, target, kind="wiki"):
        found = names.resolve(from_id, Link("", target, kind))
        return found.kind, found.note_id, found.anchor

    assert leads("en/Attention.md", "transformer") == ("note", "en/deep/Transformer.md", "")
    assert leads("en/Attention.md", "Transformer.md#Pos enc") == (
        "note", "en/deep/Transformer.md", "Pos enc",
    )  # fmt: skip
    assert leads("en/Attention.md", "Softmax") == ("note", "en/Softmax.md", "")  # same folder
    assert leads("zh/深度/x.md", "Softmax") == ("note", "zh/深度/Softmax.md", "")  # same folder
    assert leads("Top.md", "Softmax") == ("note", "en/Softmax.md", "")  # the shortest path
    assert leads("Top.md", "深度/Softmax") == ("note", "zh/深度/Softmax.md", "")  # a path's end
    assert leads("Top.md", "en/softmax") == ("note", "en/Softmax.md", "")  # from the root
    assert leads("Top.md", "deep note#^b1") == ("note", "a/b/Deep Note.markdown", "")
    assert leads("Top.md", "#Part") == ("here", "Top.md", "Part")
    assert leads("Top.md", "Nowhere")[0] == "missing"
    assert leads("en/Attention.md", "Softmax.md", "markdown") == ("note", "en/Softmax.md", "")
    assert leads("en/Attention.md", "deep/transformer", "markdown")[1] == "en/deep/Transformer.md"
    assert leads("en/Attention.md", "../../outside.md", "markdown")[0] == "missing"
    assert leads("en/Attention.md", "https://example.org", "markdown")[0] == "external"


def test_a_language_folder_is_no_category_when_a_deeper_one_says_more():
    assert folder_category("en/deep/Transformer.md") == "deep"
    assert folder_category("docs/zh/网络/tcp.md") == "网络"
    assert folder_category("en/Attention.md") == "en"  # nothing deeper to say
    assert folder_category("机器学习/svm/核函数.md") == "机器学习"
    assert folder_category("top.md") == ""


def test_backlinks_come_from_links_that_really_lead_here(vault):
    knowledge_base = KnowledgeBase(vault)
    knowledge_base.sync()
    backlinks = knowledge_base.link_graph.backlinks
    assert [b.note_id for b in backlinks("en/Softmax.md")] == ["en/Attention.md", "zh/注意力.md"]
    # zh/注意力.md names "Softmax" twice: plainly (en/Softmax.md, the shorter path) and by path
    assert [b.note_id for b in backlinks("zh/深度/Softmax.md")] == ["zh/注意力.md"]
    assert [b.title for b in backlinks("en/deep/Transformer.md")] == ["Attention"]
    assert backlinks("en/Attention.md")[0].title == "注意力机制"


def test_a_note_created_later_mends_the_links_that_named_it(vault):
    knowledge_base = KnowledgeBase(vault)
    knowledge_base.sync()
    links = read_document((vault / "en/Attention.md").read_text()).links
    missing = [t.target for t in knowledge_base.note_links("en/Attention.md", links).targets
               if t.kind == "missing"]  # fmt: skip
    assert missing == ["Missing note"]
    (vault / "later").mkdir()
    (vault / "later/missing NOTE.md").write_text("# Found\n\nNow it exists.\n")
    knowledge_base.sync()
    resolved = knowledge_base.note_links("en/Attention.md", links).targets
    assert [t.note_id for t in resolved if t.target == "Missing note"] == ["later/missing NOTE.md"]
    new_links = knowledge_base.note_links("later/missing NOTE.md", [])
    assert [b.note_id for b in new_links.backlinks] == ["en/Attention.md"]


def test_show_renders_links_embeds_and_backlinks(vault):
    shown = run("show", "--notes", str(vault), "en/Attention.md", env={"COLUMNS": "64"}).stdout
    assert "[[" not in shown
    assert "Transformer › Positional encoding" in shown
    assert "⧉ Softmax\n" in shown  # the embedded note, by its title
    assert "[图片: diagram.png]" in shown
    assert "→ the model  en/deep/Transformer.md\n" in shown
    assert "→ Transformer › Positional encoding\nen/deep/Transformer.md#Positional encoding" in (
        shown
    )
    assert "✗ Missing note  Missing note (no such note)" in shown
    assert "← Linked from 1 note\n← 注意力机制  zh/注意力.md" in shown
    header = run("show", "--notes", str(vault), "Transformer").stdout.splitlines()[1]
    assert header.startswith("deep · ")  # not "en": the deeper folder says more


def test_show_json_prints_resolved_links_and_backlinks(vault):
    result = run("show", "--notes", str(vault), "en/Attention.md", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "en/Attention.md" and data["title"] == "Attention"
    assert data["category"] == "en"
    assert data["date_source"] == "file time"  # no front matter date, no git
    by_target = {link["target"]: link for link in data["links"]}
    assert by_target["transformer"] == {
        "text": "the model", "target": "transformer", "kind": "wiki", "leads_to": "note",
        "id": "en/deep/Transformer.md", "anchor": "", "title": "Transformer",
    }  # fmt: skip
    assert by_target["Transformer#Positional encoding"]["anchor"] == "Positional encoding"
    assert by_target["Softmax"]["kind"] == "embed"
    assert by_target["../zh/注意力.md"]["title"] == "注意力机制"
    assert by_target["Missing note"]["leads_to"] == "missing"
    assert by_target["Missing note"]["id"] is None
    assert by_target["#Attention"]["leads_to"] == "here"
    assert data["backlinks"] == [{"id": "zh/注意力.md", "title": "注意力机制"}]


def test_an_alias_names_a_note_for_links_and_backlinks(notes_root, write_note):
    write_note("seq/state-space-models.md", "# 状态空间模型\n\n正文。\n", aliases="[SSM, 状态空间]")
    write_note("a.md", "见 [[ssm]] 与 [[状态空间|那篇]]，还有 [[nothing]]。\n", title="引用者")
    knowledge_base = KnowledgeBase(notes_root)
    knowledge_base.sync()
    links = read_document((notes_root / "a.md").read_text().split("---\n")[-1]).links
    targets = knowledge_base.note_links("a.md", links).targets
    assert [t.note_id for t in targets] == ["seq/state-space-models.md"] * 2 + [""]
    backlinks = knowledge_base.link_graph.backlinks("seq/state-space-models.md")
    assert [b.note_id for b in backlinks] == ["a.md"]


def test_the_names_are_built_again_only_when_the_set_of_notes_changes(vault):
    # Building them reads every id (about 0.4 s at 100,000 notes): a note saved in place,
    # the usual live-reload change, must not pay it again on the next note opened.
    knowledge_base = KnowledgeBase(vault)
    knowledge_base.sync()
    graph = knowledge_base.link_graph
    names = graph.names()
    (vault / "en/Softmax.md").write_text("# Softmax\n\nNow with more words.\n")
    knowledge_base.sync_changed({"en/Softmax.md"})
    assert graph.names() is names
    (vault / "en/New.md").write_text("# New\n")
    knowledge_base.sync_changed({"en/New.md"})
    assert graph.names() is not names and "en/New.md" in graph.names().ids
