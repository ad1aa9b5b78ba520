"""The bundled knowledge base: complete, well-formed, and internally linked."""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from kbtui.corpus.files import walk_notes
from kbtui.corpus.frontmatter import split_front_matter
from kbtui.corpus.notes import load_note
from tests.conftest import BUNDLED_NOTES

NOTE_FILES = list(walk_notes(BUNDLED_NOTES))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1", re.S | re.M)


def test_corpus_size_and_mix_of_file_names():
    assert len(NOTE_FILES) >= 30
    names = [Path(f.id).stem for f in NOTE_FILES]
    assert sum(name.isascii() for name in names) >= 8
    assert sum(not name.isascii() for name in names) >= 8


@pytest.mark.parametrize("note_file", NOTE_FILES, ids=lambda f: f.id)
def test_note_is_well_formed(note_file):
    text = note_file.path.read_text(encoding="utf-8")
    front = split_front_matter(text)
    assert front.problem is None
    for key in ("title", "date", "category", "tags"):
        assert front.fields.get(key), f"{note_file.id}: front matter lacks {key}"
    note = load_note(BUNDLED_NOTES, note_file)
    assert note.problems == ()
    assert 2025 <= note.date.year <= 2026
    assert isinstance(front.fields["tags"], list) and front.fields["tags"]
    assert 80 <= len(text.splitlines()) <= 250, f"{note_file.id}: {len(text.splitlines())} lines"
    assert "## 相关笔记" in text
    assert "```" in text or "$" in text, "a technical note has code or formulas"


@pytest.mark.parametrize("note_file", NOTE_FILES, ids=lambda f: f.id)
def test_internal_links_resolve(note_file):
    text = FENCE.sub("", note_file.path.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        path = urllib.parse.unquote(target.split("#", 1)[0])
        resolved = (note_file.path.parent / path).resolve()
        assert resolved.is_file(), f"{note_file.id}: broken link {target}"
        assert resolved.is_relative_to(BUNDLED_NOTES.resolve())


def test_series_and_dates():
    notes = [load_note(BUNDLED_NOTES, f) for f in NOTE_FILES]
    series = Counter(note.series for note in notes if note.series)
    assert len(series) >= 3 and all(count >= 2 for count in series.values())
    for note in notes:
        if note.series:
            assert note.series in note.body, f"{note.id} does not say its place in {note.series}"
    days = Counter(note.date.date() for note in notes)
    assert any(count >= 2 for count in days.values())
    assert {note.date.year for note in notes} == {2025, 2026}
