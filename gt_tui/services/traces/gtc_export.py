"""GroundTruthCurator 2.x's trace export: `{"trace_count": N, "traces": [...]}` (or one
trace per line), each trace a feedback record with `chat_history` turns of `user_query`,
`chat_response`, `rca` and the tool calls of the turn in `context` (`function_name`,
`function_arguments` as `key=value` words, `function_result`, `execution_time`, `run_id`).
Read the way GTC's own trace-export adapter reads it, so an item made here from a trace
has the id GTC would give it (`trace-<id>`)."""

from __future__ import annotations

import ast
import shlex
from datetime import UTC, datetime
from typing import Any

from gt_tui.services.traces.model import Message, Step, Trace, TraceProblem
from gt_tui.services.traces.values import clean, from_iso, parse_jsonish

CONTEXT_KEYS = (
    "uid",
    "cid_list",
    "impacted_device_type",
    "impacted_device",
    "metric_name",
    "type",
    "resolution",
    "feedback_datetime_utc",
)
_TURN_ROLES = (
    ("user_query", "user"),
    ("chat_response", "orchestrator-agent"),
    ("rca", "output-agent"),
)


def is_gtc_trace(doc: object) -> bool:
    return isinstance(doc, dict) and ("chat_history" in doc or "cid_list" in doc)


def is_gtc_export(doc: object) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("traces"), list) and "id" not in doc


def _arguments(raw: Any) -> dict[str, Any] | None:
    """`msisdn='x' days=3` as {"msisdn": "x", "days": 3}; JSON objects are read as
    JSON; anything unreadable is kept under `raw`."""
    parsed = parse_jsonish(raw)
    if isinstance(parsed, dict):
        return parsed
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        words = shlex.split(raw)
    except ValueError:
        return {"raw": raw}
    arguments: dict[str, Any] = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals or not key.strip():
            return {"raw": raw}
        try:
            arguments[key.strip()] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            arguments[key.strip()] = value
    return arguments or {"raw": raw}


def _response(call: dict[str, Any]) -> Any:
    result = parse_jsonish(call.get("function_result"))
    if isinstance(result, str) and result.strip() and result.strip()[0] not in "{[":
        result = {"raw": result.strip()}
    extra = {"executionTimeSeconds": call.get("execution_time"), "runId": call.get("run_id")}
    extra = {key: value for key, value in extra.items() if value is not None}
    return {"result": result, **extra} if extra else result


def read_gtc_trace(number: int, doc: dict[str, Any], problems: list[TraceProblem]) -> Trace | None:
    trace_id = clean(doc.get("id"))
    if trace_id is None:
        problems.append(TraceProblem(number, "id", "missing; trace skipped"))
        return None
    chat_history = doc.get("chat_history") or []
    if not isinstance(chat_history, list):
        problems.append(TraceProblem(number, "chat_history", "expected a list; trace skipped"))
        return None
    trace = Trace(trace_id=trace_id, number=number, format="gtc-trace-export", history=[])
    assert trace.history is not None
    trace.start = from_iso(doc.get("feedback_datetime_utc"))
    if trace.start is None and isinstance(doc.get("feedback_date"), int | float):
        trace.start = datetime.fromtimestamp(doc["feedback_date"], tz=UTC)
    for t, turn in enumerate(chat_history):
        if not isinstance(turn, dict):
            problems.append(TraceProblem(number, f"chat_history.{t}", "expected an object"))
            continue
        for key, role in _TURN_ROLES:
            if text := clean(turn.get(key)):
                trace.history.append(Message(role, text))
        calls = turn.get("context") or []
        for c, call in enumerate(calls if isinstance(calls, list) else []):
            if not isinstance(call, dict):
                problems.append(
                    TraceProblem(number, f"chat_history.{t}.context.{c}", "expected an object")
                )
                continue
            order = len(trace.steps)
            trace.steps.append(
                Step(
                    span_id=clean(call.get("id")) or f"{trace_id}:tool:{order + 1}",
                    parent_id=None,
                    name=clean(call.get("function_name")) or f"tool-{order + 1}",
                    kind="tool",
                    order=order,
                    tool_name=clean(call.get("function_name")) or f"tool-{order + 1}",
                    arguments=_arguments(call.get("function_arguments")),
                    response=_response(call),
                )
            )
    cids = doc.get("cid_list")
    if isinstance(cids, list) and cids and clean(cids[0]):
        trace.conversation_id = clean(cids[0])
    trace.user_id = clean(doc.get("uid"))
    trace.context = [
        {"key": key, "value": doc[key]}
        for key in CONTEXT_KEYS
        if doc.get(key) not in (None, "", [])
    ]
    trace.context.append({"key": "chat_history_count", "value": len(chat_history)})
    summary = {
        "metricName": doc.get("metric_name"),
        "feedbackType": doc.get("type"),
        "comment": doc.get("comment"),
        "resolution": doc.get("resolution"),
    }
    trace.feedback = [
        {
            "source": "trace-export-summary",
            "values": {k: v for k, v in summary.items() if v not in (None, "")},
        }
    ]
    ratings = doc.get("additional_feedback")
    if isinstance(ratings, dict) and ratings:
        trace.feedback.append({"source": "trace-export-ratings", "values": dict(ratings)})
    trace.metadata = {
        k: v
        for k, v in {
            "metricName": doc.get("metric_name"),
            "feedbackType": doc.get("type"),
            "chatHistoryCount": len(chat_history),
        }.items()
        if v not in (None, "")
    }
    trace.comment = clean(doc.get("comment")) or clean(doc.get("resolution")) or ""
    trace.payload = dict(doc)
    return trace
