"""Benchmark: a sampling read on a 100k-item SQLite file costs O(limit), not O(pool).

Run: python -m tests.benchmarks.bench_sqlite_sampling [N]  (not part of the test run).
Seeds N items in one transaction, prints the query plan of the sampler's window query
and the median time of window reads, a filtered count and a deep keyset page.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gt_tui.domain import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.sqlite import _INSERT_SQL, SqliteGroundTruthRepo
from gt_tui.repos.sqlite_query import page_sql
from gt_tui.repos.sqlite_schema import index_row, item_json, write_side_rows
from gt_tui.services.sampling import AssignmentSamplingService, eligible_query


def seed(path: Path, n: int) -> None:
    rng = random.Random(1)
    statuses = [GroundTruthStatus.draft] * 6 + [
        GroundTruthStatus.approved,
        GroundTruthStatus.skipped,
        GroundTruthStatus.deleted,
    ]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for i in range(n):
        item = GroundTruthItem(
            id=f"item-{i:06d}",
            dataset_name=f"ds-{i % 7}",
            status=rng.choice(statuses),
            synth_question=f"question {i} about topic {rng.randrange(1000)}",
            answer="an answer " * 5,
            manual_tags=[f"tag{rng.randrange(30)}"],
            assigned_to=f"user{rng.randrange(20)}" if rng.random() < 0.1 else None,
            updated_by=f"user{rng.randrange(20)}",
            etag=f'"seed-{i}"',
        )
        values = index_row(item, item_json(item))
        values.update(dataset_name=item.dataset_name, id=item.id)
        pk = conn.execute(_INSERT_SQL, values).fetchone()[0]
        write_side_rows(conn, pk, item)
    conn.execute("COMMIT")
    conn.close()


def timed(fn, repeat: int = 30) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        repo = SqliteGroundTruthRepo(path)
        await repo.health()  # creates the schema
        start = time.perf_counter()
        seed(path, n)
        print(f"seeded {n} items in {time.perf_counter() - start:.1f}s")

        conn = sqlite3.connect(path)
        window = eligible_query("user3", sample_key_min=0.42, limit=20)
        sql, params = page_sql(window)
        for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
            print("plan:", row[-1])
        rng = random.Random(2)

        def window_read() -> None:
            q = eligible_query("user3", sample_key_min=rng.random(), limit=20)
            text, args = page_sql(q)
            conn.execute(text, args).fetchall()

        print(f"sampling window (limit 20), raw SQL: {timed(window_read):.2f} ms median")

        sampler = AssignmentSamplingService(repo, rng=random.Random(3))
        samples = []
        for _ in range(30):
            t = time.perf_counter()
            got = await sampler.sample_candidates(user_id="user3", limit=20)
            samples.append(time.perf_counter() - t)
            assert len(got) == 20
        print(f"sample_candidates(limit=20) via repo: {statistics.median(samples) * 1000:.2f} ms")

        weighted = AssignmentSamplingService(repo, weights={"ds-1": 2, "ds-2": 1})
        t = time.perf_counter()
        await weighted.sample_candidates(user_id="user3", limit=20)
        print(f"weighted (2 prefixes) sample: {(time.perf_counter() - t) * 1000:.2f} ms")

        t = time.perf_counter()
        page = await repo.query(ItemQuery(status=GroundTruthStatus.draft, limit=50))
        print(
            f"draft page of 50 with total={page.total}: {(time.perf_counter() - t) * 1000:.1f} ms"
        )
        t = time.perf_counter()
        page = await repo.query(ItemQuery(tags=("tag7",), sort=SortField.updated_at, limit=50))
        print(f"tag page with total={page.total}: {(time.perf_counter() - t) * 1000:.1f} ms")
        t = time.perf_counter()
        page = await repo.query(ItemQuery(text="TOPIC 99", include_total=False, limit=50))
        print(f"text page (no total): {(time.perf_counter() - t) * 1000:.1f} ms")
        conn.close()
        await repo.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
