"""The trace as rows: tool calls in a tree by `parentCallId`, siblings in `stepNumber`
order, each with its depth, tree glyphs, parallel-group mark and the expectation its tool
name carries. Pure functions: the widget only draws them."""

from __future__ import annotations

from dataclasses import dataclass

from gt_tui.domain.agentic import Expectation, ExpectedTools, ToolCall

EXPECTATION_LABELS: dict[Expectation | None, str] = {
    "required": "required",
    "optional": "optional",
    "not_needed": "not needed",
    None: "",
}


@dataclass(frozen=True)
class TraceRow:
    index: int
    """Position of the call in the item's toolCalls."""
    call: ToolCall
    depth: int
    prefix: str
    """Tree glyphs before the name: `├─ `, `└─ `, with `│  ` for open ancestors."""
    parallel: bool
    """The call shares its parallelGroup with a sibling: they ran side by side."""
    expectation: Expectation | None


def _order(index_call: tuple[int, ToolCall]) -> tuple[bool, int, int]:
    index, call = index_call
    return (call.step_number is None, call.step_number or 0, index)


def trace_rows(calls: list[ToolCall], expected: ExpectedTools | None) -> list[TraceRow]:
    """Every call once, depth-first: roots are calls without a parent (or whose parent is
    not in the trace, or that sit in a parent cycle)."""
    ids = {call.id for call in calls if call.id}
    children: dict[str | None, list[tuple[int, ToolCall]]] = {}
    for index, call in enumerate(calls):
        parent = call.parent_call_id if call.parent_call_id in ids else None
        if parent == call.id:
            parent = None
        children.setdefault(parent, []).append((index, call))
    groups: dict[tuple[str | None, str], int] = {}
    for call in calls:
        if call.parallel_group:
            key = (call.parent_call_id, call.parallel_group)
            groups[key] = groups.get(key, 0) + 1
    rows: list[TraceRow] = []
    seen: set[int] = set()

    def expectation(call: ToolCall) -> Expectation | None:
        found = expected.expectation_of(call.name) if expected else None
        return found[0] if found else None

    def walk(parent: str | None, depth: int, lead: str) -> None:
        siblings = sorted(children.get(parent, []), key=_order)
        for position, (index, call) in enumerate(siblings):
            if index in seen:
                continue
            seen.add(index)
            last = position == len(siblings) - 1
            glyph = "" if depth == 0 else ("└─ " if last else "├─ ")
            group = (call.parent_call_id, call.parallel_group or "")
            rows.append(
                TraceRow(
                    index=index,
                    call=call,
                    depth=depth,
                    prefix=lead + glyph,
                    parallel=bool(call.parallel_group) and groups.get(group, 0) > 1,
                    expectation=expectation(call),
                )
            )
            if call.id:
                walk(call.id, depth + 1, lead + ("" if depth == 0 else ("   " if last else "│  ")))

    walk(None, 0, "")
    for index, call in enumerate(calls):  # calls only reachable through a parent cycle
        if index not in seen:
            seen.add(index)
            rows.append(TraceRow(index, call, 0, "", False, expectation(call)))
    return rows
