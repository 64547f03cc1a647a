"""Peak RSS of the in-memory backend holding a large pool, measured in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.benchmarks.harness import BenchResult

_PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    from tests.benchmarks.pools import make_pool_items, seed
    from gt_tui.repos.memory import InMemoryGroundTruthRepo
    from gt_tui.repos.base import ItemQuery

    import gc, psutil

    def rss_mb():
        # Current RSS, not ru_maxrss: a child started by fork+exec inherits the parent's
        # peak, so ru_maxrss would report the benchmark runner's own high-water mark.
        gc.collect()
        return psutil.Process().memory_info().rss / 2**20

    async def main(n):
        base = rss_mb()
        repo = InMemoryGroundTruthRepo()
        await seed(repo, make_pool_items(n))
        loaded = rss_mb()
        pages = []
        cursor = None
        for _ in range(20):  # an explorer scrolled through 20 pages of 50
            page = await repo.query(ItemQuery(limit=50, cursor=cursor))
            pages.append(page)
            cursor = page.next_cursor
        explored = rss_mb()
        print(json.dumps({"base": base, "loaded": loaded, "explored": explored}))

    asyncio.run(main(int(sys.argv[1])))
    """
)


def bench_memory(pool: int = 100_000) -> list[BenchResult]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(pool)], capture_output=True, text=True, check=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    per_k = (data["loaded"] - data["base"]) / (pool / 1000)
    return [
        BenchResult(f"memory backend {pool:,} items", "RSS loaded", data["loaded"], "MB"),
        BenchResult(
            f"memory backend {pool:,} items", "RSS + explorer pages", data["explored"], "MB"
        ),
        BenchResult(f"memory backend {pool:,} items", "per 1k items", per_k, "MB/1k"),
    ]
