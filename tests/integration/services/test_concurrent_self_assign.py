"""Many curators top up their queues at the same moment: no item goes to two of them."""

from __future__ import annotations

import asyncio
import random

from gt_tui.services.assignment import AssignmentService
from gt_tui.services.sampling import AssignmentSamplingService
from tests.integration.services.helpers import (
    InterleavingRepo,
    all_items,
    assignee_counts,
    pool,
    seed,
)

CURATORS = 25
LIMIT = 10


async def run_curators(repo, curators: int, limit: int):
    shared = InterleavingRepo(repo)
    services = [
        AssignmentService(shared, sampler=AssignmentSamplingService(shared, rng=random.Random(n)))
        for n in range(curators)
    ]
    queues = await asyncio.gather(
        *(service.self_assign(f"curator-{n}", limit) for n, service in enumerate(services))
    )
    conflicts = sum(service.claim_conflicts for service in services)
    return queues, conflicts


async def test_pool_of_200_is_handed_out_exactly_once_and_nobody_gets_more_than_limit(repo):
    await seed(repo, pool(200))
    queues, conflicts = await run_curators(repo, CURATORS, LIMIT)

    returned = [(item.dataset_name, item.id) for queue in queues for item in queue]
    assert len(returned) == 200
    assert len(set(returned)) == 200, "an item was handed to two curators"
    assert all(len(queue) <= LIMIT for queue in queues)
    for n, queue in enumerate(queues):
        assert all(item.assigned_to == f"curator-{n}" for item in queue)

    stored = await all_items(repo)
    assert all(item.assigned_to for item in stored), "an item was left unassigned"
    by_user = await assignee_counts(repo)
    assert sum(by_user.values()) == 200
    assert max(by_user.values()) <= LIMIT
    assert by_user == {f"curator-{n}": len(q) for n, q in enumerate(queues) if q}
    assert conflicts > 0, "the curators never raced, so this test proved nothing"


async def test_pool_of_1000_gives_every_curator_exactly_limit(repo):
    await seed(repo, pool(1000))
    queues, _ = await run_curators(repo, CURATORS, LIMIT)

    assert [len(queue) for queue in queues] == [LIMIT] * CURATORS
    returned = {(item.dataset_name, item.id) for queue in queues for item in queue}
    assert len(returned) == CURATORS * LIMIT
    by_user = await assignee_counts(repo)
    assert by_user == {f"curator-{n}": LIMIT for n in range(CURATORS)}
    stored = {(item.dataset_name, item.id): item for item in await all_items(repo)}
    for queue in queues:
        for item in queue:
            assert stored[(item.dataset_name, item.id)].assigned_to == item.assigned_to
