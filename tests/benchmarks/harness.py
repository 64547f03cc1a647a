"""Timing helpers, result rows, the printed table and bench-results.json."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import platform
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BenchResult:
    """One row of the table. `value` is the headline number in `unit`."""

    benchmark: str
    case: str
    value: float
    unit: str
    median: float | None = None
    p95: float | None = None
    samples: int = 0
    target: str = ""
    met: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarize_ms(samples_s: list[float]) -> tuple[float, float]:
    ms = [s * 1000 for s in samples_s]
    return statistics.median(ms), percentile(ms, 95)


async def time_async(fn: Callable[[], Awaitable[Any]], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - start)
    return samples


@contextlib.contextmanager
def gc_as_the_app_runs() -> Iterator[None]:
    """The collector tuned as `run_tui` tunes it before the app runs (frozen start-up
    objects, fewer collections), then put back: without it, interaction timings swing
    with whatever the benchmark process allocated before."""
    from gt_tui.tui.start.launch import tune_gc_for_interaction

    thresholds = gc.get_threshold()
    tune_gc_for_interaction()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


@contextlib.contextmanager
def bench_settings(**values: Any) -> Iterator[Any]:
    """Settings for a benchmark app whose state (theme choice, unsaved-edits journal) lives
    in a temporary directory: with the curator's own state dir, a journal left by an
    interrupted run made the next run open a "restore unsaved edits?" dialog and stall."""
    import tempfile

    from gt_tui.config import Settings

    with tempfile.TemporaryDirectory(prefix="gt-bench-state-") as state:
        yield Settings(
            state_dir=Path(state),
            edit_journal_path=Path(state) / "unsaved-edits.sqlite3",
            **values,
        )


async def painted(app: Any) -> None:
    """Resolves once the app has run a refresh after this call (the next frame is out)."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    app.screen.refresh()
    await done


async def spin_until(condition: Callable[[], bool], failure: str, timeout_s: float) -> None:
    """Spin the event loop (no sleeps, so no timer granularity in the numbers) until
    `condition` holds; RuntimeError(failure) after `timeout_s`."""
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(failure)
        await asyncio.sleep(0)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def render_table(results: list[BenchResult]) -> str:
    headers = ["benchmark", "case", "value", "unit", "median", "p95", "n", "target", "met"]
    rows = [
        [
            r.benchmark,
            r.case,
            _fmt(r.value),
            r.unit,
            _fmt(r.median),
            _fmt(r.p95),
            str(r.samples or "-"),
            r.target or "-",
            {True: "yes", False: "NO", None: "-"}[r.met],
        ]
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out)


def write_json(results: list[BenchResult], path: Path) -> None:
    payload = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
