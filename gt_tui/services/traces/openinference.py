"""OTLP spans under OpenInference's conventions (Arize Phoenix and friends):
`openinference.span.kind` (LLM, TOOL, AGENT, CHAIN, RETRIEVER, ...), messages flattened
into `llm.input_messages.N.message.role|content` (or `...message.contents.M.message_content.text`),
a tool span's `tool.name`, its arguments in `tool_call.function.arguments` or `input.value`,
its result in `output.value`; the session in `session.id`, the user in `user.id`."""

from __future__ import annotations

import re
from typing import Any

from gt_tui.services.traces.model import Message, Step, StepKind, Trace
from gt_tui.services.traces.otlp import (
    OtlpSpan,
    attribute_feedback,
    first_attribute,
)
from gt_tui.services.traces.values import as_arguments, as_int, clean, parse_jsonish, text_of

SPAN_KIND = "openinference.span.kind"
_KINDS: dict[str, StepKind] = {
    "LLM": "llm",
    "TOOL": "tool",
    "RETRIEVER": "tool",
    "AGENT": "agent",
}


def is_openinference_span(attrs: dict[str, Any]) -> bool:
    return SPAN_KIND in attrs


def _indexed(attrs: dict[str, Any], prefix: str) -> dict[int, dict[str, Any]]:
    """`prefix.N.rest` keys as {N: {rest: value}} (OpenInference flattens lists so)."""
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)\.(.+)")
    grouped: dict[int, dict[str, Any]] = {}
    for key, value in attrs.items():
        match = pattern.fullmatch(key)
        if match:
            grouped.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return grouped


def messages(attrs: dict[str, Any], prefix: str) -> list[Message]:
    read = []
    for _, fields in sorted(_indexed(attrs, prefix).items()):
        role = clean(fields.get("message.role")) or "assistant"
        text = text_of(fields.get("message.content"))
        if not text:
            parts = _indexed(fields, "message.contents")
            text = "\n".join(
                t
                for _, part in sorted(parts.items())
                if (t := text_of(part.get("message_content.text")))
            )
        if text:
            read.append(Message(role, text))
    return read


def read_span(span: OtlpSpan) -> Step:
    attrs = span.attributes
    kind = _KINDS.get(str(attrs.get(SPAN_KIND, "")).upper(), "other")
    step = Step(span_id=span.span_id, parent_id=span.parent_id, name=span.name, kind=kind)
    step.model = clean(attrs.get("llm.model_name"))
    step.input_tokens = as_int(attrs.get("llm.token_count.prompt"))
    step.output_tokens = as_int(attrs.get("llm.token_count.completion"))
    step.input_messages = messages(attrs, "llm.input_messages")
    step.output_messages = messages(attrs, "llm.output_messages")
    if kind == "tool":
        step.tool_name = clean(attrs.get("tool.name")) or span.name
        step.tool_call_id = clean(attrs.get("tool_call.id"))
        arguments = attrs.get("tool_call.function.arguments", attrs.get("input.value"))
        step.arguments = as_arguments(arguments)
        step.response = parse_jsonish(attrs.get("output.value"))
    elif kind == "agent":
        step.agent_name = clean(attrs.get("agent.name")) or span.name
        step.arguments = as_arguments(attrs.get("input.value"))
        step.response = parse_jsonish(attrs.get("output.value"))
    return step


def _trace_fields(trace: Trace, spans: list[OtlpSpan]) -> None:
    trace.conversation_id = first_attribute(spans, "session.id")
    trace.user_id = first_attribute(spans, "user.id")
    trace.feedback.extend(attribute_feedback(spans))
    provider = first_attribute(spans, "llm.provider", "llm.system")
    if provider:
        trace.context.append({"key": "llm.provider", "value": provider})
    metadata = first_attribute(spans, "metadata")
    if metadata is not None:
        trace.metadata["sourceMetadata"] = parse_jsonish(metadata)
    root = next((span for span in spans if span.parent_id is None), None)
    if root is not None:
        trace.fallback_input = text_of(parse_jsonish(root.attributes.get("input.value")))
        trace.fallback_output = text_of(parse_jsonish(root.attributes.get("output.value")))
        tags = root.attributes.get("tag.tags")
        if isinstance(tags, list) and tags:
            trace.metadata["sourceTags"] = tags


DIALECT = ("openinference", read_span, _trace_fields)
