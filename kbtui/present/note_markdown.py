"""A note rendered for ``kbtui show``: Rich's Markdown, with raw HTML shown as text.

Kept apart from ``kbtui.present.render`` because Rich's Markdown and markdown-it take about
60 ms to import, which ``kbtui search`` (and its cold start) should not pay.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from rich.markdown import Markdown

from kbtui.corpus.safety import terminal_safe


class _TextHtmlMarkdown(Markdown):
    """Rich's Markdown with raw HTML off, so tags in a note show as the text they are."""

    def __init__(self, markup: str, **options: Any) -> None:
        super().__init__(markup, **options)
        parser = MarkdownIt(options_update={"html": False}).enable("strikethrough").enable("table")
        self.parsed = parser.parse(markup)


def note_markdown(body: str) -> Markdown:
    """A note body for the terminal: highlighted code, tables, links and raw HTML shown as text."""
    return _TextHtmlMarkdown(terminal_safe(body), code_theme="monokai", hyperlinks=False)
