"""What the sampler may hand out, and that its randomness reaches the whole pool."""

from __future__ import annotations

import asyncio
import random

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.sampling import AssignmentSamplingService
from tests.integration.services.helpers import all_items, make_item, pool, seed

draft, skipped = GroundTruthStatus.draft, GroundTruthStatus.skipped
approved, deleted = GroundTruthStatus.approved, GroundTruthStatus.deleted


def mixed_items():
    """Eligible for "me": ids starting "ok-"; everything else must never be handed to me."""
    return [
        make_item("ok-draft", sample_key=0.05),
        make_item("ok-draft-updated-by-me", updated_by="me", sample_key=0.15),
        make_item("ok-skipped-by-other", status=skipped, updated_by="bob", sample_key=0.25),
        make_item("ok-skipped-by-nobody", status=skipped, sample_key=0.35),
        make_item("no-skipped-by-me", status=skipped, updated_by="me", sample_key=0.45),
        make_item("no-approved", status=approved, sample_key=0.55),
        make_item("no-deleted", status=deleted, sample_key=0.65),
        make_item("no-bobs-draft", assigned_to="bob", sample_key=0.75),
        make_item("no-my-draft", assigned_to="me", sample_key=0.85),
        make_item("no-approved-by-other", status=approved, updated_by="bob", sample_key=0.95),
    ]


async def test_candidates_are_exactly_the_eligible_items(repo):
    await seed(repo, mixed_items())
    for seed_value in range(20):  # every random start, wrap-around included
        sampler = AssignmentSamplingService(repo, rng=random.Random(seed_value))
        found = await sampler.sample_candidates(user_id="me", limit=50)
        assert sorted(item.id for item in found) == [
            "ok-draft",
            "ok-draft-updated-by-me",
            "ok-skipped-by-nobody",
            "ok-skipped-by-other",
        ]


async def test_self_assign_takes_only_eligible_items_and_leaves_the_rest_untouched(repo):
    before = {item.id: item for item in await seed(repo, mixed_items())}
    service = AssignmentService(repo)

    queue = await service.self_assign("me", 50)

    assert queue[0].id == "no-my-draft"  # my existing draft comes first
    assert sorted(item.id for item in queue[1:]) == [
        "ok-draft",
        "ok-draft-updated-by-me",
        "ok-skipped-by-nobody",
        "ok-skipped-by-other",
    ]
    assert all(item.status == draft and item.assigned_to == "me" for item in queue)
    after = {item.id: item for item in await all_items(repo)}
    for item_id in ("no-skipped-by-me", "no-approved", "no-deleted", "no-bobs-draft"):
        assert after[item_id] == before[item_id], item_id


async def test_repeated_draws_cover_the_whole_pool(repo):
    items = await seed(repo, pool(300))
    sampler = AssignmentSamplingService(repo, rng=random.Random(42))
    seen: set[str] = set()
    first_draw = await sampler.sample_candidates(user_id="me", limit=20)
    for _ in range(300):
        seen.update(item.id for item in await sampler.sample_candidates(user_id="me", limit=20))
    assert seen == {item.id for item in items}
    # An item's chance per draw is the width of the 20 key gaps before it: mean 20/300,
    # so 300 draws miss none. A first-N-rows design would never get past 20 distinct ids.
    assert len(first_draw) == 20


async def test_curators_asking_at_once_read_different_parts_of_the_pool(repo):
    """The old design shuffled the first N rows: everybody fought over the same N."""
    await seed(repo, pool(300))
    samplers = [AssignmentSamplingService(repo, rng=random.Random(n)) for n in range(25)]
    draws = await asyncio.gather(
        *(s.sample_candidates(user_id=f"curator-{n}", limit=10) for n, s in enumerate(samplers))
    )
    distinct = {item.id for draw in draws for item in draw}
    assert len(distinct) > 120  # 250 picks from 300; a fixed first-N would give 10
    lowest_ids = {f"ds-{n:05d}" for n in range(10)}
    assert distinct - lowest_ids


async def test_exclusions_are_honoured(repo):
    items = await seed(repo, pool(30))
    excluded = [item.id for item in items[:25]]
    sampler = AssignmentSamplingService(repo, rng=random.Random(1))
    found = await sampler.sample_candidates(user_id="me", limit=30, exclude_ids=excluded)
    assert sorted(item.id for item in found) == sorted(item.id for item in items[25:])
