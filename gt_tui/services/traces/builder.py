"""A Trace (model.py) as a draft agentic item, a plain dict in GTC 2.x's shape.

The conversation comes from the LLM steps of the trace's top level (the root agent's, not
a subagent's inner calls): each step's input messages not seen yet, then its outputs;
system and tool messages are not conversation. Tool calls come from tool steps and from
agents invoked by another agent (subagents, `callType: subagent`): each with its
arguments and response, the agent that made it, the call it was made under
(`parentCallId`), its order (`stepNumber`, by start time) and, when siblings under one
parent ran at overlapping times, a shared `parallelGroup`. The id comes from the trace id
alone, so importing the same trace again finds the item already there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from gt_tui.domain.models import format_utc
from gt_tui.services.traces.model import Message, Step, Trace

CREATED_BY = "gt-tui import-traces"
_NOT_CONVERSATION = frozenset({"system", "developer", "tool", "function"})
_SCENARIO_PREFIX = {"gtc-trace-export": "trace-export"}
_UNSAFE_ID_CHARS = re.compile(r"[/\\?#\s\x00]+")


def _sort_key(step: Step) -> tuple[float, int]:
    return (step.start.timestamp() if step.start else 0.0, step.order)


class _Tree:
    """Parents, agents and calls of one trace's steps."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = sorted(steps, key=_sort_key)
        self.by_id = {step.span_id: step for step in steps}
        self._agents: dict[str, Step | None] = {}

    def ancestors(self, step: Step) -> Iterable[Step]:
        seen = {step.span_id}
        parent_id = step.parent_id
        while parent_id is not None and parent_id not in seen:
            parent = self.by_id.get(parent_id)
            if parent is None:
                return
            seen.add(parent_id)
            yield parent
            parent_id = parent.parent_id

    def nearest_agent(self, step: Step) -> Step | None:
        if step.span_id not in self._agents:
            found = next((a for a in self.ancestors(step) if a.kind == "agent"), None)
            self._agents[step.span_id] = found
        return self._agents[step.span_id]

    def is_subagent(self, step: Step) -> bool:
        return step.kind == "agent" and self.nearest_agent(step) is not None

    def is_call(self, step: Step) -> bool:
        return step.kind == "tool" or self.is_subagent(step)

    def parent_call(self, step: Step) -> Step | None:
        return next((a for a in self.ancestors(step) if self.is_call(a)), None)

    def top_level(self, step: Step) -> bool:
        """Not inside a subagent (the conversation is the top agent's)."""
        return not any(self.is_subagent(a) for a in self.ancestors(step))


def tool_calls(tree: _Tree) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    by_step: dict[str, dict[str, Any]] = {}
    for step in tree.steps:
        if not tree.is_call(step):
            continue
        parent = tree.parent_call(step)
        agent = tree.nearest_agent(step)
        subagent = step.kind == "agent"
        call = {
            "id": step.span_id,
            "name": (step.agent_name if subagent else step.tool_name) or step.name or "tool",
            "callType": "subagent" if subagent else "tool",
            "arguments": step.arguments,
            "agent": agent.agent_name if agent else None,
            "stepNumber": len(calls) + 1,
            "parallelGroup": None,
            "parentCallId": parent.span_id if parent else None,
            "response": step.response,
        }
        calls.append(call)
        by_step[step.span_id] = call
    _mark_parallel(tree, by_step)
    return calls


def _mark_parallel(tree: _Tree, by_step: dict[str, dict[str, Any]]) -> None:
    """Siblings (same parent call, same agent) whose run times overlap share a group."""
    siblings: dict[tuple[Any, Any], list[Step]] = {}
    for step in tree.steps:
        call = by_step.get(step.span_id)
        if call is not None and step.start is not None and step.end is not None:
            siblings.setdefault((call["parentCallId"], call["agent"]), []).append(step)
    groups = 0
    for steps in siblings.values():
        cluster: list[Step] = []
        cluster_end: datetime | None = None
        for step in [*steps, None]:
            if step is not None and cluster_end is not None and step.start < cluster_end:
                cluster.append(step)
                cluster_end = max(cluster_end, step.end)  # type: ignore[type-var]
                continue
            if len(cluster) > 1:
                groups += 1
                for member in cluster:
                    by_step[member.span_id]["parallelGroup"] = f"parallel-{groups}"
            if step is not None:
                cluster, cluster_end = [step], step.end


def conversation(trace: Trace, tree: _Tree) -> list[Message]:
    if trace.history is not None:
        return list(trace.history)
    llm = [step for step in tree.steps if step.kind == "llm"]
    top = [step for step in llm if tree.top_level(step)] or llm
    history: list[Message] = []
    seen: set[tuple[bool, str]] = set()

    def add(message: Message) -> None:
        key = (message.role == "user", message.text)
        if message.role not in _NOT_CONVERSATION and key not in seen:
            seen.add(key)
            history.append(message)

    for step in top:
        for message in step.input_messages:
            add(message)
        for message in step.output_messages:
            add(message)
    if not history:
        if trace.fallback_input:
            add(Message("user", trace.fallback_input))
        if trace.fallback_output:
            add(Message("assistant", trace.fallback_output))
    return history


