"""OTLP JSON (an ExportTraceServiceRequest per document: `resourceSpans` → `scopeSpans` →
`spans`, attributes as typed AnyValues) grouped into traces. What a span means is read by
a dialect: genai.py (OpenTelemetry GenAI semantic conventions, `gen_ai.*`) or
openinference.py (`openinference.span.kind`, `llm.input_messages.N...`, `tool.name`).
A trace's spans may be spread over several documents (the collector's file exporter
writes batches); a trace is numbered by the first document that holds one of its spans."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gt_tui.services.traces.model import Step, Trace, TraceProblem
from gt_tui.services.traces.values import as_dict, as_list, as_text, clean, from_unix_nanos

KEPT_RESOURCE_ATTRIBUTES = (
    "service.name",
    "service.version",
    "service.namespace",
    "deployment.environment",
    "deployment.environment.name",
)
"""Resource attributes kept as contextEntries (the rest says little about the item)."""


def any_value(value: Any) -> Any:
    """An OTLP AnyValue as plain JSON (intValue is a string in OTLP JSON); a value of the
    wrong type for its key reads as None."""
    if not isinstance(value, dict):
        return value
    if "stringValue" in value:
        return as_text(value["stringValue"])
    if "intValue" in value:
        try:
            return int(value["intValue"])
        except (TypeError, ValueError):
            return None
    if "doubleValue" in value:
        number = value["doubleValue"]
        return number if isinstance(number, int | float) and not isinstance(number, bool) else None
    if "boolValue" in value:
        return value["boolValue"] if isinstance(value["boolValue"], bool) else None
    if "arrayValue" in value:
        return [any_value(v) for v in as_list(as_dict(value["arrayValue"]).get("values"))]
    if "kvlistValue" in value:
        return attributes(as_dict(value["kvlistValue"]).get("values"))
    if "bytesValue" in value:
        return as_text(value["bytesValue"])
    return None


def attributes(pairs: Any) -> dict[str, Any]:
    """OTLP `[{key, value}]` as a flat dict (keys stay dotted)."""
    if not isinstance(pairs, list):
        return {}
    return {
        pair["key"]: any_value(pair.get("value"))
        for pair in pairs
        if isinstance(pair, dict) and isinstance(pair.get("key"), str)
    }


@dataclass
class OtlpSpan:
    """A span as OTLP states it, before a dialect reads its attributes."""

    trace_id: str
    span_id: str
    parent_id: str | None
    name: str
    attributes: dict[str, Any]
    events: list[tuple[str, dict[str, Any]]]
    start_nanos: Any
    end_nanos: Any
    order: int
    where: str


@dataclass
class _Collected:
    number: int
    resource: dict[str, Any]
    spans: list[OtlpSpan] = field(default_factory=list)


SpanReader = Callable[[OtlpSpan], Step]
TraceFields = Callable[[Trace, list[OtlpSpan]], None]
Dialect = tuple[str, SpanReader, TraceFields]
"""(format name, span reader, trace-level reader) of one attribute convention."""


def is_otlp(doc: object) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("resourceSpans"), list)


def collect(
    documents: Iterable[tuple[int, dict[str, Any]]], problems: list[TraceProblem]
) -> list[tuple[_Collected, str]]:
    """Spans of every document grouped by trace id, in order of first appearance."""
    traces: dict[str, _Collected] = {}
    order = 0
    for number, doc in documents:
        for r, resource_spans in enumerate(as_list(doc.get("resourceSpans"))):
            resource_spans = as_dict(resource_spans)
            resource = attributes(as_dict(resource_spans.get("resource")).get("attributes"))
            for s, scope_spans in enumerate(as_list(resource_spans.get("scopeSpans"))):
                spans = as_dict(scope_spans).get("spans")
                for p, span in enumerate(as_list(spans)):
                    where = f"resourceSpans.{r}.scopeSpans.{s}.spans.{p}"
                    read = _span(span, where, order, number, problems)
                    order += 1
                    if read is None:
                        continue
                    held = traces.setdefault(read.trace_id, _Collected(number, resource))
                    held.spans.append(read)
    return [(held, trace_id) for trace_id, held in traces.items()]


def _span(
    span: Any, where: str, order: int, number: int, problems: list[TraceProblem]
) -> OtlpSpan | None:
    if not isinstance(span, dict):
        problems.append(TraceProblem(number, where, "expected a span object"))
        return None
    trace_id, span_id = clean(span.get("traceId")), clean(span.get("spanId"))
    if trace_id is None or span_id is None:
        missing = "traceId" if trace_id is None else "spanId"
        problems.append(TraceProblem(number, f"{where}.{missing}", "missing; span skipped"))
        return None
    events = [
        (str(event.get("name", "")), attributes(event.get("attributes")))
        for event in as_list(span.get("events"))
        if isinstance(event, dict)
    ]
    return OtlpSpan(
        trace_id=trace_id,
        span_id=span_id,
        parent_id=clean(span.get("parentSpanId")),
        name=str(span.get("name") or ""),
        attributes=attributes(span.get("attributes")),
        events=events,
        start_nanos=span.get("startTimeUnixNano"),
        end_nanos=span.get("endTimeUnixNano"),
        order=order,
        where=where,
    )


def read_otlp_traces(
    documents: Iterable[tuple[int, dict[str, Any]]],
    *,
    dialect: Callable[[list[OtlpSpan]], Dialect],
    problems: list[TraceProblem],
) -> list[Trace]:
    """Traces from OTLP documents: `dialect(spans)` names the convention a trace's spans
    follow; its span reader reads each span, then its trace reader the trace's own fields
    (conversation, user, feedback)."""
    traces = []
    for held, trace_id in collect(documents, problems):
        fmt, reader, trace_fields = dialect(held.spans)
        trace = Trace(trace_id=trace_id, number=held.number, format=fmt)
        for span in held.spans:
            step = reader(span)
            step.start = from_unix_nanos(span.start_nanos)
            step.end = from_unix_nanos(span.end_nanos)
            step.order = span.order
            step.feedback.extend(evaluation_feedback(span.events))
            trace.steps.append(step)
        starts = [step.start for step in trace.steps if step.start is not None]
        trace.start = min(starts) if starts else None
        trace.context = [
            {"key": key, "value": held.resource[key]}
            for key in KEPT_RESOURCE_ATTRIBUTES
            if held.resource.get(key) not in (None, "")
        ]
        roots = [span for span in held.spans if span.parent_id is None]
        if roots:
            trace.name = roots[0].name or None
            trace.trace_ids["rootSpanId"] = roots[0].span_id
        trace_fields(trace, held.spans)
        for step in trace.steps:
            trace.feedback.extend(step.feedback)
        trace.payload = {
            "format": fmt,
            "traceId": trace_id,
            "spans": [_span_summary(span) for span in held.spans],
        }
        traces.append(trace)
    return traces


def _span_summary(span: OtlpSpan) -> dict[str, Any]:
    """What tracePayload keeps of a span: its place in the tree and its timing (the
    messages and tool data are in the item itself)."""
    return {
        "spanId": span.span_id,
        "parentSpanId": span.parent_id,
        "name": span.name,
        "startTimeUnixNano": str(span.start_nanos) if span.start_nanos is not None else None,
        "endTimeUnixNano": str(span.end_nanos) if span.end_nanos is not None else None,
    }


def evaluation_feedback(events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """`gen_ai.evaluation.result` span events (OTel GenAI) as feedback entries."""
    feedback = []
    for name, attrs in events:
        if name != "gen_ai.evaluation.result":
            continue
        values = {
            "name": attrs.get("gen_ai.evaluation.name"),
            "score": attrs.get("gen_ai.evaluation.score.value"),
            "label": attrs.get("gen_ai.evaluation.score.label"),
            "explanation": attrs.get("gen_ai.evaluation.explanation"),
        }
        feedback.append(
            {
                "source": "gen_ai.evaluation.result",
                "values": {k: v for k, v in values.items() if v is not None},
            }
        )
    return feedback


def first_attribute(spans: list[OtlpSpan], *keys: str) -> str | None:
    """The first non-blank value of any of `keys` over the spans (root first)."""
    ordered = sorted(spans, key=lambda span: (span.parent_id is not None, span.order))
    for span in ordered:
        for key in keys:
            value = span.attributes.get(key)
            if value not in (None, ""):
                return str(value)
    return None


def attribute_feedback(spans: list[OtlpSpan]) -> list[dict[str, Any]]:
    """`feedback.*` attributes (how many teams record a user's thumbs on the root span)
    as one feedback entry per span that has them."""
    entries = []
    for span in spans:
        values = {
            key.removeprefix("feedback."): value
            for key, value in span.attributes.items()
            if key.startswith("feedback.")
        }
        if values:
            entries.append({"source": "span-attributes", "values": values})
    return entries
