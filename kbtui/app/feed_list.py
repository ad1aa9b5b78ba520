"""The feed pane's list: notes or search hits, drawn line by line.

A line-API ScrollView renders only the rows on screen, so the list costs the
same with 30 notes or 100,000: no widget per note. Each entry takes
``ENTRY_HEIGHT`` rows: the title line (unread mark, title, bookmark), a meta
line, two lines of excerpt or snippet, and a blank row.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kbtui.app.entries import NO_ENTRIES, FeedEntry, LazyEntries
from kbtui.app.key_bindings import bindings
from kbtui.corpus.safety import one_line
from kbtui.present.linebreak import wrap_text
from kbtui.present.render import MATCH_STYLE, meta_line

ENTRY_HEIGHT = 5
UNREAD_MARK = "●"
UPDATED_MARK = "↻"
BOOKMARK_MARK = "★"


class FeedList(ScrollView, can_focus=True):
    """Newest-first notes, or ranked hits, with a cursor."""

    BINDINGS = bindings("feed")

    COMPONENT_CLASSES = {
        "feed-list--cursor",
        "feed-list--title",
        "feed-list--meta",
        "feed-list--excerpt",
        "feed-list--mark",
        "feed-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """The reader asked to open the entry under the cursor."""

        def __init__(self, note_id: str) -> None:
            super().__init__()
            self.note_id = note_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: LazyEntries = NO_ENTRIES
        self.empty_message = "No notes."
        self._cache: dict[tuple[int, int, bool], list[Strip]] = {}
        self._styles: dict[str, Style] = {}

    # -- content ---------------------------------------------------------------

    def set_entries(self, entries: LazyEntries, keep: str | None = None) -> None:
        """Replace the list; the cursor stays on `keep` when it is still there, else where it
        was (a note read under "unread only" leaves: the cursor is on the one after it)."""
        self.entries = entries
        self._cache.clear()
        position = entries.position_of(keep) if keep is not None else 0
        if position is None:
            position = self.cursor
        self.virtual_size = Size(self.size.width, len(entries) * ENTRY_HEIGHT)
        self.cursor = position
        self.refresh()

    @property
    def current(self) -> FeedEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.entries) * ENTRY_HEIGHT)

    # -- cursor ----------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.entries) - 1)) if self.entries else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache = {
            key: strips for key, strips in self._cache.items() if key[0] not in (old, new)
        }
        if self.entries:
            region = Region(0, new * ENTRY_HEIGHT, self.size.width, ENTRY_HEIGHT)
            self.scroll_to_region(region, animate=False, force=True)
        self.refresh()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.entries) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height // ENTRY_HEIGHT)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height // ENTRY_HEIGHT)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current.note.id))

    def on_click(self, event: Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ENTRY_HEIGHT
        if 0 <= index < len(self.entries):
            self.cursor = index
            self.action_open()

    # -- drawing ---------------------------------------------------------------

    def _style(self, part: str = "") -> Style:
        """The list's style, or a part's ("title", "mark"...), kept until the styles change:
        asking Textual for them on every line was a third of drawing a new list of hits."""
        style = self._styles.get(part)
        if style is None:
            style = self.get_component_rich_style(f"feed-list--{part}") if part else self.rich_style
            self._styles[part] = style
        return style

    def notify_style_update(self) -> None:
        if hasattr(self, "_styles"):  # (Textual may call this while the widget is being made)
            self._styles.clear()
            self._cache.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # not under the scrollbar
        line = int(self.scroll_offset.y) + y
        base = self._style()
        if not self.entries:
            if y == 1:
                style = self._style("empty")
                return self._strip(Text(f"  {self.empty_message}", style=style), width, base)
            return Strip.blank(width, base)
        index, row = divmod(line, ENTRY_HEIGHT)
        if index >= len(self.entries):
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, width, selected)
        if key not in self._cache:
            self._cache[key] = self._render_entry(self.entries[index], width, selected)
        return self._cache[key][row]

    def _render_entry(self, entry: FeedEntry, width: int, selected: bool) -> list[Strip]:
        base = self._style()
        if selected:
            base = base + self._style("cursor")
        mark_style = self._style("mark")
        title = Text(no_wrap=True, overflow="ellipsis")
        mark = UPDATED_MARK if entry.updated else UNREAD_MARK if entry.unread else " "
        title.append(f" {mark} ", style=mark_style)
        title.append(one_line(entry.note.title), style=self._style("title"))
        if entry.bookmarked:
            title.append(f" {BOOKMARK_MARK}", style=mark_style)
        meta = Text("   " + meta_line(entry.note, with_id=False), no_wrap=True, overflow="ellipsis")
        meta.stylize(self._style("meta"))
        body = self._body_lines(entry, width - 3)
        strips = [self._strip(title, width, base), self._strip(meta, width, base)]
        strips += [self._strip(Text("   ") + line, width, base) for line in body]
        strips.append(Strip.blank(width, self._style()))
        return strips

    def _body_lines(self, entry: FeedEntry, width: int) -> list[Text]:
        """Two lines of excerpt (or of the search snippet, with its matches marked)."""
        style = self._style("excerpt")
        if entry.snippet is not None:
            text = Text(entry.snippet.text, style=style)
            match_style = Style.parse(MATCH_STYLE)
            for start, end in entry.snippet.spans:
                text.stylize(match_style, start, end)
        else:
            text = Text(one_line(entry.note.excerpt), style=style)
        lines = wrap_text(text, max(width, 10), max_lines=3)
        if len(lines) > 2:
            second = lines[1]
            second.truncate(max(width - 1, 1))
            second.append("…", style=style)
            lines = lines[:2]
        while len(lines) < 2:
            lines.append(Text(""))
        return lines

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        if text.cell_len > width:  # cut where the text says (a title ends in "…")
            text = text.copy()
            text.truncate(width, overflow=text.overflow or "crop")
        segments = list(text.render(self.app.console, end=""))
        return Strip(Segment.apply_style(segments, style)).adjust_cell_length(width, style)
