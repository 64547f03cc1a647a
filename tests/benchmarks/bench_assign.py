"""Self-serve assignment at scale, and contention against the older first-rows sampler."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Sequence

from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.sampling import AssignmentSamplingService, eligible_query
from tests.benchmarks.harness import BenchResult, summarize_ms
from tests.benchmarks.pools import LatencyRepo, make_pool_items, open_bench_repo, seed


async def bench_self_assign_scale(
    backends: Sequence[str], pools: Sequence[int], limit: int = 20, repeats: int = 15
) -> list[BenchResult]:
    """self_assign(limit) on pools of growing size: cost must follow limit, not pool."""
    results: list[BenchResult] = []
    for backend in backends:
        medians: dict[int, float] = {}
        for pool in pools:
            async with open_bench_repo(backend) as repo:
                await seed(repo, make_pool_items(pool))
                samples = []
                sampler = AssignmentSamplingService(repo, rng=random.Random(pool))
                service = AssignmentService(repo, sampler=sampler)
                for n in range(repeats):
                    start = time.perf_counter()
                    queue = await service.self_assign(f"bench-{n}", limit)
                    samples.append(time.perf_counter() - start)
                    assert len(queue) == min(limit, pool)
            median, p95 = summarize_ms(samples)
            medians[pool] = median
            results.append(
                BenchResult(
                    "self_assign(limit=20)",
                    f"{backend} pool={pool:,}",
                    median,
                    "ms",
                    median=median,
                    p95=p95,
                    samples=len(samples),
                )
            )
        smallest, largest = min(pools), max(pools)
        ratio = medians[largest] / medians[smallest]
        results.append(
            BenchResult(
                "self_assign scaling",
                f"{backend} {largest:,}/{smallest:,}",
                ratio,
                "x",
                target="<= 2",
                met=ratio <= 2,
            )
        )
    return results


class FirstRowsShuffleSampler(AssignmentSamplingService):
    """The older design: read the first N eligible rows of a query and shuffle them."""

    def __init__(self, repo: GroundTruthRepo, rng: random.Random, first_rows: int = 100) -> None:
        super().__init__(repo, rng=rng)
        self._repo_ = repo
        self._rng_ = rng
        self._first_rows = first_rows

    async def sample_candidates(
        self, *, user_id: str, limit: int, exclude_ids: Sequence[str] = ()
    ) -> list[GroundTruthItem]:
        page = await self._repo_.query(
            eligible_query(
                user_id, limit=self._first_rows, exclude_ids=tuple(exclude_ids)
            ).model_copy(update={"sort": SortField.id})
        )
        items = list(page.items)
        self._rng_.shuffle(items)
        return items[:limit]


async def _contention_run(
    backend: str, curators: int, per_curator: int, pool: int, baseline: bool, seed_value: int
) -> dict[str, float]:
    async with open_bench_repo(backend) as store:
        await seed(store, make_pool_items(pool, seed=seed_value))
        # Every curator's calls take a round trip, so their claims really interleave.
        repo = LatencyRepo(store) if backend == "memory" else store
        services = []
        for n in range(curators):
            rng = random.Random(seed_value * 1000 + n)
            sampler = (
                FirstRowsShuffleSampler(repo, rng)
                if baseline
                else AssignmentSamplingService(repo, rng=rng)
            )
            services.append(AssignmentService(repo, sampler=sampler))
        start = time.perf_counter()
        queues = await asyncio.gather(
            *(svc.self_assign(f"curator-{n}", per_curator) for n, svc in enumerate(services))
        )
        elapsed = time.perf_counter() - start
        assigned = sum(len(q) for q in queues)
        retries = sum(svc.claim_conflicts for svc in services)
        owners: Counter[str] = Counter()
        cursor = None
        while True:
            page = await repo.query(ItemQuery(limit=1000, cursor=cursor))
            owners.update(item.id for item in page.items if item.assigned_to)
            cursor = page.next_cursor
            if cursor is None:
                break
        held = Counter(item.id for q in queues for item in q)
        doubles = sum(1 for count in held.values() if count > 1)
        return {
            "assigned": assigned,
            "retries": retries,
            "retries_per_item": retries / max(assigned, 1),
            "seconds": elapsed,
            "double_assignments": doubles,
            "stored_assigned": len(owners),
        }


async def bench_contention(
    backends: Sequence[str],
    curators: int = 16,
    per_curator: int = 20,
    pool: int = 400,
    rounds: int = 5,
) -> list[BenchResult]:
    results: list[BenchResult] = []
    for backend in backends:
        totals = {}
        for label, baseline in (("random-window", False), ("first-rows baseline", True)):
            runs = [
                await _contention_run(backend, curators, per_curator, pool, baseline, seed_value=r)
                for r in range(rounds)
            ]
            retries = sum(r["retries"] for r in runs)
            assigned = sum(r["assigned"] for r in runs)
            doubles = sum(r["double_assignments"] for r in runs)
            times = [r["seconds"] for r in runs]
            median, p95 = summarize_ms(times)
            totals[label] = retries / max(assigned, 1)
            results.append(
                BenchResult(
                    f"contention {curators}x{per_curator} of {pool}",
                    f"{backend} {label}",
                    retries / max(assigned, 1),
                    "retries/item",
                    median=median,
                    p95=p95,
                    samples=rounds,
                    target="0 double assignments",
                    met=doubles == 0,
                    extra={
                        "assigned": assigned,
                        "retries": retries,
                        "doubles": doubles,
                        "time_ms_median": median,
                    },
                )
            )
        ours, base = totals["random-window"], totals["first-rows baseline"]
        ratio = base / ours if ours else float("inf")
        results.append(
            BenchResult(
                "contention retry ratio",
                f"{backend} baseline/ours",
                ratio,
                "x",
                target=">= 4",
                met=ratio >= 4,
            )
        )
    return results
