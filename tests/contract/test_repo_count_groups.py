"""Contract: grouped counts (one GROUP BY) and the updated_at_min filter, every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gt_tui.domain import GroundTruthStatus as S
from gt_tui.domain.counts import CountField as F
from gt_tui.repos.base import ItemQuery
from tests.contract.items import make_item

DAY = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)


async def _seed(repo) -> None:
    rows = [
        ("a1", "ds-a", S.approved, None, "ann", DAY),
        ("a2", "ds-a", S.approved, None, "bob", DAY - timedelta(hours=1)),
        ("a3", "ds-a", S.draft, "ann", "importer", DAY - timedelta(days=3)),
        ("a4", "ds-a", S.skipped, None, "ann", DAY + timedelta(hours=1)),  # next UTC day
        ("b1", "ds-b", S.draft, None, None, DAY - timedelta(days=9)),
        ("b2", "ds-b", S.deleted, None, "bob", DAY),
    ]
    for item_id, dataset, status, assignee, by, at in rows:
        await repo.upsert(
            make_item(
                item_id, dataset, status=status, assigned_to=assignee, updated_by=by, updated_at=at
            )
        )


async def test_counts_per_dataset_and_status(repo):
    await _seed(repo)
    counts = await repo.count_groups(ItemQuery(), (F.dataset_name, F.status))
    assert counts == {
        ("ds-a", "approved"): 2,
        ("ds-a", "draft"): 1,
        ("ds-a", "skipped"): 1,
        ("ds-b", "draft"): 1,
        ("ds-b", "deleted"): 1,
    }


async def test_counts_per_assignee_of_drafts_with_none_for_unassigned(repo):
    await _seed(repo)
    counts = await repo.count_groups(ItemQuery(status=S.draft), (F.assigned_to,))
    assert counts == {("ann",): 1, (None,): 1}


async def test_counts_per_curator_and_utc_day_since_an_instant(repo):
    await _seed(repo)
    decided = (S.approved, S.skipped, S.deleted)
    query = ItemQuery(statuses=decided, updated_at_min=DAY - timedelta(hours=1))
    counts = await repo.count_groups(query, (F.updated_by, F.updated_day))
    assert counts == {
        ("ann", "2026-03-02"): 1,
        ("bob", "2026-03-02"): 2,
        ("ann", "2026-03-03"): 1,
    }
    page = await repo.query(ItemQuery(updated_at_min=DAY))
    assert sorted(item.id for item in page.items) == ["a1", "a4", "b2"] and page.total == 3
