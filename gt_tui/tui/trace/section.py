"""The trace section: an agentic item's tool calls as a tree, one row per call (name, type,
agent, expectation), and one key per expectation on the highlighted call.

`r` required, `o` optional, `n` not needed, `-` none: expectations are per tool name, in
one list at most (as in GTC 2.x), so marking one call marks every call of that tool. `e`
edits the expectation's arguments, `enter` shows the call's arguments and response. The
section never writes to a store: it posts ExpectationChanged with the whole new
`expectedTools`, and its host keeps it as an unsaved edit of the item.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from gt_tui.domain.agentic import Expectation, ExpectedTools, ToolCall
from gt_tui.tui.text import one_line
from gt_tui.tui.trace.rows import EXPECTATION_LABELS, TraceRow, trace_rows

EXPECTATION_STYLES: dict[Expectation | None, str] = {
    "required": "bold",
    "optional": "italic",
    "not_needed": "dim",
    None: "",
}
COLUMNS = (("call", 36), ("expected", 10), ("type", 8), ("agent", 20))
"""The expectation right after the name: on the item screen's narrower column the agent
is what runs past the edge, never what the curator is marking."""


class TraceSection(DataTable):
    """The tool calls of one agentic item; `load()` fills it, keys post messages."""

    DEFAULT_CSS = """
    TraceSection { height: auto; max-height: 24; border: round $secondary; }
    TraceSection:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("enter", "show_call", "Call", show=True, id="trace.call"),
        Binding("r", "expect('required')", "Required", show=True, id="trace.required"),
        Binding("o", "expect('optional')", "Optional", show=True, id="trace.optional"),
        Binding("n", "expect('not_needed')", "Not needed", show=True, id="trace.not_needed"),
        Binding("minus", "expect('')", "None", show=True, key_display="-", id="trace.none"),
        Binding("e", "edit_arguments", "Arguments", show=True, id="trace.arguments"),
        Binding("escape", "leave", "Leave trace", show=True, id="list.leave"),
    ]

    class ExpectationChanged(Message):
        """The curator set (or cleared) a tool's expectation or its arguments."""

        def __init__(
            self,
            section: TraceSection,
            tool_name: str,
            expectation: Expectation | None,
            expected_tools: ExpectedTools,
        ) -> None:
            super().__init__()
            self.section = section
            self.tool_name = tool_name
            self.expectation = expectation
            self.expected_tools = expected_tools

        @property
        def control(self) -> TraceSection:
            return self.section

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.border_title = "trace"
        self.calls: list[ToolCall] = []
        self.expected = ExpectedTools()
        self.shown: list[TraceRow] = []

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.add_column(label, key=label, width=width)

    def load(self, calls: list[ToolCall] | None, expected: ExpectedTools | None) -> None:
        """Show these calls and expectations (the host's current draft values)."""
        self.calls = list(calls or [])
        self.expected = expected.model_copy(deep=True) if expected else ExpectedTools()
        self.shown = trace_rows(self.calls, self.expected)
        self.clear()
        for position, row in enumerate(self.shown):
            self.add_row(*self._cells(row), key=str(position))
        self.border_title = f"trace · {len(self.calls)} calls (T)"

    def _cells(self, row: TraceRow) -> list[Text]:
        call = row.call
        name = Text(row.prefix, style="dim")
        if row.parallel:
            name.append("∥ ", style="bold")
        name.append(one_line(call.name))
        return [
            name,
            self._expectation_cell(row.expectation),
            Text(call.call_type),
            Text(one_line(call.agent or "", 20)),
        ]

    @staticmethod
    def _expectation_cell(expectation: Expectation | None) -> Text:
        return Text(EXPECTATION_LABELS[expectation], style=EXPECTATION_STYLES[expectation])

    # -- the highlighted call ----------------------------------------------------------------

    def highlighted(self) -> TraceRow | None:
        if not self.shown or self.cursor_row < 0 or self.cursor_row >= len(self.shown):
            return None
        return self.shown[self.cursor_row]

    def action_leave(self) -> None:
        """`escape` leaves the trace (back to the item's keys) before a second leaves the item."""
        self.screen.set_focus(None)

    def action_show_call(self) -> None:
        row = self.highlighted()
        if row is not None:
            from gt_tui.tui.trace.detail import CallDetailScreen

            self.app.push_screen(CallDetailScreen(row.call, row.expectation))

    def action_expect(self, kind: str) -> None:
        row = self.highlighted()
        if row is None:
            return
        expectation: Expectation | None = kind or None  # type: ignore[assignment]
        self._set(
            row.call.name, expectation, self.expected.with_expectation(row.call.name, expectation)
        )

    def action_edit_arguments(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        found = self.expected.expectation_of(row.call.name)
        if found is None:
            self.app.notify(
                f"{one_line(row.call.name)} has no expectation: press r, o or n first",
                severity="warning",
            )
            return
        from gt_tui.tui.trace.arguments import ExpectationArgumentsScreen

        kind, entry = found
        name = row.call.name

        def keep(result: Any) -> None:
            if result is not ExpectationArgumentsScreen.CANCELLED:
                self._set(name, kind, self.expected.with_expectation(name, kind, result))

        self.app.push_screen(ExpectationArgumentsScreen(name, entry.arguments), keep)

    def _set(self, name: str, kind: Expectation | None, expected: ExpectedTools) -> None:
        """Keep the new expectations, repaint the rows of that tool, tell the host."""
        self.expected = expected
        label = self._expectation_cell(kind)
        rows = []
        for position, row in enumerate(self.shown):
            if row.call.name == name:
                row = TraceRow(row.index, row.call, row.depth, row.prefix, row.parallel, kind)
                self.update_cell(str(position), "expected", label)
            rows.append(row)
        self.shown = rows
        self.post_message(self.ExpectationChanged(self, name, kind, expected))
