"""The help screen: every key, and the query syntax."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kbtui.app.wrapped_text import WrappedText
from kbtui.search.syntax import QUERY_SYNTAX

KEYS = """\
Anywhere
  /            search (Esc clears it and returns to the feed)
  Tab          move between the feed and the article
  f            filter the feed: category, tag, unread, bookmarked (F clears)
  m / u        mark the note read / unread
  b            bookmark the note (or remove the bookmark)
  [ ] Backsp.  back / forward through the notes you opened
  ctrl+p       command palette: filters, rebuild index, theme, ...
  ?            this help          q  quit

Feed
  j k ↑ ↓      move                g G  first / last
  PgUp PgDn    a page              Enter  open the note

Search bar
  type         results as you type (Chinese input works too)
  Enter        open the top (or selected) hit
  ↑ ↓          recall recent searches
  Tab          go to the results to pick one

Article
  j k ↑ ↓      scroll              g G  top / end
  Space PgDn   a page              t  table of contents
  n N          next / previous search match
  $            formulas as their TeX source, or back as text
  o            the note's links: open a note, or show and copy a URL
  e            edit the note in $VISUAL / $EDITOR; it is indexed and shown again after
  Esc          back to the feed on a narrow terminal

A note becomes read when you scroll to its end (or press m). ● marks an unread
note, ↻ one that changed since you read it, ★ a bookmark.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("kbtui keys", style="bold"))
            yield WrappedText(Text(KEYS), columns=True)
            yield Static(Text("Query syntax", style="bold"))
            yield WrappedText(Text(QUERY_SYNTAX), columns=True)
