"""BrowseService counts: my queue, my approvals today, the assignable pool."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery
from gt_tui.services.browse import BrowseService

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def make(n: int, **fields) -> GroundTruthItem:
    return GroundTruthItem(
        id=f"b-{n}", dataset_name="ds", synth_question="q", updated_at=NOW, **fields
    )


async def test_browse_counts_my_queue_my_approvals_today_and_the_pool(repo):
    approved = GroundTruthStatus.approved
    items = [
        make(1, assigned_to="alice", assigned_at=NOW),
        make(2, assigned_to="alice", assigned_at=NOW),
        make(3, assigned_to="bob", assigned_at=NOW),
        make(4),
        make(5),
        make(6, status=approved, updated_by="alice", reviewed_at=NOW - timedelta(hours=1)),
        make(7, status=approved, updated_by="bob", reviewed_at=NOW - timedelta(hours=2)),
        make(8, status=approved, updated_by="alice", reviewed_at=NOW - timedelta(days=1)),
        make(9, status=GroundTruthStatus.skipped, updated_by="alice"),
        make(10, status=GroundTruthStatus.skipped, updated_by="bob"),
    ]
    for item in items:
        await repo.upsert(item)
    counts = await BrowseService(repo).counts("alice", NOW.date())
    assert counts.in_queue == 2
    assert counts.approved_today == 1
    assert counts.pool_left == 3  # b-4, b-5, and b-10 (skipped by someone else)
    page = await BrowseService(repo).page(ItemQuery(status=approved, limit=2))
    assert page.total == 3 and len(page.items) == 2
    assert (await BrowseService(repo).get("ds", "b-4")).id == "b-4"
