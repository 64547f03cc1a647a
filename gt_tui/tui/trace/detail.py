"""One tool call shown whole: who made it and when, then its arguments and its response as
pretty JSON, each top-level value folded when long and cut after a screenful."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Collapsible, Static

from gt_tui.domain.agentic import Expectation, ToolCall
from gt_tui.tui.text import one_line
from gt_tui.tui.trace.json_text import json_text, pretty_lines
from gt_tui.tui.trace.rows import EXPECTATION_LABELS

FOLD_AT = 8
"""A value of more lines than this starts folded."""


def value_blocks(title: str, value: Any) -> list[Collapsible]:
    """One block per top-level key of an object, else one for the whole value."""
    whole = not (isinstance(value, dict) and value)
    parts = [(title, value)] if whole else list(value.items())
    blocks = []
    for key, inner in parts:
        lines = len(pretty_lines(inner))
        label = title if whole else f"{title}.{key}"
        blocks.append(
            Collapsible(
                Static(json_text(inner), classes="call-json"),
                title=f"{one_line(str(label), 60)} ({lines} line{'s' if lines != 1 else ''})",
                collapsed=lines > FOLD_AT,
            )
        )
    return blocks


def call_facts(call: ToolCall, expectation: Expectation | None) -> Text:
    facts = [
        f"{call.call_type} {one_line(call.name)}",
        f"agent {one_line(call.agent or '-')}",
        f"step {call.step_number if call.step_number is not None else '-'}",
    ]
    if call.parallel_group:
        facts.append(f"parallel group {one_line(call.parallel_group)}")
    if call.parent_call_id:
        facts.append(f"called by {one_line(call.parent_call_id)}")
    facts.append(f"expected: {EXPECTATION_LABELS[expectation] or 'no expectation'}")
    return Text("  ·  ".join(facts))


class CallDetailScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CallDetailScreen { align: center middle; }
    CallDetailScreen > VerticalScroll {
        width: 90%; height: 90%; border: round $accent; background: $surface; padding: 0 1;
    }
    CallDetailScreen Collapsible { padding: 0; border-top: none; }
    CallDetailScreen Collapsible Contents { padding: 0 0 0 4; }
    CallDetailScreen .call-facts { margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Back", show=True)]

    def __init__(self, call: ToolCall, expectation: Expectation | None) -> None:
        super().__init__()
        self.call = call
        self.expectation = expectation

    def compose(self) -> ComposeResult:
        call = self.call
        with VerticalScroll() as scroll:
            scroll.border_title = f"call {one_line(call.id or '(no id)', 40)}"
            yield Static(call_facts(call, self.expectation), classes="call-facts")
            yield from value_blocks("arguments", call.arguments)
            yield from value_blocks("response", call.response)

    def action_close(self) -> None:
        self.dismiss(None)
