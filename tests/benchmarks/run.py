"""Run every benchmark, print one table and write bench-results.json.

python -m tests.benchmarks.run            # full sizes (make bench)
python -m tests.benchmarks.run --smoke    # tiny sizes: proves the benchmarks still run
python -m tests.benchmarks.run --only contention,explorer
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_assign import bench_contention, bench_self_assign_scale
from tests.benchmarks.bench_cosmos import bench_cosmos_requests
from tests.benchmarks.bench_datasets import bench_datasets
from tests.benchmarks.bench_explorer import bench_explorer
from tests.benchmarks.bench_gtc_assignments import bench_gtc_assignments
from tests.benchmarks.bench_history import bench_history
from tests.benchmarks.bench_import import bench_import
from tests.benchmarks.bench_item_open import bench_item_open
from tests.benchmarks.bench_memory import bench_memory
from tests.benchmarks.bench_startup import bench_startup
from tests.benchmarks.bench_trace import bench_trace
from tests.benchmarks.bench_trace_import import bench_trace_import
from tests.benchmarks.bench_tui import bench_approve_next
from tests.benchmarks.harness import BenchResult, render_table, write_json

FULL: dict[str, Callable[[], Any]] = {
    "self_assign": lambda: bench_self_assign_scale(["memory", "sqlite"], [1_000, 10_000, 100_000]),
    "contention": lambda: bench_contention(["memory", "sqlite"]),
    "explorer": lambda: bench_explorer(["memory", "sqlite"]),
    "memory": lambda: bench_memory(100_000),
    "approve_next": lambda: bench_approve_next(50),
    "startup": lambda: bench_startup(7),
    "cosmos_requests": lambda: bench_cosmos_requests(300),
    "datasets": lambda: bench_datasets(),
}

SMOKE: dict[str, Callable[[], Any]] = {
    "self_assign": lambda: bench_self_assign_scale(["memory", "sqlite"], [60, 120], repeats=2),
    "contention": lambda: bench_contention(
        ["memory", "sqlite"], curators=3, per_curator=4, pool=30, rounds=1
    ),
    "explorer": lambda: bench_explorer(["memory", "sqlite"], pool=200, repeats=2),
    "memory": lambda: bench_memory(500),
    "approve_next": lambda: bench_approve_next(3),
    "startup": lambda: bench_startup(1),
    "cosmos_requests": lambda: bench_cosmos_requests(120),
    "datasets": lambda: bench_datasets(pool=300, repeats=2),
}


def register(name: str, full: Callable[[], Any], smoke: Callable[[], Any]) -> None:
    """Benchmarks living in other modules add themselves here."""
    FULL[name] = full
    SMOKE[name] = smoke


register(
    "import_traces", lambda: bench_trace_import(10_000), lambda: bench_trace_import(60, repeats=1)
)

register("item_open", lambda: bench_item_open(500, 7), lambda: bench_item_open(50, 1))
register("import", lambda: bench_import(20_000), lambda: bench_import(300, cosmos_items=30))
register(
    "history",
    lambda: bench_history(100_000, 2_000),
    lambda: bench_history(300, 20, repeats=1, samples=10),
)
register("gtc_assignments", lambda: bench_gtc_assignments(40), lambda: bench_gtc_assignments(3))
register("trace", lambda: bench_trace(200, 7), lambda: bench_trace(20, 1))


def run(names: list[str] | None, smoke: bool) -> list[BenchResult]:
    table = SMOKE if smoke else FULL
    results: list[BenchResult] = []
    for name, bench in table.items():
        if names and name not in names:
            continue
        started = time.perf_counter()
        outcome = bench()
        if asyncio.iscoroutine(outcome):
            outcome = asyncio.run(outcome)
        results.extend(outcome)
        print(f"[bench] {name} done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no targets judged")
    parser.add_argument("--only", help="comma-separated benchmark names")
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else None
    results = run(names, args.smoke)
    print(render_table(results))
    write_json(results, args.out)
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
