"""claim(), my_assignments() and the edges of self_assign()."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest

from gt_tui.domain.errors import AssignmentConflictError, ConcurrencyError, NotFoundError
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.base import ItemPage
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.sampling import AssignmentSamplingService
from tests.integration.services.helpers import (
    FIXED_NOW,
    InterleavingRepo,
    RecordingRepo,
    fixed_clock,
    make_item,
    pool,
    seed,
)


async def test_claim_of_an_unassigned_item_makes_it_my_draft(repo):
    (stored,) = await seed(repo, [make_item("q1", status=GroundTruthStatus.skipped)])
    claimed = await AssignmentService(repo, clock=fixed_clock).claim("me", "ds", "q1")
    assert claimed.assigned_to == "me"
    assert claimed.assigned_at == FIXED_NOW
    assert claimed.status == GroundTruthStatus.draft
    assert claimed.etag != stored.etag
    assert await repo.get("ds", "q1") == claimed


async def test_claim_of_my_own_draft_returns_it_without_writing(repo):
    (stored,) = await seed(repo, [make_item("q1", assigned_to="me", assigned_at=FIXED_NOW)])
    recording = RecordingRepo(repo)
    claimed = await AssignmentService(recording).claim("me", "ds", "q1")
    assert claimed == stored
    assert "upsert" not in recording.names()


async def test_claim_of_someone_elses_draft_names_the_owner(repo):
    (stored,) = await seed(repo, [make_item("q1", assigned_to="bob")])
    with pytest.raises(AssignmentConflictError) as caught:
        await AssignmentService(repo).claim("me", "ds", "q1")
    assert caught.value.owner == "bob"
    assert await repo.get("ds", "q1") == stored


async def test_claim_of_a_missing_item(repo):
    with pytest.raises(NotFoundError):
        await AssignmentService(repo).claim("me", "ds", "nope")


async def test_two_curators_claiming_one_item_at_once_one_wins(repo):
    await seed(repo, [make_item("q1")])
    shared = InterleavingRepo(repo)
    results = await asyncio.gather(
        AssignmentService(shared).claim("alice", "ds", "q1"),
        AssignmentService(shared).claim("bob", "ds", "q1"),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], AssignmentConflictError)
    assert losers[0].owner == winners[0].assigned_to
    assert (await repo.get("ds", "q1")).assigned_to == winners[0].assigned_to


async def test_my_assignments_oldest_assignment_first_and_only_my_drafts(repo):
    await seed(
        repo,
        [
            make_item("late", assigned_to="me", assigned_at=FIXED_NOW),
            make_item("early", assigned_to="me", assigned_at=FIXED_NOW - timedelta(days=1)),
            make_item("middle", assigned_to="me", assigned_at=FIXED_NOW - timedelta(hours=1)),
            make_item("bobs", assigned_to="bob", assigned_at=FIXED_NOW - timedelta(days=9)),
            make_item("unassigned"),
            make_item("approved", assigned_to="me", status=GroundTruthStatus.approved),
        ],
    )
    queue = await AssignmentService(repo).my_assignments("me")
    assert [item.id for item in queue] == ["early", "middle", "late"]


async def test_self_assign_keeps_existing_drafts_first_and_only_tops_up(repo):
    mine = make_item("mine", assigned_to="me", assigned_at=FIXED_NOW - timedelta(days=1))
    await seed(repo, [mine, *pool(20)])
    service = AssignmentService(repo, clock=fixed_clock)
    queue = await service.self_assign("me", 5)
    assert len(queue) == 5
    assert queue[0].id == "mine"
    assert all(item.assigned_at == FIXED_NOW for item in queue[1:])

    recording = RecordingRepo(repo)
    again = await AssignmentService(recording).self_assign("me", 5)
    assert again[0].id == "mine"  # same clock for the rest: they tie, and sort by id
    assert {item.id for item in again} == {item.id for item in queue}
    assert "upsert" not in recording.names()  # already full: nothing claimed


async def test_self_assign_on_a_small_pool_returns_what_there_is(repo):
    await seed(repo, pool(3))
    queue = await AssignmentService(repo).self_assign("me", 10)
    assert sorted(item.id for item in queue) == ["ds-00000", "ds-00001", "ds-00002"]


class AlwaysLosesRepo(RecordingRepo):
    """Every claim loses its race, as if faster curators always got there first."""

    def __getattr__(self, name):
        if name == "upsert":

            async def lose(item, *, note=None):
                self.calls.append(("upsert", (item,)))
                raise ConcurrencyError("someone else was faster")

            return lose
        return super().__getattr__(name)


async def test_self_assign_stops_when_every_remaining_candidate_is_a_lost_race(repo):
    await seed(repo, pool(30))
    losing = AlwaysLosesRepo(repo)
    service = AssignmentService(losing, sampler=AssignmentSamplingService(losing))
    queue = await asyncio.wait_for(service.self_assign("me", 10), timeout=10)
    assert queue == []
    tried = [args[0].id for name, args in losing.calls if name == "upsert"]
    assert sorted(tried) == [f"ds-{n:05d}" for n in range(30)]  # each tried exactly once
    assert service.claim_conflicts == 30


class IgnoresExclusionsRepo:
    """A broken backend that ignores exclude_ids: self_assign must still terminate."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    async def query(self, query) -> ItemPage:
        return await self.inner.query(query.model_copy(update={"exclude_ids": ()}))

    async def upsert(self, item, *, note=None):
        raise ConcurrencyError("lost")


async def test_self_assign_terminates_even_if_the_backend_ignores_exclusions(repo):
    await seed(repo, pool(10))
    broken = IgnoresExclusionsRepo(repo)
    service = AssignmentService(
        broken, sampler=AssignmentSamplingService(broken, rng=random.Random(0))
    )
    assert await asyncio.wait_for(service.self_assign("me", 5), timeout=10) == []
