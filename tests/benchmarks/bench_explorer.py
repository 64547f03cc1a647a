"""Explorer queries over a large pool: the first page with each single filter and sort."""

from __future__ import annotations

import time
from collections.abc import Sequence

from gt_tui.repos.base import ItemQuery, SortField
from tests.benchmarks.harness import BenchResult, summarize_ms
from tests.benchmarks.pools import make_pool_items, open_bench_repo, seed

TARGET_MS = 100.0


async def bench_explorer(
    backends: Sequence[str], pool: int = 100_000, repeats: int = 15
) -> list[BenchResult]:
    queries = {
        "first page": ItemQuery(limit=50),
        "tag filter": ItemQuery(tags=("security",), limit=50),
        "text filter": ItemQuery(text="case 42", limit=50),
        "sort updated desc": ItemQuery(sort=SortField.updated_at, descending=True, limit=50),
        "id prefix": ItemQuery(id_prefix="item-000010", limit=50),
        "url substring (common)": ItemQuery(ref_url_contains="example.org/4", limit=50),
        "url substring (rare)": ItemQuery(ref_url_contains="org/199", limit=50),
        "text only in history": ItemQuery(text="follow-up number 100 ", limit=50),
        "exclude tag": ItemQuery(exclude_tags=("security",), limit=50),
        "sort has_answer desc": ItemQuery(sort=SortField.has_answer, descending=True, limit=50),
    }
    results: list[BenchResult] = []
    for backend in backends:
        async with open_bench_repo(backend) as repo:
            await seed(repo, make_pool_items(pool))
            for label, query in queries.items():
                samples = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    page = await repo.query(query)
                    samples.append(time.perf_counter() - start)
                assert page.items, label
                median, p95 = summarize_ms(samples)
                results.append(
                    BenchResult(
                        f"explorer over {pool:,}",
                        f"{backend} {label}",
                        median,
                        "ms",
                        median=median,
                        p95=p95,
                        samples=repeats,
                        target=f"<= {TARGET_MS:g} ms",
                        met=p95 <= TARGET_MS,
                        extra={"total": page.total},
                    )
                )
    return results
