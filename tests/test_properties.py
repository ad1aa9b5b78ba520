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


# The shapes a hostile user or a paste sends: lone surrogates (bytes that were not UTF-8 on a
# command line), huge words, thousands of terms, unbalanced quotes and parentheses.
SURROGATE_TEXT = st.lists(
    st.one_of(PIECES, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)), max_size=20
).map("".join)
HUGE_WORD = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["a", "状", "x1", "tranformer", '"(', "\u202e"]),
    st.integers(200, 20_000),
)
MANY_TERMS = st.builds(
    lambda words, count: " ".join(words * count),
    st.lists(st.sampled_from(["mamba", "倒排索引", "-x", "OR", '"', "(", ")", "tranformer",
                              "title:检查", "NOT", "flashatention"]), min_size=1, max_size=5),
    st.integers(100, 1_000),
)  # fmt: skip
UNBALANCED = st.lists(
    st.sampled_from(['"', "(", ")", '""', '-"', "OR", "NOT", "-(", "tag:", "mamba", "检查点"]),
    max_size=60,
).map(" ".join)
HOSTILE_QUERY = st.one_of(NASTY_TEXT, SURROGATE_TEXT, HUGE_WORD, MANY_TERMS, UNBALANCED)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE_QUERY)
@example(text="mamba\udcff")
@example(text="tranformer " * 2_000)
def test_any_query_is_answered_with_bounded_work(index, text):
    from kbtui.search.interpret import FUZZY_MAX_WORDS, spelling_corrections
    from kbtui.search.query import MAX_CLAUSES, MAX_PHRASE_LENGTH

    parsed = parse_query(text)
    assert len(parsed.clauses) <= MAX_CLAUSES  # what tantivy is given is bounded...
    for clause in parsed.clauses:
        for term in clause.alternatives:
            assert len(term.text) <= MAX_PHRASE_LENGTH
            term.text.encode("utf-8")  # ...and is text the index can take
    assert len(spelling_corrections(parsed, index.store.searcher())) <= FUZZY_MAX_WORDS
    if not parsed.is_empty:
        results = index.search(parsed, limit=5)
        assert results.total >= len(results.hits)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE_QUERY)
@example(text="\udcff\udcfe")
@example(text='"(((')
def test_the_search_command_gives_hits_or_one_line_messages_never_a_traceback(index, capsys, text):
    from kbtui.cli import main

    status = main(["search", "--notes", str(index.notes_root), "--", text])
    out, err = capsys.readouterr()
    assert status in (0, 1, 2)
    assert (status == 0) == bool(out)
    for line in err.splitlines():
        assert line.startswith("kbtui: ") and "internal error" not in line
    assert "Traceback" not in err
