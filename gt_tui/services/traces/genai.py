"""OTLP spans under the OpenTelemetry GenAI semantic conventions: `gen_ai.operation.name`
says what a span is (`chat`, `execute_tool`, `invoke_agent`, ...); messages are JSON in
`gen_ai.input.messages` / `gen_ai.output.messages` (`[{role, parts: [{type, content}]}]`);
a tool span has `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.tool.call.arguments`
and `gen_ai.tool.call.result`; an agent span `gen_ai.agent.name`."""

from __future__ import annotations

from typing import Any

from gt_tui.services.traces.model import Message, Step, StepKind, Trace
from gt_tui.services.traces.otlp import (
    OtlpSpan,
    attribute_feedback,
    first_attribute,
)
from gt_tui.services.traces.values import as_arguments, as_int, clean, parse_jsonish, text_of

_LLM_OPERATIONS = frozenset({"chat", "text_completion", "generate_content"})
_AGENT_OPERATIONS = frozenset({"invoke_agent"})


def _kind(attrs: dict[str, Any]) -> StepKind:
    operation = attrs.get("gen_ai.operation.name")
    if operation in _LLM_OPERATIONS:
        return "llm"
    if operation == "execute_tool" or (operation is None and "gen_ai.tool.name" in attrs):
        return "tool"
    if operation in _AGENT_OPERATIONS:
        return "agent"
    if operation is None and "gen_ai.input.messages" in attrs:
        return "llm"
    return "other"


def messages(value: Any) -> list[Message]:
    """`gen_ai.*.messages` (a JSON string or an array) as messages with text; tool-call
    and tool-response parts carry no conversation text and are left out."""
    value = parse_jsonish(value)
    if not isinstance(value, list):
        return []
    read = []
    for message in value:
        if not isinstance(message, dict):
            continue
        role = clean(message.get("role")) or "assistant"
        text = text_of(message.get("parts", message.get("content")))
        if text:
            read.append(Message(role, text))
    return read


def read_span(span: OtlpSpan) -> Step:
    attrs = span.attributes
    kind = _kind(attrs)
    step = Step(span_id=span.span_id, parent_id=span.parent_id, name=span.name, kind=kind)
    step.model = clean(attrs.get("gen_ai.response.model")) or clean(
        attrs.get("gen_ai.request.model")
    )
    step.input_tokens = as_int(attrs.get("gen_ai.usage.input_tokens"))
    step.output_tokens = as_int(attrs.get("gen_ai.usage.output_tokens"))
    step.input_messages = messages(attrs.get("gen_ai.input.messages"))
    step.output_messages = messages(attrs.get("gen_ai.output.messages"))
    if kind == "tool":
        step.tool_name = clean(attrs.get("gen_ai.tool.name")) or span.name.removeprefix(
            "execute_tool "
        )
        step.tool_call_id = clean(attrs.get("gen_ai.tool.call.id"))
        step.arguments = as_arguments(attrs.get("gen_ai.tool.call.arguments"))
        step.response = parse_jsonish(attrs.get("gen_ai.tool.call.result"))
    elif kind == "agent":
        step.agent_name = (
            clean(attrs.get("gen_ai.agent.name"))
            or clean(span.name.removeprefix("invoke_agent "))
            or span.name
        )
        step.tool_call_id = clean(attrs.get("gen_ai.tool.call.id"))
        step.arguments = as_arguments(attrs.get("gen_ai.agent.input"))
        outputs = step.output_messages
        step.response = outputs[-1].text if outputs else None
    return step


def _trace_fields(trace: Trace, spans: list[OtlpSpan]) -> None:
    trace.conversation_id = first_attribute(spans, "gen_ai.conversation.id", "session.id")
    trace.user_id = first_attribute(spans, "user.id", "enduser.id")
    trace.feedback.extend(attribute_feedback(spans))
    provider = first_attribute(spans, "gen_ai.provider.name", "gen_ai.system")
    if provider:
        trace.context.append({"key": "gen_ai.provider.name", "value": provider})


DIALECT = ("otlp", read_span, _trace_fields)
