"""The item screen's references list and conversation list, each a DataTable.

A DataTable paints only the rows in view, so an item with 500 references opens as fast as
one with five (mounting one widget per reference took seconds). The keys that act on the
highlighted row live here, so focus decides: `u` on a reference brings back the last removed
one, while on the item screen it undoes the last decision; `+` on a turn inserts a turn.
The lists only ask: they post `Requested`, and the screen changes the draft and refills them.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from gt_tui.domain.models import HistoryTurn
from gt_tui.services.content_edits import RefRow
from gt_tui.tui.text import one_line, visible

FIRST_SCREENFUL = 30
"""Rows added before the first paint; the rest follow in chunks after it."""
CHUNK = 100


def _flags(row: RefRow) -> Text:
    text = Text()
    if row.ref.bonus:
        text.append("bonus ", style="italic")
    if row.ref.visited_at is not None:
        text.append("visited")
    return text


def reference_cells(number: int, row: RefRow, multi_turn: bool) -> list[Text]:
    cells = [Text(str(number))]
    if multi_turn:
        cells.append(Text("item" if row.place is None else f"turn {row.place + 1}"))
    cells += [
        Text(one_line(row.ref.title, 28) or "(untitled)"),
        _flags(row),
        Text(one_line(row.ref.url, 80)),
    ]
    return cells


class _ContentList(DataTable):
    """Shared: fill lazily (a screenful now, the rest after the first paint); `escape`
    leaves the list (back to the item's keys) before a second one leaves the item."""

    ROW_HEIGHT = 1

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Rows added or taken away relay out the screen only where a scrollbar may come or go
    (watch_virtual_size): a list's size is set by the stylesheet, and the next item's
    references, as long as they fit, only repaint it."""

    _frame_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """DataTable works out the widget's style (walking every ancestor's styles) again
        for each line it paints; one frame's lines share one style."""
        self._frame_style = DataTable.rich_style.fget(self)  # type: ignore[attr-defined]
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    @property
    def rich_style(self) -> Style:
        style = self._frame_style
        return style if style is not None else DataTable.rich_style.fget(self)  # type: ignore[attr-defined]

    def watch_virtual_size(self, before: Size, after: Size) -> None:
        room = self.scrollable_content_region.height
        if before.height > room or after.height > room:
            self.refresh(layout=True)

    class Requested(Message):
        """The curator pressed a key on a row (`row` is None when the list is empty)."""

        def __init__(self, source: _ContentList, action: str, row: int | None) -> None:
            super().__init__()
            self.source = source
            self.action = action
            self.row = row

        @property
        def control(self) -> _ContentList:
            return self.source

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._fill_generation = 0

    def action_leave_list(self) -> None:
        self.screen.set_focus(None)

    def _fill(self, count: int, cells_of: Callable[[int], list[Text]], cursor: int | None) -> None:
        """Show `count` rows: a screenful now, the rest in chunks once that has painted
        (cells are built only for the rows being added)."""
        self.clear()
        self._fill_generation += 1
        generation = self._fill_generation
        wanted = 0 if cursor is None else cursor

        def add(start: int, stop: int) -> None:
            if generation != self._fill_generation:
                return  # another item (or a newer fill) replaced these rows
            for i in range(start, stop):
                self.add_row(*cells_of(i), height=self.ROW_HEIGHT)
            if start <= wanted < stop or (stop == count and wanted >= count):
                self.move_cursor(row=min(wanted, self.row_count - 1), animate=False)
            if stop < count:
                self.set_timer(0.01, lambda: add(stop, min(stop + CHUNK, count)))

        first = max(FIRST_SCREENFUL, wanted + 1)
        add(0, min(first, count))

    def request(self, action: str) -> None:
        row = self.cursor_row if self.row_count else None
        self.post_message(type(self).Requested(self, action, row))


