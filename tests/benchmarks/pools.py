"""Seeded pools of items for benchmarks, on any backend."""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.repos.memory import InMemoryGroundTruthRepo

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TAGS = ["billing", "login", "api", "security", "pricing", "onboarding", "export", "mobile"]


def make_pool_items(
    n: int, *, seed: int = 7, datasets: tuple[str, ...] = ("A-faq", "B-docs", "C-policy")
) -> list[GroundTruthItem]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        tags = rng.sample(TAGS, rng.randint(0, 3))
        items.append(
            GroundTruthItem(
                id=f"item-{i:07d}",
                dataset_name=datasets[i % len(datasets)],
                synth_question=f"How do I handle case {i} for {tags[0] if tags else 'general'}?",
                answer=f"Answer {i}: follow the steps in the guide.",
                refs=[Reference(url=f"https://docs.example.org/{i % 500}", title=f"Doc {i % 500}")],
                manual_tags=tags,
                history=(
                    [HistoryTurn(role="user", msg=f"Earlier follow-up number {i} about setup")]
                    if i % 50 == 0
                    else None
                ),
                total_references=1,
                updated_at=EPOCH + timedelta(seconds=i),
                sample_key=rng.random(),
            )
        )
    return items


@contextlib.asynccontextmanager
async def open_bench_repo(backend: str) -> AsyncIterator[GroundTruthRepo]:
    if backend == "memory":
        repo: GroundTruthRepo = InMemoryGroundTruthRepo()
        try:
            yield repo
        finally:
            await repo.close()
        return
    if backend == "sqlite":
        from gt_tui.repos.sqlite import SqliteGroundTruthRepo

        with tempfile.TemporaryDirectory(prefix="gt-bench-") as tmp:
            repo = SqliteGroundTruthRepo(Path(tmp) / "bench.sqlite3")
            try:
                yield repo
            finally:
                await repo.close()
        return
    raise ValueError(f"unknown backend {backend}")


async def seed(repo: GroundTruthRepo, items: list[GroundTruthItem], batch: int = 256) -> None:
    """Create items through the public protocol, a batch of concurrent creates at a time."""
    for start in range(0, len(items), batch):
        await asyncio.gather(*(repo.upsert(item) for item in items[start : start + batch]))


class LatencyRepo:
    """Wraps a repo and waits `latency_s` per call, like a network round trip.

    Without it, in-memory calls never yield to the event loop, so concurrent curators
    would run one after another and never race.
    """

    def __init__(self, inner: GroundTruthRepo, latency_s: float = 0.001) -> None:
        self._inner = inner
        self._latency_s = latency_s
        self.calls = 0

    def __getattr__(self, name: str):
        target = getattr(self._inner, name)
        if not asyncio.iscoroutinefunction(target):
            return target

        async def delayed(*args, **kwargs):
            self.calls += 1
            await asyncio.sleep(self._latency_s)
            return await target(*args, **kwargs)

        return delayed
