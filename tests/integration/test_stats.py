"""Store statistics on every backend."""

from __future__ import annotations

from gt_tui.commands.stats import render_stats
from gt_tui.domain import GroundTruthItem, GroundTruthStatus
from gt_tui.services.stats import collect_stats


def item(item_id, dataset, status=GroundTruthStatus.draft, assigned_to=None):
    return GroundTruthItem(
        id=item_id,
        dataset_name=dataset,
        synth_question="q",
        status=status,
        assigned_to=assigned_to,
    )


async def test_counts_per_dataset_status_and_assigned_drafts(repo):
    for one in [
        item("1", "faq", assigned_to="alice"),
        item("2", "faq", assigned_to="alice"),
        item("3", "faq", assigned_to="bob"),
        item("4", "faq"),
        item("5", "faq", GroundTruthStatus.approved),
        item("1", "kb", GroundTruthStatus.skipped, assigned_to="carol"),  # not a draft
        item("2", "kb", GroundTruthStatus.deleted),
        item("3", "kb", GroundTruthStatus.approved),
    ]:
        await repo.upsert(one)

    stats = await collect_stats(repo, page_size=3)

    assert stats.to_json() == {
        "total": 8,
        "by_status": {"draft": 4, "approved": 2, "skipped": 1, "deleted": 1},
        "datasets": {
            "faq": {"draft": 4, "approved": 1, "skipped": 0, "deleted": 0, "total": 5},
            "kb": {"draft": 0, "approved": 1, "skipped": 1, "deleted": 1, "total": 3},
        },
        "drafts_assigned": {"alice": 2, "bob": 1},
    }
    assert render_stats(stats, "test").splitlines() == [
        "8 items on test",
        "",
        "dataset  draft  approved  skipped  deleted  total",
        "faq          4         1        0        0      5",
        "kb           0         1        1        1      3",
        "all          4         2        1        1      8",
        "",
        "drafts assigned per curator",
        "curator  drafts",
        "alice         2",
        "bob           1",
    ]


async def test_empty_store(repo):
    stats = await collect_stats(repo)

    assert stats.to_json() == {
        "total": 0,
        "by_status": {"draft": 0, "approved": 0, "skipped": 0, "deleted": 0},
        "datasets": {},
        "drafts_assigned": {},
    }
    assert render_stats(stats, "test").splitlines()[-1] == "(none)"
