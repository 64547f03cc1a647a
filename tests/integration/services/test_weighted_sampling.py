"""Weights from Settings.sampling_weights split assignments by dataset-name prefix."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest

from gt_tui.bootstrap import build_services, services_for_repo
from gt_tui.config import Settings
from tests.integration.services.helpers import InterleavingRepo, all_items, pool, seed

WEIGHTS = {"A": 0.5, "B": 0.3, "C": 0.2}


def weighted_services(repo, weights, seed_value: int):
    settings = Settings(backend="memory", sampling_weights=weights)
    return services_for_repo(repo, settings, rng=random.Random(seed_value))


# A statistical property of the sampler, run on the embedded backends only: on the
# Cosmos test server its 4,000 round trips take a minute each. Every backend still runs
# the prefix queries and the fill through the tests below.
@pytest.mark.parametrize("backend_name", ["memory", "sqlite"])
async def test_2000_assignments_follow_the_weights_within_3_points(repo):
    # Ample supply: every prefix has more than its share of the 2,000, and a dataset
    # outside the weighted prefixes that only the global fill could reach.
    await seed(
        repo,
        pool(1100, "A-one", 1)
        + pool(700, "B-one", 2)
        + pool(450, "C-one", 3)
        + pool(100, "Z-other", 4),
    )
    shared = InterleavingRepo(repo)
    queues = []
    for batch in range(10):  # 10 rounds of 10 curators racing for 20 items each
        services = [weighted_services(shared, WEIGHTS, batch * 100 + n) for n in range(10)]
        queues += await asyncio.gather(
            *(s.assignments.self_assign(f"curator-{batch}-{n}", 20) for n, s in enumerate(services))
        )
    assert [len(queue) for queue in queues] == [20] * 100

    assigned = [item for item in await all_items(repo) if item.assigned_to]
    assert len(assigned) == 2000
    split = Counter(item.dataset_name[0] for item in assigned)
    for prefix, weight in WEIGHTS.items():
        assert abs(split[prefix] / 2000 - weight) <= 0.03, (prefix, split)
    assert split["Z"] == 0


async def test_a_prefix_that_runs_dry_is_filled_by_the_others(repo):
    await seed(repo, pool(300, "A-one", 1) + pool(300, "B-one", 2) + pool(5, "C-one", 3))
    services = [weighted_services(repo, WEIGHTS, n) for n in range(10)]
    queues = [await s.assignments.self_assign(f"curator-{n}", 20) for n, s in enumerate(services)]

    assert [len(queue) for queue in queues] == [20] * 10
    split = Counter(item.dataset_name[0] for queue in queues for item in queue)
    assert split["C"] == 5  # every C item went out
    assert split["A"] + split["B"] == 195
    assert split["A"] > split["B"]  # A still got its larger share


async def test_weights_reach_the_sampler_through_bootstrap(repo):
    await seed(repo, pool(50, "A-one", 1) + pool(50, "B-one", 2))
    services = weighted_services(repo, {"A": 1.0, "B": 0.0}, 7)
    queue = await services.assignments.self_assign("alice", 30)
    assert len(queue) == 30
    assert {item.dataset_name for item in queue} == {"A-one"}


async def test_without_weights_every_dataset_can_be_drawn(repo):
    await seed(repo, pool(40, "A-one", 1) + pool(40, "B-one", 2) + pool(40, "Z-other", 3))
    services = weighted_services(repo, {}, 3)
    queue = await services.assignments.self_assign("alice", 60)
    assert len(queue) == 60
    assert {item.dataset_name for item in queue} == {"A-one", "B-one", "Z-other"}


async def test_weights_from_the_environment_reach_build_services(monkeypatch):
    monkeypatch.setenv("GT_BACKEND", "memory")
    monkeypatch.setenv("GT_SAMPLING_WEIGHTS", '{"A": 1, "B": 0}')
    services = await build_services(Settings(_env_file=None), rng=random.Random(5))
    try:
        await seed(services.repo, pool(30, "A-one", 1) + pool(30, "B-one", 2))
        queue = await services.assignments.self_assign("alice", 20)
        assert {item.dataset_name for item in queue} == {"A-one"}
    finally:
        await services.close()
