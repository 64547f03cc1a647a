"""A small host app for the trace widgets: it keeps the item as a draft, applies each
ExpectationChanged to it (as the item screen will), and asks the approval gate."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.widgets import Footer

from gt_tui.demo.agentic import build_agentic_items
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.approval import ApprovalGate
from gt_tui.tui.start.themes import load_themes
from gt_tui.tui.trace import TraceFacts, TraceSection

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SIZE = (110, 32)


def demo_item(item_id: str = "at-003") -> GroundTruthItem:
    """A demo trace: a subagent with its own calls, a parallel pair, long responses."""
    return next(item for item in build_agentic_items(NOW, "alice") if item.id == item_id)


class TraceHost(App):
    def __init__(self, item: GroundTruthItem, theme: str = "gt-dark") -> None:
        super().__init__()
        for custom in load_themes():
            self.register_theme(custom)
        self.theme = theme
        self.draft = item.model_copy(deep=True)
        self.changes: list[TraceSection.ExpectationChanged] = []

    def compose(self) -> ComposeResult:
        yield TraceSection(id="trace")
        yield TraceFacts(id="facts")
        yield Footer()

    async def on_mount(self) -> None:
        section = self.query_one(TraceSection)
        section.load(self.draft.tool_calls, self.draft.expected_tools)
        await self.query_one(TraceFacts).load(self.draft)
        section.focus()

    def on_trace_section_expectation_changed(self, message: TraceSection.ExpectationChanged):
        self.changes.append(message)
        self.draft.expected_tools = message.expected_tools

    def gate_problems(self) -> list[str]:
        return [str(problem) for problem in ApprovalGate().problems(self.draft)]
