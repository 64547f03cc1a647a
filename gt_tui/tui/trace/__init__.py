"""The trace section of an agentic item (GTC 2.x): its tool calls as a tree with one key
per expectation (section.py), a call's arguments and response (detail.py), the expected
arguments form (arguments.py), and the item's context, feedback, metadata and trace ids
read-only (facts.py). Standalone widgets: they post messages and never write to a store.

Hosting them (the item screen; tests/tui/trace_host.py does the same on a small app):
- compose a `TraceSection` and a `TraceFacts` when `item.is_agentic`;
- `section.load(draft.tool_calls, draft.expected_tools)` and `await facts.load(item)`
  whenever the item (or a reloaded version) is shown;
- bind `T` to `section.focus()`;
- on `TraceSection.ExpectationChanged`, set the draft's `expected_tools` to
  `message.expected_tools`: an unsaved edit like any other (dirty marker, journal,
  keep-mine merge on the `expected_tools` field), approved through the one approval gate.
"""

from gt_tui.tui.trace.facts import TraceFacts
from gt_tui.tui.trace.section import TraceSection

__all__ = ["TraceFacts", "TraceSection"]
