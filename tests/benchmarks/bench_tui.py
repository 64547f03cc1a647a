"""Where curators feel the TUI: approve-to-next latency (headless Pilot).

approve_next: the in-memory demo plus extra pool items, a queue of `approvals + 1` drafts,
the first one opened. Each round, in the same app and screen, times two things:
- the frame floor: a no-op refresh of the screen until that frame has been painted
  (call_after_refresh), the least any visible change can cost;
- approve-to-next: from the `a` key (one key, no dialog) until the detail screen has
  shown the next item (ItemDetailScreen.shown) and the frame after that is painted.
The table reports both p95s and their ratio (target <= 3.0).

bare_swap: for reference, the same two timings on a bare Textual app shaped like the item
screen whose key swaps all its content in place (bare_item_screen.py): Textual's own cost
of showing the next item on such a screen, with none of gt-tui's work (target: gt-tui's
approve p95 <= 1.0x the bare swap's p95).

Start-up is in bench_startup.py.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial

from tests.benchmarks.harness import (
    BenchResult,
    bench_settings,
    gc_as_the_app_runs,
    painted,
    spin_until,
    summarize_ms,
)
from tests.benchmarks.pools import make_pool_items, seed

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
USER = "alice"
SIZE = (120, 36)
APPROVE_TARGET_RATIO = 3.0
"""p95 of approve-to-next over p95 of the frame floor, measured in the same run and app."""
BARE_TARGET_RATIO = 1.0
"""p95 of approve-to-next over p95 of the bare app's same-widget swap."""


def _clock() -> datetime:
    return NOW