class ReferenceList(_ContentList):
    """Every reference of the item: its own, then each turn's (a `turn` column says which)."""

    class Requested(_ContentList.Requested):
        """Handled by `on_reference_list_requested`."""

    BINDINGS = [
        Binding("enter", "request('edit')", "Edit ref", show=True, id="reference.edit"),
        Binding("x", "request('remove')", "Remove", show=True, id="reference.remove"),
        Binding("u", "request('restore')", "Bring back", show=True, id="reference.restore"),
        Binding("b", "request('bonus')", "Bonus", show=True, id="reference.bonus"),
        Binding("o", "request('open')", "Open", show=True, id="reference.open"),
        Binding("escape", "leave_list", "Leave list", show=True, id="list.leave"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: list[RefRow] = []
        self._multi_turn: bool | None = None

    def show(self, rows: list[RefRow], multi_turn: bool, cursor: int | None = None) -> None:
        if multi_turn != self._multi_turn:
            self.clear(columns=True)
            names = ["#", "turn", "title", "", "url"] if multi_turn else ["#", "title", "", "url"]
            self.add_columns(*names)
            self._multi_turn = multi_turn
        self.rows_shown = rows
        self._fill(len(rows), lambda i: reference_cells(i + 1, rows[i], multi_turn), cursor)

    def action_request(self, action: str) -> None:
        self.request(action)


TURN_MESSAGE_CELLS = 400
"""A turn's message is the last column, takes the rest of the pane and wraps onto two
lines: the conversation reads at a glance; the highlighted turn is shown whole below."""
TURN_COLUMNS = (("#", 2), ("role", 12))
"""The fixed columns before the message (labels and widths); a turn's reference and
expected-behaviour counts are the role cell's second line."""
MIN_MESSAGE_WIDTH = 20
MAX_ROLE_WIDTH = 24
"""Agentic conversations name their agents (`orchestrator-agent`): the role column widens
to the item's longest role, up to this, so every role reads as it is stored."""


def role_width(turns: list[HistoryTurn]) -> int:
    default = dict(TURN_COLUMNS)["role"]
    return min(MAX_ROLE_WIDTH, max([default, *(len(turn.role) for turn in turns)]))


def turn_cells(number: int, turn: HistoryTurn, width: int = 12) -> list[Text]:
    counts = []
    if turn.refs:
        counts.append(f"{len(turn.refs)} ref{'s' if len(turn.refs) > 1 else ''}")
    if turn.expected_behavior:
        counts.append(f"{len(turn.expected_behavior)} exp")
    role = Text(one_line(turn.role, width))
    if counts:
        role.append("\n" + " ".join(counts), style="italic")
    message = Text(one_line(turn.msg, TURN_MESSAGE_CELLS) or "(empty)", overflow="ellipsis")
    return [Text(str(number)), role, message]


class TurnList(_ContentList):
    """The conversation, one row per turn; roles shown exactly as stored."""

    class Requested(_ContentList.Requested):
        """Handled by `on_turn_list_requested`."""

    BINDINGS = [
        Binding("enter", "request('edit')", "Edit turn", show=True, id="turn.edit"),
        Binding(
            "plus", "request('insert')", "Insert turn", show=True, key_display="+", id="turn.insert"
        ),
        Binding("x", "request('delete')", "Delete turn", show=True, id="turn.delete"),
        Binding("e", "request('expected')", "Expected", show=True, id="turn.expected"),
        Binding("escape", "leave_list", "Leave list", show=True, id="list.leave"),
    ]

    ROW_HEIGHT = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        for label, width in TURN_COLUMNS:
            self.add_column(label, width=width, key=label)
        self.add_column("message", width=self._message_width(), key="message")

    def _message_width(self) -> int:
        fixed = sum(column.width + 2 for column in self.ordered_columns[:-1])  # 1 cell each side
        room = self.size.width - 1 if self.size.width else 60  # 1: the vertical scrollbar
        return max(MIN_MESSAGE_WIDTH, room - fixed - 2)

    def on_resize(self) -> None:
        column = self.columns.get(ColumnKey("message"))
        width = self._message_width()
        if column is not None and column.width != width:
            column.width = width
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    def show(self, turns: list[HistoryTurn], cursor: int | None = None) -> None:
        width = role_width(turns)
        role = self.columns[ColumnKey("role")]
        if role.width != width:
            role.width = width
            self.on_resize()
        self._fill(len(turns), lambda i: turn_cells(i + 1, turns[i], width), cursor)

    def action_request(self, action: str) -> None:
        self.request(action)


def reference_preview(row: RefRow | None) -> Text:
    """The highlighted reference in full: title, url, key excerpt, visit, content."""
    text = Text()
    if row is None:
        return Text("No references. Press + to add one.", style="italic")
    ref = row.ref
    text.append(one_line(ref.title) or "(untitled)", style="bold")
    if ref.bonus:
        text.append("  bonus", style="italic")
    text.append("\n")
    text.append(one_line(ref.url), style="underline")
    if ref.visited_at is not None:
        text.append(f"\nvisited {ref.visited_at:%Y-%m-%d %H:%M} UTC")
    if ref.key_excerpt:
        text.append("\n“")
        text.append(visible(ref.key_excerpt), style="italic")
        text.append("”")
    if ref.content:
        text.append("\n")
        text.append(visible(ref.content))
    return text


def turn_preview(number: int, turn: HistoryTurn) -> Text:
    text = Text()
    text.append(f"{number}. {one_line(turn.role)}: ", style="bold")
    text.append(visible(turn.msg) or "(empty)")
    if turn.expected_behavior:
        text.append("\nexpected: ", style="italic")
        text.append(visible(", ".join(turn.expected_behavior)), style="italic")
    return text
