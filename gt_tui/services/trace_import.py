"""`import-traces`: read a trace file, make one draft agentic item per trace (or per
conversation), keep those the selection wants, and write them through the import
pipeline (the same checks, batches and compare-and-set creates as `import`). Ids come
from the trace (or conversation) id alone, so importing a file again creates nothing
and changes nothing: the items are already there and are skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal

from gt_tui.services.import_reading import DEFAULT_MAX_LINE_BYTES, ProgressSink
from gt_tui.services.importing import ImportService, ImportSummary, LineProblem
from gt_tui.services.traces.builder import build_item, merge_conversation, safe_id
from gt_tui.services.traces.model import Trace, TraceProblem
from gt_tui.services.traces.reading import read_traces
from gt_tui.services.traces.selection import TraceSelection

Grouping = Literal["trace", "conversation"]
NO_MESSAGES = (
    "warning: no conversation: the trace's LLM spans carry no messages (is content "
    "capture on?); the item has its tool calls only"
)


@dataclass
class TraceConversion:
    """What a file turned into: the items to write, numbered by where their trace starts."""

    traces: int = 0
    items: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    selected_out: int = 0
    problems: list[TraceProblem] = field(default_factory=list)


def convert_traces(
    handle: BinaryIO,
    *,
    dataset: str,
    fmt: str | None = None,
    group: Grouping = "trace",
    selection: TraceSelection | None = None,
    progress: ProgressSink = lambda advanced: None,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> TraceConversion:
    result = TraceConversion()
    traces = read_traces(
        handle, fmt=fmt, problems=result.problems, progress=progress, max_line_bytes=max_line_bytes
    )
    result.traces = len(traces)
    made = [(trace.number, build) for trace, build in _builds(traces, dataset, group)]
    chosen = (selection or TraceSelection()).choose(made)
    result.selected_out = len(made) - len(chosen)
    result.items = chosen
    for number, item in chosen:
        if not item["history"]:
            result.problems.append(TraceProblem(number, "", NO_MESSAGES))
    result.problems.sort(key=lambda problem: problem.line)
    return result


def _builds(traces: list[Trace], dataset: str, group: Grouping):
    if group == "trace":
        for trace in traces:
            yield trace, build_item(trace, dataset)
        return
    conversations: dict[str, list[Trace]] = {}
    singles: list[Trace] = []
    for trace in traces:
        if trace.conversation_id:
            conversations.setdefault(trace.conversation_id, []).append(trace)
        else:
            singles.append(trace)
    built = [(trace, build_item(trace, dataset)) for trace in singles]
    for conversation_id, members in conversations.items():
        merged = merge_conversation(members)
        item_id = f"conversation-{safe_id(conversation_id)}"
        built.append((merged, build_item(merged, dataset, item_id=item_id)))
    built.sort(key=lambda pair: pair[0].number)
    yield from built


async def write_items(
    importer: ImportService,
    conversion: TraceConversion,
    *,
    source: str,
    on_problem: Callable[[str], None],
    summary: ImportSummary | None = None,
) -> ImportSummary:
    """Write the converted items; reading problems and write problems are reported in
    the order of their numbers, as `import` reports them."""
    summary = summary or ImportSummary(source=source)
    pending = list(conversion.problems)

    def report(problem: LineProblem) -> None:
        while pending and pending[0].line <= problem.line:
            on_problem(pending.pop(0).format(source))
        on_problem(problem.format(source))

    await importer.import_documents(
        conversion.items, source=source, on_problem=report, summary=summary
    )
    for problem in pending:
        on_problem(problem.format(source))
    summary.invalid += sum(1 for p in conversion.problems if not p.problem.startswith("warning:"))
    summary.warnings += sum(1 for p in conversion.problems if p.problem.startswith("warning:"))
    return summary


def describe_item(item: dict[str, Any]) -> str:
    """One line for a dry run: what would be made of a trace."""
    calls = item.get("toolCalls") or []
    names = ", ".join(dict.fromkeys(str(call["name"]) for call in calls))
    subagents = sum(1 for call in calls if call.get("callType") == "subagent")
    parallel = len({c["parallelGroup"] for c in calls if c.get("parallelGroup")})
    history = item.get("history") or []
    question = next((turn["msg"] for turn in history if turn["role"] == "user"), "")
    parts = [
        f"{len(history)} turns",
        f"{len(calls)} tool calls" + (f" ({names})" if names else ""),
    ]
    if subagents:
        parts.append(f"{subagents} subagents")
    if parallel:
        parts.append(f"{parallel} parallel groups")
    if item.get("feedback"):
        parts.append(f"{len(item['feedback'])} feedback")
    line = f"{item['id']} ({item['datasetName']}): " + ", ".join(parts)
    if question:
        line += f"; asks: {question[:80]}"
    return line
