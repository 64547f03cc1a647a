"""Langfuse trace exports: a trace with its `observations` (GENERATION, TOOL, AGENT, SPAN,
EVENT, ...; `parentObservationId` makes the tree) and `scores`, as its public API's
"get trace" returns it (and its UI exports). A file holds one trace per line, a JSON array
of them, or the API's list page `{"data": [...]}`."""

from __future__ import annotations

from typing import Any

from gt_tui.services.traces.model import Message, Step, StepKind, Trace, TraceProblem
from gt_tui.services.traces.values import (
    as_arguments,
    as_int,
    clean,
    from_iso,
    parse_jsonish,
    text_of,
)

_KINDS: dict[str, StepKind] = {
    "GENERATION": "llm",
    "TOOL": "tool",
    "RETRIEVER": "tool",
    "AGENT": "agent",
}


def is_langfuse_trace(doc: object) -> bool:
    return (
        isinstance(doc, dict)
        and "id" in doc
        and ("observations" in doc or "scores" in doc or "sessionId" in doc)
    )


def _messages(value: Any, default_role: str) -> list[Message]:
    """A generation's input/output: a list of chat messages, one message, `{messages}`,
    or plain text."""
    value = parse_jsonish(value)
    if isinstance(value, dict) and isinstance(value.get("messages"), list):
        value = value["messages"]
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, str):
        return [Message(default_role, value.strip())] if value.strip() else []
    read = []
    for message in value if isinstance(value, list) else []:
        if isinstance(message, dict):
            text = text_of(message.get("content", message.get("text")))
            if text:
                read.append(Message(clean(message.get("role")) or default_role, text))
    return read


def _step(observation: dict[str, Any], order: int) -> Step:
    kind = _KINDS.get(str(observation.get("type", "")).upper(), "other")
    name = str(observation.get("name") or "")
    step = Step(
        span_id=str(observation["id"]),
        parent_id=clean(observation.get("parentObservationId")),
        name=name,
        kind=kind,
        order=order,
        start=from_iso(observation.get("startTime")),
        end=from_iso(observation.get("endTime")),
        model=clean(observation.get("model")),
    )
    usage = observation.get("usageDetails") or observation.get("usage") or {}
    if isinstance(usage, dict):
        step.input_tokens = as_int(usage.get("input"))
        step.output_tokens = as_int(usage.get("output"))
    if kind == "llm":
        step.input_messages = _messages(observation.get("input"), "user")
        step.output_messages = _messages(observation.get("output"), "assistant")
    elif kind == "tool":
        step.tool_name = name or "tool"
        step.arguments = as_arguments(observation.get("input"))
        step.response = parse_jsonish(observation.get("output"))
    elif kind == "agent":
        step.agent_name = name or "agent"
        step.arguments = as_arguments(observation.get("input"))
        step.response = parse_jsonish(observation.get("output"))
    return step


def _score_feedback(scores: Any) -> list[dict[str, Any]]:
    entries = []
    for score in scores if isinstance(scores, list) else []:
        if not isinstance(score, dict) or "name" not in score:
            continue
        value = score.get("stringValue", score.get("value"))
        values = {"name": score["name"], "value": value}
        for key in ("dataType", "comment", "observationId"):
            if score.get(key) not in (None, ""):
                values[key] = score[key]
        entries.append({"source": f"langfuse:{score.get('source') or 'score'}", "values": values})
    return entries


def read_langfuse(number: int, doc: dict[str, Any], problems: list[TraceProblem]) -> Trace | None:
    trace_id = clean(doc.get("id"))
    if trace_id is None:
        problems.append(TraceProblem(number, "id", "missing; trace skipped"))
        return None
    trace = Trace(trace_id=trace_id, number=number, format="langfuse")
    trace.name = clean(doc.get("name"))
    trace.start = from_iso(doc.get("timestamp"))
    trace.conversation_id = clean(doc.get("sessionId"))
    trace.user_id = clean(doc.get("userId"))
    observations = doc.get("observations") or []
    for index, observation in enumerate(observations if isinstance(observations, list) else []):
        if not isinstance(observation, dict) or clean(observation.get("id")) is None:
            problems.append(
                TraceProblem(number, f"observations.{index}.id", "missing; observation skipped")
            )
            continue
        trace.steps.append(_step(observation, index))
    if trace.start is None:
        starts = [step.start for step in trace.steps if step.start is not None]
        trace.start = min(starts) if starts else None
    trace.feedback = _score_feedback(doc.get("scores"))
    trace.fallback_input = text_of(_fallback(doc.get("input")))
    trace.fallback_output = text_of(_fallback(doc.get("output")))
    for key in ("release", "version", "environment"):
        if doc.get(key) not in (None, ""):
            trace.context.append({"key": key, "value": doc[key]})
    if isinstance(doc.get("metadata"), dict) and doc["metadata"]:
        trace.metadata["sourceMetadata"] = doc["metadata"]
    if isinstance(doc.get("tags"), list) and doc["tags"]:
        trace.metadata["sourceTags"] = doc["tags"]
    trace.payload = {
        "format": "langfuse",
        "traceId": trace_id,
        "observations": [
            {"id": s.span_id, "parentObservationId": s.parent_id, "name": s.name}
            for s in trace.steps
        ],
    }
    return trace


def _fallback(value: Any) -> Any:
    """A trace's own input/output: text, a message, or the last of `{messages}`."""
    value = parse_jsonish(value)
    if isinstance(value, dict) and isinstance(value.get("messages"), list) and value["messages"]:
        return value["messages"][-1]
    if isinstance(value, list) and value:
        return value[-1]
    return value
