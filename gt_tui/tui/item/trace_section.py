"""The item screen's trace section: an agentic item's tool calls (gt_tui/tui/trace) over the
screen's ItemDraft, and its context, feedback, metadata and trace ids read-only below.

Hidden for a RAG item. Each one-key expectation (and each expected-arguments edit) the
trace posts becomes the draft's `expected_tools`: an unsaved edit like any other (the
screen's dirty marker, journal, keep-mine merge), approved through the one gate.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from gt_tui.domain.agentic import ExpectedTools
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.item.sections import ItemSection
from gt_tui.tui.trace import TraceFacts, TraceSection


class TraceItemSection(ItemSection):
    """The trace and the folded facts of the draft's item (nothing for a RAG item)."""

    DEFAULT_CSS = """
    TraceItemSection { height: auto; margin-top: 1; }
    TraceItemSection TraceSection { scrollbar-size-horizontal: 0; }
    """

    def __init__(self) -> None:
        super().__init__(id="trace-item-section")
        self._facts_of: tuple[str, str, str | None] | None = None
        """The item version whose facts are mounted (None: none mounted)."""

    def compose(self) -> ComposeResult:
        yield TraceSection(id="trace")
        yield TraceFacts(id="trace-facts")

    @property
    def trace(self) -> TraceSection:
        return self.query_one("#trace", TraceSection)

    def fill(self, draft: ItemDraft) -> None:
        item = draft.base
        agentic = item.is_agentic
        if self.display != agentic:
            self.display = agentic
        trace = self.trace
        key = (item.dataset_name, item.id, item.etag) if agentic else None
        if agentic:
            # The same item again (saved, merged, restored): the cursor stays on its call.
            same = self._facts_of is not None and self._facts_of[:2] == key[:2]
            row = trace.cursor_row if same else 0
            trace.load(item.tool_calls, draft.expected_tools)
            trace.move_cursor(row=min(row, max(trace.row_count - 1, 0)), animate=False)
        else:
            if trace.has_focus:
                self.screen.set_focus(None)  # its keys must not act on a hidden trace
            if trace.row_count:
                trace.load([], None)  # nothing of the agentic item before stays behind
        if key != self._facts_of:
            self._facts_of = key
            self.call_after_refresh(self._show_facts, item if agentic else None)

    async def _show_facts(self, item: GroundTruthItem | None) -> None:
        """Mounted once the trace is painted (they start folded, below it)."""
        facts = self.query_one(TraceFacts)
        if item is None:
            await facts.remove_children()
        else:
            await facts.load(item)

    def focus_trace(self) -> None:
        """`T` on the item screen."""
        if self.draft is None or not self.draft.base.is_agentic:
            self.notify("This item has no trace (only agentic items do).", markup=False)
            return
        self.trace.focus()

    @on(TraceSection.ExpectationChanged)
    def _expected(self, event: TraceSection.ExpectationChanged) -> None:
        event.stop()
        draft = self.draft
        if draft is None:
            return
        expected: ExpectedTools | None = event.expected_tools.model_copy(deep=True)
        if draft.base.expected_tools is None and expected == ExpectedTools():
            expected = None  # every mark taken back: absent stays absent
        draft.expected_tools = expected
        self.changed()
