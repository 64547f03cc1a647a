"""#16 on SQLite over a large pool: the explorer's first page with any single filter or
sort (as ExplorerScreen.build_query makes it: 50 rows and the total), the dataset
picker's counts, and one progress / stats call (its grouped counts)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.queries import ItemQuery, SortField
from gt_tui.services.progress import ProgressService
from tests.benchmarks.harness import BenchResult, summarize_ms
from tests.benchmarks.pools import EPOCH, make_pool_items, open_bench_repo

TARGET_MS = 100.0
STATUSES = [GroundTruthStatus.draft, GroundTruthStatus.approved, GroundTruthStatus.skipped]


def _pool(pool: int) -> list[Any]:
    items = make_pool_items(pool)
    for n, item in enumerate(items):
        item.status = STATUSES[n % 3] if n % 17 else GroundTruthStatus.deleted
        if item.status != GroundTruthStatus.draft:
            item.updated_by = f"curator-{n % 7}"
        elif n % 5 == 0:
            item.assigned_to = f"curator-{n % 7}"
    return items


def _explorer_queries() -> dict[str, ItemQuery]:
    page = {"limit": 50}
    queries = {
        "no filter": ItemQuery(**page),
        "status deleted": ItemQuery(status=GroundTruthStatus.deleted, **page),
        "dataset": ItemQuery(dataset_name="B-docs", **page),
        "tag": ItemQuery(tags=("security",), **page),
        "exclude tag": ItemQuery(exclude_tags=("security",), **page),
        "text (question/answer)": ItemQuery(text="case 42 ", **page),
        "text only in history": ItemQuery(text="follow-up number 100 ", **page),
        "id prefix": ItemQuery(id_prefix="item-00001", **page),
        "url part (common)": ItemQuery(ref_url_contains="example.org/4", **page),
        "url part (rare)": ItemQuery(ref_url_contains="org/199", **page),
        # Worst cases of each shape: a set of every item, and a set of none.
        "text (every item)": ItemQuery(text="answer", **page),
        "url part (every item)": ItemQuery(ref_url_contains="https://", **page),
        "tag (no item)": ItemQuery(tags=("no-such-tag",), **page),
        "exclude tag (2 tags)": ItemQuery(exclude_tags=("security", "api"), **page),
    }
    for field in SortField:
        for descending in (False, True):
            label = f"sort {field.value} {'desc' if descending else 'asc'}"
            queries[label] = ItemQuery(sort=field, descending=descending, **page)
    return queries


async def _time(call: Callable[[], Awaitable[Any]], repeats: int) -> tuple[float, float, Any]:
    samples, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = await call()
        samples.append(time.perf_counter() - start)
    median, p95 = summarize_ms(samples)
    return median, p95, result


async def bench_datasets(pool: int = 100_000, repeats: int = 7) -> list[BenchResult]:
    group = f"#16 datasets, sqlite, {pool:,} items"
    results: list[BenchResult] = []

    def add(label: str, median: float, p95: float, target: bool, **extra: Any) -> None:
        results.append(
            BenchResult(
                group, label, median, "ms", median=median, p95=p95, samples=repeats,
                target=f"<= {TARGET_MS:g} ms" if target else "", met=p95 <= TARGET_MS or not target,
                extra=extra,
            )
        )  # fmt: skip

    async with open_bench_repo("sqlite") as repo:
        # create_many: 500 items per transaction, so the 100,000-item pool takes seconds.
        items = _pool(pool)
        for start in range(0, len(items), 500):
            await repo.create_many(items[start : start + 500])
        for label, query in _explorer_queries().items():
            median, p95, page = await _time(lambda q=query: repo.query(q), repeats)
            assert page.items or label == "tag (no item)", label
            add(f"explorer first page: {label}", median, p95, True, total=page.total)
        service = ProgressService(repo, clock=lambda: EPOCH + timedelta(seconds=pool))
        median, p95, datasets = await _time(service.datasets, repeats)
        add("dataset picker counts (1 grouped count)", median, p95, False, datasets=len(datasets))
        since = EPOCH + timedelta(seconds=pool // 2)
        median, p95, progress = await _time(lambda: service.progress("curator-1", since), repeats)
        add("progress / stats (4 grouped counts)", median, p95, False, mine=progress.my_decisions)
    return results
