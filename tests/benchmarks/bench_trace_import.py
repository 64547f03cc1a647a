"""Trace import speed: `import-traces` of N OTLP traces against `import` of the same N
items (issue 29: at most 3x).

The traces are written as the collector's file exporter writes them (JSONL, one
ExportTraceServiceRequest per line holding a batch of spans), each an agent turn: an
orchestrator, two LLM calls with GenAI messages, two parallel tools, a subagent with its
own tool. The items are what the trace import makes of them, as JSONL. Both runs write
to a fresh SQLite file through the same ImportService; the best of `repeats` is kept.
Until agentic items are in the domain model (issue 25) an item needs a synthQuestion:
both sides then get the first user message as one (the same bytes on both sides).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from gt_tui.services.importing import ImportService
from gt_tui.services.trace_import import convert_traces, write_items
from tests.benchmarks.harness import BenchResult
from tests.trace_fixtures import agentic_items_supported

RATIO_TARGET = 3.0
TRACES_PER_LINE = 50


def _attrs(values: dict) -> list[dict]:
    typed = []
    for key, value in values.items():
        if isinstance(value, int):
            typed.append({"key": key, "value": {"intValue": str(value)}})
        else:
            typed.append({"key": key, "value": {"stringValue": value}})
    return typed


def _span(trace_id, span_id, parent, name, start_ms, end_ms, attrs):
    base = 1_772_000_000_000_000_000
    return {
        "traceId": trace_id,
        "spanId": span_id,
        "parentSpanId": parent,
        "name": name,
        "kind": 1,
        "startTimeUnixNano": str(base + start_ms * 1_000_000),
        "endTimeUnixNano": str(base + end_ms * 1_000_000),
        "attributes": _attrs(attrs),
    }


def trace_spans(i: int) -> list[dict]:
    tid = f"{i:032x}"
    sid = [f"{i:012x}{n:04x}" for n in range(8)]
    t = i * 100
    question = f"Why did my bill go up by ${i % 90 + 10} in cycle {i % 12 + 1}?"
    user = json.dumps([{"role": "user", "parts": [{"type": "text", "content": question}]}])
    answer = json.dumps(
        [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": f"Case {i}: roaming days were charged."}],
            }
        ]
    )
    tool = {"gen_ai.operation.name": "execute_tool"}
    return [
        _span(tid, sid[0], "", "invoke_agent support", t, t + 90, {
            "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support",
            "gen_ai.conversation.id": f"conv-{i}"}),
        _span(tid, sid[1], sid[0], "chat gpt-4.1", t + 1, t + 10, {
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1",
            "gen_ai.input.messages": user, "gen_ai.usage.input_tokens": 400}),
        _span(tid, sid[2], sid[0], "execute_tool get_usage", t + 11, t + 20, {
            **tool, "gen_ai.tool.name": "get_usage", "gen_ai.tool.call.id": f"c{i}a",
            "gen_ai.tool.call.arguments": json.dumps({"account": f"acct-{i}"}),
            "gen_ai.tool.call.result": json.dumps({"usageGb": i % 70})}),
        _span(tid, sid[3], sid[0], "execute_tool get_roaming", t + 12, t + 22, {
            **tool, "gen_ai.tool.name": "get_roaming", "gen_ai.tool.call.id": f"c{i}b",
            "gen_ai.tool.call.arguments": json.dumps({"account": f"acct-{i}", "days": 30}),
            "gen_ai.tool.call.result": json.dumps({"days": [1, 2, 3]})}),
        _span(tid, sid[4], sid[0], "invoke_agent billing", t + 23, t + 60, {
            "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "billing"}),
        _span(tid, sid[5], sid[4], "execute_tool lookup_invoice", t + 24, t + 40, {
            **tool, "gen_ai.tool.name": "lookup_invoice",
            "gen_ai.tool.call.arguments": json.dumps({"period": "2026-02"}),
            "gen_ai.tool.call.result": json.dumps({"amount": 40.0})}),
        _span(tid, sid[6], sid[0], "chat gpt-4.1", t + 61, t + 89, {
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1",
            "gen_ai.input.messages": user, "gen_ai.output.messages": answer}),
    ]  # fmt: skip


def write_trace_file(path: Path, n: int) -> Path:
    resource = {"attributes": _attrs({"service.name": "support-agent"})}
    with path.open("w", encoding="utf-8") as out:
        for first in range(0, n, TRACES_PER_LINE):
            spans = [
                s for i in range(first, min(n, first + TRACES_PER_LINE)) for s in trace_spans(i)
            ]
            request = {"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": spans}]}]}
            out.write(json.dumps(request) + "\n")
    return path


def _storable(item: dict) -> dict:
    """The shim until issue 25: a synthQuestion (the first user message)."""
    if not agentic_items_supported():
        item["synthQuestion"] = next(
            (t["msg"] for t in item["history"] if t["role"] == "user"), "(no question)"
        )
    return item


async def _trace_import(repo, source: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with source.open("rb") as handle:
        conversion = convert_traces(handle, dataset="traces")
    conversion.items = [(number, _storable(item)) for number, item in conversion.items]
    summary = await write_items(
        ImportService(repo), conversion, source=str(source), on_problem=lambda line: None
    )
    elapsed = time.perf_counter() - started
    assert summary.ok, summary.format()
    return elapsed, summary.imported


async def _item_import(repo, source: Path) -> tuple[float, int]:
    started = time.perf_counter()
    summary = await ImportService(repo).import_file(source)
    elapsed = time.perf_counter() - started
    assert summary.ok, summary.format()
    return elapsed, summary.imported


async def bench_trace_import(n: int = 10_000, repeats: int = 2) -> list[BenchResult]:
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo

    items_runs: list[float] = []
    traces_runs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gt-bench-traces-") as tmp:
        folder = Path(tmp)
        traces = write_trace_file(folder / "traces.jsonl", n)
        with traces.open("rb") as handle:
            made = convert_traces(handle, dataset="traces").items
        items = folder / "items.jsonl"
        items.write_text("".join(json.dumps(_storable(item)) + "\n" for _, item in made))
        for run in range(repeats):
            for runs, importer, source, name in (
                (items_runs, _item_import, items, "items"),
                (traces_runs, _trace_import, traces, "traces"),
            ):
                repo = SqliteGroundTruthRepo(folder / f"{name}-{run}.sqlite3")
                try:
                    elapsed, imported = await importer(repo, source)
                finally:
                    await repo.close()
                assert imported == n, (name, imported)
                runs.append(elapsed)
    items_s, traces_s = min(items_runs), min(traces_runs)
    ratio = traces_s / items_s
    shim = "" if agentic_items_supported() else " (synthQuestion shim until issue 25)"
    return [
        BenchResult(
            "import-traces (sqlite)",
            f"gt-tui import of the {n:,} items{shim}",
            items_s,
            "s",
            samples=repeats,
            extra={"runs_s": items_runs},
        ),
        BenchResult(
            "import-traces (sqlite)",
            f"gt-tui import-traces of {n:,} OTLP traces ({n / traces_s:,.0f} traces/s)",
            traces_s,
            "s",
            samples=repeats,
            extra={"runs_s": traces_runs},
        ),
        BenchResult(
            "import-traces (sqlite)",
            "import-traces / import of the same items (best of each)",
            ratio,
            "x",
            target=f"<= {RATIO_TARGET}",
            met=ratio <= RATIO_TARGET,
        ),
    ]
