"""Reading a trace file: documents (JSONL, a JSON array, or one JSON document, as import
reads them), each recognised as OTLP JSON, a Langfuse trace (or its API list page
`{"data": [...]}`), or a GTC trace export (`{"traces": [...]}` or one trace per line),
unless `--format` names one. OTLP traces follow OpenInference's conventions when their
spans say `openinference.span.kind`, else the OpenTelemetry GenAI ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from gt_tui.services.import_reading import (
    DEFAULT_MAX_LINE_BYTES,
    LineProblem,
    ProgressSink,
    iter_documents,
)
from gt_tui.services.traces import genai, openinference
from gt_tui.services.traces.gtc_export import is_gtc_export, is_gtc_trace, read_gtc_trace
from gt_tui.services.traces.langfuse import is_langfuse_trace, read_langfuse
from gt_tui.services.traces.model import TRACE_FORMATS, Trace, TraceProblem
from gt_tui.services.traces.otlp import Dialect, OtlpSpan, is_otlp, read_otlp_traces

_NOT_A_TRACE = (
    "not a trace gt-tui reads: expected OTLP JSON (resourceSpans), a Langfuse trace "
    "(id, observations) or a GTC trace export (id, chat_history)"
)


def _json_documents(
    handle: BinaryIO, progress: ProgressSink, limit: int, problems: list[TraceProblem]
) -> Iterator[tuple[int, Any]]:
    for number, raw in iter_documents(handle, progress, limit):
        if isinstance(raw, LineProblem):
            problems.append(raw)
            continue
        raw = raw.removeprefix(b"\xef\xbb\xbf").strip()
        if not raw:
            continue
        try:
            yield number, json.loads(raw)
        except (ValueError, RecursionError) as exc:
            problems.append(TraceProblem(number, "", f"invalid JSON: {exc}"))


def _elements(number: int, doc: Any, position: list[int]) -> Iterator[tuple[int, Any, str]]:
    """A container's traces (GTC's `traces`, Langfuse's `data`) numbered by position from
    1, as import numbers an envelope's items; anything else as it is."""
    if is_gtc_export(doc):
        key, kind = "traces", "gtc-trace-export"
    elif isinstance(doc, dict) and isinstance(doc.get("data"), list) and "id" not in doc:
        key, kind = "data", "langfuse"
    else:
        yield number, doc, ""
        return
    for element in doc[key]:
        position[0] += 1
        yield position[0], element, kind


def _otlp_dialect(forced: str | None):
    def dialect(spans: list[OtlpSpan]) -> Dialect:
        if forced == "openinference":
            return openinference.DIALECT
        if forced == "otlp":
            return genai.DIALECT
        if any(openinference.is_openinference_span(span.attributes) for span in spans):
            return openinference.DIALECT
        return genai.DIALECT

    return dialect


def read_traces(
    handle: BinaryIO,
    *,
    fmt: str | None,
    problems: list[TraceProblem],
    progress: ProgressSink = lambda advanced: None,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> list[Trace]:
    """Every trace of the file, in file order; what cannot be read is a TraceProblem."""
    if fmt is not None and fmt not in TRACE_FORMATS:
        raise ValueError(f"unknown trace format {fmt!r}")
    traces: list[Trace] = []
    otlp_documents: list[tuple[int, dict[str, Any]]] = []
    position = [0]
    for number, doc in _json_documents(handle, progress, max_line_bytes, problems):
        for n, element, kind in _elements(number, doc, position):
            kind = kind or _kind(element, fmt)
            if kind in ("otlp", "openinference"):
                if is_otlp(element):
                    otlp_documents.append((n, element))
                else:
                    problems.append(TraceProblem(n, "resourceSpans", "missing: not OTLP JSON"))
            elif not isinstance(element, dict):
                problems.append(TraceProblem(n, "", f"expected a JSON object; {_NOT_A_TRACE}"))
            elif kind == "langfuse":
                traces.append(read_langfuse(n, element, problems))  # type: ignore[arg-type]
            elif kind == "gtc-trace-export":
                traces.append(read_gtc_trace(n, element, problems))  # type: ignore[arg-type]
            else:
                problems.append(TraceProblem(n, "", _NOT_A_TRACE))
    if otlp_documents:
        traces.extend(
            read_otlp_traces(otlp_documents, dialect=_otlp_dialect(fmt), problems=problems)
        )
    found = [trace for trace in traces if trace is not None]
    found.sort(key=lambda trace: trace.number)
    return found


def _kind(doc: Any, fmt: str | None) -> str | None:
    if fmt is not None:
        return fmt
    if is_otlp(doc):
        return "otlp"
    if is_gtc_trace(doc):
        return "gtc-trace-export"
    if is_langfuse_trace(doc):
        return "langfuse"
    return None
