"""The trace section of an agentic item (GTC 2.x): its tool calls as a tree with one key
per expectation (section.py), a call's arguments and response (detail.py), the expected
arguments form (arguments.py), and the item's context, feedback, metadata and trace ids
read-only (facts.py). Standalone widgets: they post messages and never write to a store."""

from gt_tui.tui.trace.facts import TraceFacts
from gt_tui.tui.trace.section import TraceSection

__all__ = ["TraceFacts", "TraceSection"]
