"""HTTP requests the Cosmos backend sends per operation, on cosmosdb-server.

Every request the SDK sends goes through the client's transport, so a transport that
counts before delegating sees them all: retries, metadata and partition-key-range reads
included. One-time start-up requests (database, container, partition key ranges...) are
counted separately and reported, not charged to the first operation: each operation is
run once to warm the SDK's caches, then measured.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from azure.core.pipeline.transport import AioHttpTransport

from tests.benchmarks.harness import BenchResult
from tests.benchmarks.pools import make_pool_items, seed

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DATABASE = "gt-tui-bench"


class CountingTransport(AioHttpTransport):
    """aiohttp transport that counts every request it sends (method + path kind)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent = 0
        self.kinds: Counter[str] = Counter()

    async def send(self, request, **kwargs):  # type: ignore[override]
        self.sent += 1
        path = request.url.split("?", 1)[0]
        kind = "/".join(part for i, part in enumerate(path.split("/")[3:]) if i % 2 == 0)
        self.kinds[f"{request.method} {kind or '/'}"] += 1
        return await super().send(request, **kwargs)

    def take(self) -> tuple[int, dict[str, int]]:
        """Requests since the last take, and what they were."""
        sent, kinds = self.sent, dict(self.kinds)
        self.sent = 0
        self.kinds.clear()
        return sent, kinds


def _clock() -> datetime:
    return NOW


async def _measure(repo_class: type, label: str, server: Any, pool: int) -> list[BenchResult]:
    from gt_tui.bootstrap import services_for_repo
    from gt_tui.config import Settings
    from gt_tui.repos.base import ItemQuery, SortField

    settings = Settings(
        backend="cosmos",
        cosmos_endpoint=server.endpoint,
        cosmos_key=server.key,
        cosmos_database=DATABASE,
        cosmos_container=f"bench-{uuid.uuid4().hex[:10]}",
        cosmos_history_container=f"bench-history-{uuid.uuid4().hex[:10]}",
        cosmos_create_if_missing=True,
        cosmos_connection_verify=False,
        cosmos_timeout_s=5.0,
        user_id="warmup",
        health_interval_s=3600,
    )
    transport = CountingTransport(connection_verify=False)
    repo = repo_class(settings, client_options={"transport": transport})
    await repo.open()
    rows: list[BenchResult] = []
    try:
        startup, startup_kinds = transport.take()
        rows.append(
            BenchResult(
                f"cosmos requests ({label})",
                "start-up (open: database, container, metadata)",
                startup,
                "requests",
                extra={"kinds": startup_kinds},
            )
        )
        await seed(repo, make_pool_items(pool), batch=32)
        transport.take()  # the seeding creates, one per item
        services = services_for_repo(repo, settings, clock=_clock, rng=random.Random(99))
        # Warm-up: one of each operation, so caches the SDK fills once are not charged.
        warm = await services.assignments.self_assign("warmup", 2)
        await repo.get(warm[0].dataset_name, warm[0].id)
        await services.curation.save("warmup", warm[0])
        await services.curation.approve("warmup", warm[1])
        await repo.query(ItemQuery(limit=50, sort=SortField.id, include_total=True))
        warm_sent, warm_kinds = transport.take()
        rows.append(
            BenchResult(
                f"cosmos requests ({label})",
                "warm-up: self_assign 2 + get + save + approve + page (first-use reads incl.)",
                warm_sent,
                "requests",
                extra={"kinds": warm_kinds},
            )
        )

        def row(case: str, target: int | None = None) -> BenchResult:
            sent, kinds = transport.take()
            return BenchResult(
                f"cosmos requests ({label})",
                case,
                sent,
                "requests",
                target=f"<= {target}" if target is not None else "",
                met=sent <= target if target is not None else None,
                extra={"kinds": kinds},
            )

        for k in (5, 10, 20):
            user = f"curator-{k}"
            queue = await services.assignments.self_assign(user, k)
            # k claims + 2 queries, and per claim its revision (one write per change)
            rows.append(row(f"self_assign k={k} (got {len(queue)})", k + 2 + k))
        item = queue[0]
        transport.take()
        got = await repo.get(item.dataset_name, item.id)
        rows.append(row("get (point read)"))
        assert got is not None
        got.comment = "benchmark edit"
        saved = await services.curation.save(user, got)
        rows.append(row("save (conditional replace)"))
        await services.curation.approve(user, saved)
        rows.append(row("approve (assigned item) + its revision", 1 + 1))
        page = await repo.query(ItemQuery(limit=50, sort=SortField.id, include_total=True))
        rows.append(row(f"explorer first page of 50 + total ({page.total})"))
    finally:
        await repo.close()
    return rows


async def bench_cosmos_requests(pool: int = 300) -> list[BenchResult]:
    from gt_tui.repos.cosmos import CosmosGroundTruthRepo
    from gt_tui.repos.cosmos_emulator import CosmosEmulatorGroundTruthRepo
    from tests.integration.cosmos_server import start_cosmos_server

    server = start_cosmos_server()
    try:
        rows = await _measure(CosmosGroundTruthRepo, "production class", server, pool)
        rows += await _measure(CosmosEmulatorGroundTruthRepo, "emulator class", server, pool)
    finally:
        server.stop()
    return rows