def _metadata(trace: Trace, tree: _Tree, calls: list[dict[str, Any]]) -> dict[str, Any]:
    models = sorted({step.model for step in tree.steps if step.model})
    inputs = [s.input_tokens for s in tree.steps if s.input_tokens is not None]
    outputs = [s.output_tokens for s in tree.steps if s.output_tokens is not None]
    starts = [s.start for s in tree.steps if s.start]
    ends = [s.end for s in tree.steps if s.end]
    call_ids = {
        step.span_id: step.tool_call_id
        for step in tree.steps
        if step.tool_call_id and step.tool_call_id != step.span_id and tree.is_call(step)
    }
    metadata: dict[str, Any] = {
        "sourceFormat": trace.format,
        "traceName": trace.name,
        "spanCount": len(tree.steps) if trace.history is None else None,
        "toolCallCount": len(calls),
        "models": models or None,
        "inputTokens": sum(inputs) if inputs else None,
        "outputTokens": sum(outputs) if outputs else None,
        "durationSeconds": (
            round((max(ends) - min(starts)).total_seconds(), 6) if starts and ends else None
        ),
        "toolCallIds": call_ids or None,
    }
    metadata.update(trace.metadata)
    return {key: value for key, value in metadata.items() if value is not None}


def safe_id(text: str) -> str:
    """An id every backend can store (no `/ \\ ? #`, whitespace or NUL)."""
    return _UNSAFE_ID_CHARS.sub("-", text).strip("-") or "trace"


def build_item(trace: Trace, dataset: str, *, item_id: str | None = None) -> dict[str, Any]:
    """The draft item for `trace`: see the module docstring."""
    tree = _Tree(trace.steps)
    calls = tool_calls(tree)
    trace_ids = {"traceId": trace.trace_id, **trace.trace_ids}
    if trace.conversation_id:
        trace_ids["conversationId"] = trace.conversation_id
    if trace.user_id:
        trace_ids["userId"] = trace.user_id
    created = format_utc(trace.start) if trace.start else None
    prefix = _SCENARIO_PREFIX.get(trace.format, trace.format)
    item: dict[str, Any] = {
        "id": item_id or f"trace-{safe_id(trace.trace_id)}",
        "datasetName": dataset,
        "status": "draft",
        "docType": "ground-truth-item",
        "schemaVersion": "v2",
        "scenarioId": f"{prefix}:{trace.trace_id}",
        "manualTags": [],
        "comment": trace.comment,
        "history": [{"role": m.role, "msg": m.text} for m in conversation(trace, tree)],
        "toolCalls": calls,
        "expectedTools": {"required": [], "optional": [], "notNeeded": []},
        "contextEntries": _unique_context(trace.context),
        "feedback": trace.feedback,
        "metadata": _metadata(trace, tree, calls),
        "traceIds": {key: str(value) for key, value in trace_ids.items()},
        "tracePayload": trace.payload,
        "plugins": {},
        "createdBy": CREATED_BY,
        "createdAt": created,
    }
    if created is not None:
        item["updatedAt"] = created
    return item


def _unique_context(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: dict[str, dict[str, Any]] = {}
    for entry in entries:
        kept.setdefault(str(entry["key"]), entry)
    return list(kept.values())


def merge_conversation(traces: list[Trace]) -> Trace:
    """Traces of one conversation as one trace, in time order (`--group conversation`)."""
    ordered = sorted(traces, key=lambda t: (t.start.timestamp() if t.start else 0.0, t.number))
    first = ordered[0]
    merged = Trace(
        trace_id=first.trace_id,
        number=first.number,
        format=first.format,
        name=first.name,
        conversation_id=first.conversation_id,
        user_id=first.user_id,
        start=first.start,
        comment=first.comment,
        fallback_input=first.fallback_input,
        fallback_output=ordered[-1].fallback_output,
    )
    offset = 0
    for trace in ordered:
        for step in trace.steps:
            step.order += offset
            merged.steps.append(step)
        offset += len(trace.steps) + 1
        merged.feedback.extend(trace.feedback)
        merged.context.extend(trace.context)
        merged.metadata = {**trace.metadata, **merged.metadata}
    if all(trace.history is not None for trace in ordered):
        merged.history = [m for trace in ordered for m in trace.history or []]
    merged.trace_ids = {**first.trace_ids, "traceIds": ",".join(t.trace_id for t in ordered)}
    merged.metadata["traceCount"] = len(ordered)
    merged.payload = {"format": first.format, "traces": [trace.payload for trace in ordered]}
    return merged
