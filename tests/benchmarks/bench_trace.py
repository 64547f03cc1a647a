"""The trace section on an agentic item with 200 tool calls (issue 25: opening it under
0.3 s; marking an expectation is one frame).

A headless host app holds only the trace widgets (the item screen is being rebuilt; the
section is the part that grows with the trace). Each round loads the item's calls and
expectations into the section and times until the next frame is painted; then `r` on a
call is timed until the frame that shows it. 200 calls: subagents with nested calls,
parallel groups and long responses, built deterministically. Wall time is the target;
process CPU time of the same spans is kept too (extra): on a shared, loaded machine it is
the steadier number; so is the frame after an unbound key (the floor every key pays).
"""

from __future__ import annotations

import time

from tests.benchmarks.harness import BenchResult, gc_as_the_app_runs, painted, summarize_ms

SIZE = (120, 36)
TARGET_S = 0.3
FRAME_S = 1 / 30


def trace_item(calls: int):
    from gt_tui.domain.models import GroundTruthItem

    tool_calls = []
    for n in range(calls):
        parent = f"c{n - n % 10:03d}" if n % 10 else None  # every 10th a subagent
        tool_calls.append(
            {
                "id": f"c{n:03d}",
                "name": f"tool_{n % 37}",
                "callType": "tool" if n % 10 else "subagent",
                "arguments": {"query": f"lookup {n}", "limit": n},
                "agent": "orchestrator-agent" if parent is None else f"sub-{n // 10}",
                "stepNumber": n,
                "parallelGroup": f"g{n // 3}" if n % 10 and n % 3 else None,
                "parentCallId": parent,
                "response": {"rows": [{"n": i, "text": "x" * 40} for i in range(30)]},
            }
        )
    return GroundTruthItem.from_doc(
        {
            "id": "trace-200",
            "datasetName": "bench",
            "history": [{"role": "user", "msg": "why?"}, {"role": "agent", "msg": "because"}],
            "toolCalls": tool_calls,
            "expectedTools": {"required": [{"name": "tool_1"}]},
        }
    )


async def bench_trace(calls: int = 200, rounds: int = 7) -> list[BenchResult]:
    from textual.app import App, ComposeResult

    from gt_tui.tui.trace import TraceSection

    item = trace_item(calls)

    class Host(App):
        def compose(self) -> ComposeResult:
            yield TraceSection()

    app = Host()
    load: list[float] = []
    mark: list[float] = []
    load_cpu: list[float] = []
    mark_cpu: list[float] = []
    floor: list[float] = []
    floor_cpu: list[float] = []
    with gc_as_the_app_runs():
        async with app.run_test(size=SIZE):
            section = app.query_one(TraceSection)
            section.load(item.tool_calls[:5], item.expected_tools)  # warm-up: styles, imports
            section.focus()
            await painted(app)
            for n in range(rounds):
                started, cpu = time.perf_counter(), time.process_time()
                section.load(item.tool_calls, item.expected_tools)
                await painted(app)
                load.append(time.perf_counter() - started)
                load_cpu.append(time.process_time() - cpu)
                section.move_cursor(row=n + 1)
                await painted(app)
                started, cpu = time.perf_counter(), time.process_time()
                app.simulate_key("x")  # unbound: the frame alone, the floor of any key
                await painted(app)
                floor.append(time.perf_counter() - started)
                floor_cpu.append(time.process_time() - cpu)
                started, cpu = time.perf_counter(), time.process_time()
                app.simulate_key("r" if n % 2 else "o")
                await painted(app)
                mark.append(time.perf_counter() - started)
                mark_cpu.append(time.process_time() - cpu)
    load_median, load_p95 = summarize_ms(load)
    mark_median, mark_p95 = summarize_ms(mark)
    cpu = {
        "load_cpu_median_ms": summarize_ms(load_cpu)[0],
        "mark_cpu_median_ms": summarize_ms(mark_cpu)[0],
        "unbound_key_frame_median_ms": summarize_ms(floor)[0],
        "unbound_key_frame_cpu_median_ms": summarize_ms(floor_cpu)[0],
    }
    return [
        BenchResult(
            f"trace {calls} calls x{rounds}",
            "load the trace section -> painted",
            load_median / 1000,
            "s median",
            median=load_median,
            p95=load_p95,
            samples=len(load),
            target=f"median < {TARGET_S:g} s",
            met=load_median / 1000 < TARGET_S,
            extra={"unit_of_median_p95": "ms", **cpu},
        ),
        BenchResult(
            f"trace {calls} calls x{rounds}",
            "mark an expectation (r/o) -> painted",
            mark_median / 1000,
            "s median",
            median=mark_median,
            p95=mark_p95,
            samples=len(mark),
            target=f"one frame (< {FRAME_S * 1000:.0f} ms)",
            met=mark_median / 1000 < FRAME_S,
            extra={"unit_of_median_p95": "ms", **cpu},
        ),
    ]
