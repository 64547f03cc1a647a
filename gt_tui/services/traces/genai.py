"""OTLP spans under the OpenTelemetry GenAI semantic conventions: `gen_ai.operation.name`
says what a span is (`chat`, `execute_tool`, `invoke_agent`, ...); messages are JSON in
`gen_ai.input.messages` / `gen_ai.output.messages` (`[{role, parts: [{type, content}]}]`);
a tool span has `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.tool.call.arguments`
and `gen_ai.tool.call.result`; an agent span `gen_ai.agent.name`. Messages of earlier
versions (span events, OpenLLMetry's indexed attributes) are read too: earlier_messages."""

from __future__ import annotations

from typing import Any

from gt_tui.services.traces.model import Message, Step, StepKind, Trace
from gt_tui.services.traces.otlp import (
    OtlpSpan,
    attribute_feedback,
    first_attribute,
)
from gt_tui.services.traces.values import (
    as_arguments,
    as_int,
    as_text,
    clean,
    parse_jsonish,
    text_of,
)

_LLM_OPERATIONS = frozenset({"chat", "text_completion", "generate_content"})
_AGENT_OPERATIONS = frozenset({"invoke_agent"})


_TRACELOOP_KINDS: dict[str, StepKind] = {"tool": "tool", "agent": "agent"}


def _kind(attrs: dict[str, Any]) -> StepKind:
    operation = as_text(attrs.get("gen_ai.operation.name"))
    traceloop = as_text(attrs.get("traceloop.span.kind"))
    if operation is None and traceloop in _TRACELOOP_KINDS:
        return _TRACELOOP_KINDS[traceloop]
    if operation is None and attrs.get("llm.request.type") in ("chat", "completion"):
        return "llm"
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
    if not step.input_messages and not step.output_messages:
        step.input_messages, step.output_messages = earlier_messages(span)
        if kind == "other" and (step.input_messages or step.output_messages):
            step.kind = kind = "llm"
    if kind == "tool":
        step.tool_name = (
            clean(attrs.get("gen_ai.tool.name"))
            or clean(attrs.get("traceloop.entity.name"))
            or span.name.removeprefix("execute_tool ")
        )
        step.tool_call_id = clean(attrs.get("gen_ai.tool.call.id"))
        step.arguments = as_arguments(
            attrs.get("gen_ai.tool.call.arguments", attrs.get("traceloop.entity.input"))
        )
        step.response = parse_jsonish(
            attrs.get("gen_ai.tool.call.result", attrs.get("traceloop.entity.output"))
        )
    elif kind == "agent":
        step.agent_name = (
            clean(attrs.get("gen_ai.agent.name"))
            or clean(attrs.get("traceloop.entity.name"))
            or clean(span.name.removeprefix("invoke_agent "))
            or span.name
        )
        step.tool_call_id = clean(attrs.get("gen_ai.tool.call.id"))
        step.arguments = as_arguments(attrs.get("gen_ai.agent.input"))
        outputs = step.output_messages
        step.response = outputs[-1].text if outputs else None
    return step


_EVENT_ROLES = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
}


def earlier_messages(span: OtlpSpan) -> tuple[list[Message], list[Message]]:
    """Messages as instrumentations wrote them before `gen_ai.*.messages` (semantic
    conventions up to 1.36): span events `gen_ai.user.message` ... and `gen_ai.choice`
    with a `gen_ai.event.content` JSON (Azure AI Inference, Semantic Kernel), events
    `gen_ai.content.prompt` / `gen_ai.content.completion` with `gen_ai.prompt` /
    `gen_ai.completion`, or OpenLLMetry's `gen_ai.prompt.N.role|content` attributes."""
    inputs: list[Message] = []
    outputs: list[Message] = []
    for name, attrs in span.events:
        body = parse_jsonish(attrs.get("gen_ai.event.content"))
        body = body if isinstance(body, dict) else {"content": attrs.get("content")}
        if name in _EVENT_ROLES:
            if text := text_of(body.get("content")):
                inputs.append(Message(clean(body.get("role")) or _EVENT_ROLES[name], text))
        elif name == "gen_ai.choice":
            message = body.get("message") if isinstance(body.get("message"), dict) else body
            if text := text_of(message.get("content")):
                outputs.append(Message(clean(message.get("role")) or "assistant", text))
        elif name == "gen_ai.content.prompt":
            inputs.extend(_legacy_list(attrs.get("gen_ai.prompt"), "user"))
        elif name == "gen_ai.content.completion":
            outputs.extend(_legacy_list(attrs.get("gen_ai.completion"), "assistant"))
    if not inputs and not outputs:
        inputs = _indexed_messages(span.attributes, "gen_ai.prompt", "user")
        outputs = _indexed_messages(span.attributes, "gen_ai.completion", "assistant")
    return inputs, outputs


def _legacy_list(value: Any, default_role: str) -> list[Message]:
    value = parse_jsonish(value)
    if isinstance(value, str):
        return [Message(default_role, value.strip())] if value.strip() else []
    read = []
    for message in value if isinstance(value, list) else []:
        if isinstance(message, dict) and (text := text_of(message.get("content"))):
            read.append(Message(clean(message.get("role")) or default_role, text))
    return read


def _indexed_messages(attrs: dict[str, Any], prefix: str, default_role: str) -> list[Message]:
    read = []
    index = 0
    while f"{prefix}.{index}.content" in attrs or f"{prefix}.{index}.role" in attrs:
        text = text_of(attrs.get(f"{prefix}.{index}.content"))
        if text:
            read.append(Message(clean(attrs.get(f"{prefix}.{index}.role")) or default_role, text))
        index += 1
    return read


def _trace_fields(trace: Trace, spans: list[OtlpSpan]) -> None:
    trace.conversation_id = first_attribute(spans, "gen_ai.conversation.id", "session.id")
    trace.user_id = first_attribute(spans, "user.id", "enduser.id")
    trace.feedback.extend(attribute_feedback(spans))
    provider = first_attribute(spans, "gen_ai.provider.name", "gen_ai.system")
    if provider:
        trace.context.append({"key": "gen_ai.provider.name", "value": provider})


DIALECT = ("otlp", read_span, _trace_fields)
