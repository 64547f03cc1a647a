"""What every trace format is read into before it becomes an item: a trace of steps.

A step is one span (OTLP) or observation (Langfuse): an LLM call with its input and
output messages, a tool call with its arguments and response, an agent, or anything else.
Readers fill these; builder.py turns a Trace into a draft agentic item (a plain dict in
GTC 2.x's shape), so no reader knows the item and the item knows no format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from gt_tui.services.import_reading import LineProblem as TraceProblem

__all__ = ["TRACE_FORMATS", "Message", "Step", "StepKind", "Trace", "TraceProblem"]

StepKind = Literal["llm", "tool", "agent", "other"]
TRACE_FORMATS = ("otlp", "openinference", "langfuse", "gtc-trace-export")


@dataclass(frozen=True)
class Message:
    role: str
    text: str


@dataclass
class Step:
    span_id: str
    parent_id: str | None
    name: str
    kind: StepKind = "other"
    order: int = 0
    """Position in the file, for steps without times (and ties)."""
    start: datetime | None = None
    end: datetime | None = None
    agent_name: str | None = None
    tool_name: str | None = None
    tool_call_id: str | None = None
    arguments: Any = None
    response: Any = None
    input_messages: list[Message] = field(default_factory=list)
    output_messages: list[Message] = field(default_factory=list)
    model: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    feedback: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Trace:
    """One trace as read from a file. `number` is the line (JSONL) or position (an array,
    a `traces` / `data` list) it starts at, for FILE:N: problems."""

    trace_id: str
    number: int
    format: str
    steps: list[Step] = field(default_factory=list)
    name: str | None = None
    conversation_id: str | None = None
    user_id: str | None = None
    start: datetime | None = None
    feedback: list[dict[str, Any]] = field(default_factory=list)
    context: list[dict[str, Any]] = field(default_factory=list)
    """contextEntries worth keeping ({key, value}): resource and trace attributes."""
    metadata: dict[str, Any] = field(default_factory=dict)
    history: list[Message] | None = None
    """The conversation when the format states it directly (GTC's export); else it is
    read from the LLM steps."""
    fallback_input: str | None = None
    fallback_output: str | None = None
    """The root's own input / output text, used when no LLM step carries messages."""
    comment: str = ""
    trace_ids: dict[str, str] = field(default_factory=dict)
    """Further ids the source names (session, user, ...), beside the trace id."""
    payload: dict[str, Any] = field(default_factory=dict)
