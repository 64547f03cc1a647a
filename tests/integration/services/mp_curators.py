"""Child-process side of the multi-process SQLite test (importable by spawn)."""

from __future__ import annotations

import asyncio
import random
from typing import Any


async def _top_up(path: str, curators: list[str], limit: int) -> dict[str, list[Any]]:
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo
    from gt_tui.services.assignment import AssignmentService
    from gt_tui.services.sampling import AssignmentSamplingService

    repo = SqliteGroundTruthRepo(path)
    try:
        services = {
            name: AssignmentService(
                repo, sampler=AssignmentSamplingService(repo, rng=random.Random(name))
            )
            for name in curators
        }
        queues = await asyncio.gather(
            *(service.self_assign(name, limit) for name, service in services.items())
        )
        return {
            name: [(item.dataset_name, item.id, item.assigned_to) for item in queue]
            for name, queue in zip(services, queues, strict=True)
        }
    finally:
        await repo.close()


def run_curators(paths: list[str], curators: list[str], limit: int, barrier, results) -> None:
    """For each file in turn: wait for every process, then all curators self_assign."""
    for path in paths:
        barrier.wait(timeout=60)
        results.put((path, asyncio.run(_top_up(path, curators, limit))))
