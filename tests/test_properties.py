"""Property-based tests: random text never makes the query path or the front matter parser raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kbtui.corpus.excerpt import make_excerpt
from kbtui.corpus.frontmatter import split_front_matter
from kbtui.corpus.markdown import read_document
from kbtui.corpus.notes import parse_date
from kbtui.search.knowledge_base import KnowledgeBase
from kbtui.search.query import parse_query
from kbtui.search.snippets import make_snippet

# Text that leans towards what breaks parsers: query syntax, YAML/TOML syntax, CJK, controls.
PIECES = st.sampled_from(
    ['"', "-", "OR", "NOT", "AND", "(", ")", "*", ":", "title:", "tag:", "foo:", "\\", "---",
     "+++", "...", "[", "]", "{", "}", "|", "#", "$$", "`", "\x1b[31m", "\x1b]0;x\x07", "\x00",
     "\u202e", "\t", "\n", " ", "倒排索引", "mamba", "Flash", "检查点", "２０２５", "🚀"]
)  # fmt: skip
NASTY_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("notes")
    (root / "a.md").write_text("---\ntitle: 倒排索引\n---\nmamba FlashAttention 检查点\n", "utf-8")
    (root / "b.md").write_text("# 另一篇\n普通 text OR NOT\n", "utf-8")
    note_index = KnowledgeBase(root, directory=tmp_path_factory.mktemp("index"))
    note_index.sync()
    return note_index


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=NASTY_TEXT)
def test_any_query_parses_and_searches(index, text):
    parsed = parse_query(text)
    for warning in parsed.warnings:
        assert "\x1b" not in warning
    if parsed.is_empty:
        return
    results = index.search(parsed, limit=5)
    assert results.total >= len(results.hits)
    for hit in results.hits:
        for start, end in hit.snippet.spans:
            assert 0 <= start < end <= len(hit.snippet.text)


@settings(max_examples=300, deadline=None)
@given(text=NASTY_TEXT)
@example(text="\x00２０２５\x00")  # NUL and full-width digits once looked like a kept code span
def test_any_front_matter_splits(text):
    for opener in ("---\n", "+++\n", "\n---\n", ""):
        front = split_front_matter(opener + text)
        assert isinstance(front.fields, dict)
        assert isinstance(front.body, str)
        parse_date(front.fields.get("date"))
        make_excerpt(read_document(front.body))


@settings(max_examples=200, deadline=None)
@given(text=NASTY_TEXT, terms=st.lists(NASTY_TEXT, max_size=4))
def test_any_snippet_is_well_formed(text, terms):
    snippet = make_snippet(text, terms)
    assert "\n" not in snippet.text
    previous_end = 0
    for start, end in snippet.spans:
        assert previous_end <= start < end <= len(snippet.text)
        previous_end = end
