"""ProgressService: the progress screen's numbers in a bounded number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gt_tui.domain import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.progress import PROGRESS_QUERIES, ProgressService

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
START = NOW - timedelta(hours=2)


def decided(n: int, user: str, at: datetime, status=GroundTruthStatus.approved):
    return GroundTruthItem(
        id=f"i-{n}", dataset_name="faq", synth_question="q", status=status,
        updated_by=user, updated_at=at,
    )  # fmt: skip


class CountingRepo:
    """Counts every repo call the service makes (a fake around the memory repo)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        async def counted(*args, **kwargs):
            self.calls.append(name)
            return await attr(*args, **kwargs)

        return counted


async def _seed(repo) -> None:
    for one in [
        decided(1, "alice", START + timedelta(minutes=5)),
        decided(2, "alice", START + timedelta(minutes=50), GroundTruthStatus.skipped),
        decided(3, "alice", START - timedelta(minutes=1)),  # before the app started
        decided(4, "bob", START + timedelta(minutes=7)),
        decided(5, "alice", START + timedelta(minutes=9), GroundTruthStatus.draft),  # an edit
    ]:
        await repo.upsert(one)


async def test_my_pace_counts_my_decisions_since_the_start(repo):
    await _seed(repo)
    progress = await ProgressService(repo, clock=lambda: NOW).progress("alice", START)
    assert progress.my_decisions == 2
    assert progress.pace_per_hour == 1.0
    curators = progress.stats.to_json()["decisions"]["curators"]
    assert curators["alice"]["today"] == 3 and curators["bob"]["today"] == 1


async def test_no_pace_in_the_first_minute():
    progress = await ProgressService(InMemoryGroundTruthRepo(), clock=lambda: NOW).progress(
        "alice", NOW - timedelta(seconds=20)
    )
    assert progress.pace_per_hour is None and progress.my_decisions == 0


async def test_one_call_costs_a_fixed_number_of_queries_whatever_the_store_size():
    for size in (5, 500):
        inner = InMemoryGroundTruthRepo()
        for n in range(size):
            await inner.upsert(decided(n, "alice", START + timedelta(seconds=n)))
        repo = CountingRepo(inner)
        await ProgressService(repo, clock=lambda: NOW).progress("alice", START)
        assert repo.calls == ["count_groups"] * PROGRESS_QUERIES
