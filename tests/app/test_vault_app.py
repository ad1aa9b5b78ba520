"""An Obsidian-style vault in the app: wikilinks drawn and followed (to a heading too),
embeds opened, backlinks listed at the page's end and on ``o``, a broken link told apart."""

from __future__ import annotations

import pytest

from kbtui.app.app import KbtuiApp
from kbtui.app.article_page import ArticlePage
from kbtui.app.pickers import Picker
from kbtui.app.viewer import ArticleViewer
from tests.app.test_app import open_and_settle, page_text, started
from tests.vault import write_vault


@pytest.fixture
def vault(notes_root):
    return write_vault(notes_root)


async def test_wikilinks_read_and_lead_where_obsidian_would(vault):
    app = KbtuiApp(vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot, note_id="en/Attention.md")
        shown = page_text(app)
        assert "[[" not in shown and "⧉ Softmax" in shown
        assert "Transformer › Positional encoding" in shown
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "down", "enter")  # the third link: a heading of Transformer
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        viewer = app.query_one(ArticleViewer)
        assert viewer.note.id == "en/deep/Transformer.md"
        page = app.query_one(ArticlePage)
        heading_line = next(line for h, line in page.page.heading_lines() if h.level == 2)
        assert page.scroll_y == min(heading_line, page.max_scroll_y) > 0  # not at the top
        assert "← Linked from 1 note\n← Attention  en/Attention.md" in page_text(app)


async def test_embeds_backlinks_and_broken_links_are_followed(vault):
    app = KbtuiApp(vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await started(app, pilot)
        await open_and_settle(app, pilot, note_id="en/Attention.md")
        viewer = app.query_one(ArticleViewer)
        links, resolved = app.session.links()
        embed = next(n for n, link in enumerate(links) if link.kind == "embed")
        app.viewer.follow(embed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert viewer.note.id == "en/Softmax.md"  # the same folder's Softmax, of two
        links, resolved = app.session.links()
        assert [b.note_id for b in resolved.backlinks] == ["en/Attention.md", "zh/注意力.md"]
        app.viewer.follow(len(links) + 1)  # the second backlink
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert viewer.note.id == "zh/注意力.md"
        broken = [n for n, t in enumerate(resolved.targets) if t.kind == "missing"]
        assert broken == []  # Softmax has no links of its own
        await open_and_settle(app, pilot, note_id="en/Attention.md")
        links, resolved = app.session.links()
        missing = next(n for n, t in enumerate(resolved.targets) if t.kind == "missing")
        app.viewer.follow(missing)
        await pilot.pause()
        assert viewer.note.id == "en/Attention.md"  # nowhere to go: it stays, and says so
        assert any("No note Missing note" in n.message for n in app._notifications)