async def _wait_until(pilot, condition, what: str, limit: int = 10_000) -> None:
    """Yield to the app until `condition()` holds (no sleeps; bounded so a bug fails)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause(0)
    raise RuntimeError(f"approve_next: gave up waiting for {what}")


async def _quiet_screen() -> None:
    """Let one frame period pass with nothing painted, as when a curator reads before
    pressing a key. Without it the key would come right after the previous measurement's
    own frame and wait up to 1/60 s for Textual's next frame slot (screen updates run on
    a 60 fps timer), a wait that says nothing about the app."""
    from textual.screen import UPDATE_PERIOD

    await asyncio.sleep(UPDATE_PERIOD)


async def _shown(detail, item_id: str, timeout_s: float = 30.0) -> None:
    """Until the detail screen has fully shown `item_id`."""
    await spin_until(
        lambda: detail.shown is not None and detail.shown.id == item_id,
        f"approve_next: item {item_id} was never shown",
        timeout_s,
    )


async def bench_approve_next(approvals: int = 50) -> list[BenchResult]:
    from gt_tui.bootstrap import services_for_repo
    from gt_tui.demo.dataset import seed_demo
    from gt_tui.domain.queries import ItemQuery
    from gt_tui.repos.memory import InMemoryGroundTruthRepo
    from gt_tui.tui.start.app import GtTuiApp

    repo = InMemoryGroundTruthRepo()
    await seed_demo(repo, USER, NOW)
    # The demo's agentic items wait for tool expectations (the approval gate refuses a one-key
    # approve of them): the bench times approvals, so they leave its queue.
    for item in (await repo.query(ItemQuery(limit=1000))).items:
        if item.is_agentic:
            await repo.delete(item.dataset_name, item.id, item.etag)
    await seed(repo, make_pool_items(approvals + 20, datasets=("bench-pool",)))
    with bench_settings(backend="memory", user_id=USER, health_interval_s=3600) as settings:
        services = services_for_repo(repo, settings, clock=_clock, rng=random.Random(1234))
        queue = await services.assignments.self_assign(USER, approvals + 1)
        if len(queue) < approvals + 1:
            raise RuntimeError(f"approve_next: only {len(queue)} items could be queued")

        app = GtTuiApp(services, clock=_clock, demo=True, poll_health=False)
        samples: list[float] = []
        with gc_as_the_app_runs():
            rows = await _approve_rounds(app, repo, approvals, samples)
            bare_floor, bare_swap = await _bare_swap_rounds(approvals)
    median, p95 = summarize_ms(bare_swap)
    _, bare_floor_p95 = summarize_ms(bare_floor)
    approve_p95 = rows[1].value
    return [
        *rows,
        BenchResult(
            f"bare_swap x{approvals}",
            "bare Textual app shaped like the item screen: key -> content swapped, painted",
            p95,
            "ms p95",
            median=median,
            p95=p95,
            samples=len(bare_swap),
            extra={"floor_p95_ms": bare_floor_p95, "ratio_to_its_floor": p95 / bare_floor_p95},
        ),
        BenchResult(
            f"approve_vs_bare x{approvals}",
            "approve_next p95 / bare_swap p95 (what gt-tui adds to Textual's swap)",
            approve_p95 / p95,
            "x",
            samples=len(samples),
            target=f"ratio <= {BARE_TARGET_RATIO:g}",
            met=approve_p95 / p95 <= BARE_TARGET_RATIO,
        ),
    ]


async def _floor_then_key(app, shown: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    """One round: (the frame floor, `a` until `shown()` resolves and that frame is painted),
    each from a screen quiet for a frame period."""
    await _quiet_screen()
    started = time.perf_counter()
    await painted(app)
    floor = time.perf_counter() - started
    await _quiet_screen()
    started = time.perf_counter()
    app.simulate_key("a")  # not pilot.press: it waits for idle, inflating the time
    await shown()
    await painted(app)
    return floor, time.perf_counter() - started


async def _bare_swap_rounds(rounds: int) -> tuple[list[float], list[float]]:
    """(floor, swap) samples of the bare item-shaped app, timed exactly as _approve_rounds."""
    from tests.benchmarks.bare_item_screen import BareItemScreenApp

    app = BareItemScreenApp()
    floor: list[float] = []
    swap: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            app.swapped_at = None
            floor_s, swap_s = await _floor_then_key(
                app,
                lambda: spin_until(lambda: app.swapped_at is not None, "bare_swap: no swap", 30.0),
            )
            floor.append(floor_s)
            swap.append(swap_s)
            await pilot.pause()
    return floor, swap


async def _approve_rounds(app, repo, approvals: int, samples: list[float]) -> list[BenchResult]:
    from gt_tui.tui.item.screen import ItemDetailScreen
    from gt_tui.tui.queue.screen import QueueScreen

    floor: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _wait_until(
            pilot,
            lambda: isinstance(app.screen, QueueScreen) and len(app.screen.items) > approvals,
            "the queue",
        )
        app.screen.action_open()
        await _wait_until(
            pilot,
            lambda: isinstance(app.screen, ItemDetailScreen) and app.screen.base is not None,
            "the first item",
        )
        detail = app.screen
        await app.workers.wait_for_complete()
        for _ in range(approvals):
            current = detail.base
            assert current is not None
            expected = detail.entries[detail.index + 1].id
            floor_s, approve_s = await _floor_then_key(app, partial(_shown, detail, expected))
            floor.append(floor_s)
            samples.append(approve_s)
            await app.workers.wait_for_complete()  # the background re-read, outside the timing
            await pilot.pause()
            stored = await repo.get(current.dataset_name, current.id)
            if stored is None or stored.status.value != "approved":
                raise RuntimeError(f"approve_next: {current.id} was not approved")
    median, p95 = summarize_ms(samples)
    floor_median, floor_p95 = summarize_ms(floor)
    ratio = p95 / floor_p95 if floor_p95 > 0 else float("inf")
    return [
        BenchResult(
            f"frame_floor x{approvals}",
            "memory demo, no-op refresh -> painted (same app)",
            floor_p95,
            "ms p95",
            median=floor_median,
            p95=floor_p95,
            samples=len(floor),
        ),
        BenchResult(
            f"approve_next x{approvals}",
            "memory demo, a (one key) -> next item painted",
            p95,
            "ms p95",
            median=median,
            p95=p95,
            samples=len(samples),
        ),
        BenchResult(
            f"approve_ratio x{approvals}",
            "approve_next p95 / frame_floor p95",
            ratio,
            "x",
            samples=len(samples),
            target=f"ratio <= {APPROVE_TARGET_RATIO:g}",
            met=ratio <= APPROVE_TARGET_RATIO,
        ),
    ]
