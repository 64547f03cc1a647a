"""Simulated peers change the store, obey ownership, and never crash."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest

from gt_tui.bootstrap import Services, services_for_repo
from gt_tui.config import Settings
from gt_tui.demo import seed_demo
from gt_tui.demo.peers import PeerSimulator, peer_ids_for
from gt_tui.domain.errors import AssignmentConflictError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.memory import InMemoryGroundTruthRepo

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
USER = "dana"
PEERS = ["alice", "bob", "carol"]


class RecordingRepo(InMemoryGroundTruthRepo):
    """The in-memory repo that also keeps (before, after) for every successful write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[GroundTruthItem | None, GroundTruthItem]] = []

    async def upsert(self, item: GroundTruthItem, *, note=None) -> GroundTruthItem:
        before = await self.get(item.dataset_name, item.id)
        after = await super().upsert(item, note=note)
        self.writes.append((before, after))
        return after


async def _setup(seed: int = 7) -> tuple[RecordingRepo, Services, PeerSimulator]:
    repo = RecordingRepo()
    await seed_demo(repo, USER, NOW)
    repo.writes.clear()
    services = services_for_repo(
        repo, Settings(backend="memory", user_id=USER), rng=random.Random(seed)
    )
    return repo, services, PeerSimulator(services, PEERS, random.Random(seed), interval_s=0)


async def _all(repo: InMemoryGroundTruthRepo) -> list[GroundTruthItem]:
    return (await repo.query(ItemQuery(limit=1000))).items


def _assert_no_item_changed_hands(repo: RecordingRepo) -> None:
    """A draft held by one user is only ever written by its holder, who keeps it or lets go."""
    for before, after in repo.writes:
        if before and before.assigned_to and before.status == GroundTruthStatus.draft:
            assert after.assigned_to in (None, before.assigned_to), (before.id, after.assigned_to)
            assert after.updated_by in (before.updated_by, before.assigned_to), before.id


async def test_steps_make_changes_and_keep_ownership_while_the_user_claims_too() -> None:
    repo, services, sim = await _setup()
    mine_before = {i.id: i.etag for i in await services.assignments.my_assignments(USER)}
    rng = random.Random(99)
    user_conflicts = 0
    for step in range(40):
        pool = (await repo.query(ItemQuery(status=GroundTruthStatus.draft, limit=1000))).items
        target = rng.choice(pool)

        async def user_claims(target: GroundTruthItem = target, step: int = step) -> None:
            nonlocal user_conflicts
            try:
                await services.assignments.claim(USER, target.dataset_name, target.id)
            except AssignmentConflictError as exc:
                assert exc.owner in PEERS
                user_conflicts += 1
            if step % 10 == 0:
                await services.assignments.self_assign(USER, 8 + step // 10)

        await asyncio.gather(sim.step(), user_claims())
        _assert_no_item_changed_hands(repo)

    assert sim.steps == 40
    assert sim.changes > 40
    assert {"claim", "edit_own", "edit_pool"} <= set(sim.actions)
    assert sim.actions["approve"] + sim.actions["skip"] > 0
    assert user_conflicts > 0
    items = await _all(repo)
    assert {i.assigned_to for i in items} <= {None, USER, *PEERS}
    by_id = {i.id: i for i in items}
    for item_id, etag in mine_before.items():
        assert by_id[item_id].assigned_to == USER
        assert by_id[item_id].etag == etag, "a peer wrote to the user's item"
    assert any(i.updated_by in PEERS and i.status == GroundTruthStatus.approved for i in items)
    for peer in PEERS:
        assert len(await services.assignments.my_assignments(peer)) <= 3


async def test_an_outage_is_counted_not_raised_and_peers_resume() -> None:
    repo, _, sim = await _setup()
    repo.available = False
    for _ in range(5):
        await sim.step()
    assert sim.errors == 5 * len(PEERS)
    assert sim.errors_by_type == {"BackendUnavailableError": 5 * len(PEERS)}
    assert sim.changes == 0 and repo.writes == []
    repo.available = True
    for _ in range(5):
        await sim.step()
    assert sim.changes > 0
    assert sim.errors == 5 * len(PEERS)


async def test_the_pool_never_runs_dry_in_a_long_session() -> None:
    repo, _, sim = await _setup()
    for _ in range(150):
        await sim.step()
    _assert_no_item_changed_hands(repo)
    pool = await repo.query(ItemQuery(status=GroundTruthStatus.draft, unassigned=True, limit=1))
    assert pool.total > 0
    assert sim.actions["reopen"] > 0
    answers = [len(i.answer or "") for i in await _all(repo)]
    assert max(answers) < 400, "repeated edits must stay bounded"


async def test_same_seeds_give_the_same_story() -> None:
    def story(items: list[GroundTruthItem]) -> list[tuple]:
        return [
            (i.id, i.status, i.assigned_to, tuple(i.manual_tags), i.answer, i.comment)
            for i in items
        ]

    outcomes = []
    for _ in range(2):
        repo, _, sim = await _setup(seed=11)
        for _ in range(25):
            await sim.step()
        outcomes.append((story(await _all(repo)), dict(sim.actions)))
    assert outcomes[0] == outcomes[1]


class CountingSimulator(PeerSimulator):
    """Sets `three_steps` once three rounds have run, so the test awaits an event."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.three_steps = asyncio.Event()

    async def step(self) -> None:
        await super().step()
        if self.steps >= 3:
            self.three_steps.set()


async def test_run_steps_until_cancelled() -> None:
    _, services, _ = await _setup()
    sim = CountingSimulator(services, PEERS, random.Random(5), interval_s=0)
    task = asyncio.create_task(sim.run())
    await asyncio.wait_for(sim.three_steps.wait(), timeout=10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sim.changes > 0


async def test_peers_must_not_include_the_user() -> None:
    _, services, _ = await _setup()
    with pytest.raises(ValueError, match="dana"):
        PeerSimulator(services, ["alice", USER], random.Random(1))
    with pytest.raises(ValueError, match="unique"):
        PeerSimulator(services, ["alice", "alice"], random.Random(1))


def test_peer_ids_for_skips_the_user_and_scales() -> None:
    assert peer_ids_for("dana", 3) == ["alice", "bob", "carol"]
    assert peer_ids_for("alice", 2) == ["bob", "carol"]
    many = peer_ids_for("peer1", 12)
    assert len(many) == len(set(many)) == 12 and "peer1" not in many
