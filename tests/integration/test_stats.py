"""Store statistics on every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime

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


TODAY = date(2026, 3, 10)
DAYS = [f"2026-03-{d:02d}" for d in range(4, 11)]


def decided(item_id, status, user, when):
    return GroundTruthItem(
        id=item_id,
        dataset_name="faq",
        synth_question="q",
        status=status,
        updated_by=user,
        updated_at=when,
    )


async def test_decisions_per_curator_per_day_over_the_last_7_days(repo):
    A, S, X, D = (
        GroundTruthStatus.approved,
        GroundTruthStatus.skipped,
        GroundTruthStatus.deleted,
        GroundTruthStatus.draft,
    )
    for one in [
        decided("1", A, "ann", datetime(2026, 3, 10, 23, 59, tzinfo=UTC)),
        decided("2", S, "ann", datetime(2026, 3, 10, 0, 0, tzinfo=UTC)),
        decided("3", X, "ann", datetime(2026, 3, 4, 8, 0, tzinfo=UTC)),
        decided("4", A, "ann", datetime(2026, 3, 3, 23, 59, tzinfo=UTC)),  # 8 days ago
        decided("5", D, "ann", datetime(2026, 3, 10, 9, 0, tzinfo=UTC)),  # a draft edit
        decided("6", A, "bob", datetime(2026, 3, 9, 12, 0, tzinfo=UTC)),
        decided("7", A, "bob", datetime(2026, 3, 11, 1, 0, tzinfo=UTC)),  # after today
    ]:
        await repo.upsert(one)

    decisions = (await collect_stats(repo, today=TODAY)).to_json()["decisions"]

    assert decisions == {
        "days": DAYS,
        "curators": {
            "ann": {"today": 2, "last_7_days": 3, "per_day": [1, 0, 0, 0, 0, 0, 2]},
            "bob": {"today": 0, "last_7_days": 1, "per_day": [0, 0, 0, 0, 0, 1, 0]},
        },
    }


NO_ITEMS = {"draft": 0, "approved": 0, "skipped": 0, "deleted": 0, "total": 0}


async def test_counts_per_shape(repo):
    await repo.upsert(item("r1", "faq"))
    for n, status in enumerate(["draft", "approved", "approved"]):
        await repo.upsert(
            GroundTruthItem.from_doc(
                {
                    "id": f"g{n}",
                    "datasetName": "agents",
                    "status": status,
                    "history": [{"role": "user", "msg": "q"}],
                    "toolCalls": [],
                }
            )
        )

    shapes = (await collect_stats(repo, today=TODAY)).to_json()["shapes"]

    assert shapes == {
        "rag": {**NO_ITEMS, "draft": 1, "total": 1},
        "agentic": {**NO_ITEMS, "draft": 1, "approved": 2, "total": 3},
    }


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

    stats = await collect_stats(repo, today=TODAY)

    assert stats.to_json() == {
        "total": 8,
        "by_status": {"draft": 4, "approved": 2, "skipped": 1, "deleted": 1},
        "datasets": {
            "faq": {"draft": 4, "approved": 1, "skipped": 0, "deleted": 0, "total": 5},
            "kb": {"draft": 0, "approved": 1, "skipped": 1, "deleted": 1, "total": 3},
        },
        "shapes": {
            "rag": {"draft": 4, "approved": 2, "skipped": 1, "deleted": 1, "total": 8},
            "agentic": NO_ITEMS,
        },
        "drafts_assigned": {"alice": 2, "bob": 1},
        "decisions": {"days": DAYS, "curators": {}},
    }
    assert render_stats(stats, "test").splitlines() == [
        "8 items on test",
        "",
        "dataset  draft  approved  skipped  deleted  total",
        "faq          4         1        0        0      5",
        "kb           0         1        1        1      3",
        "all          4         2        1        1      8",
        "",
        "items per shape (RAG: seed era; agentic: GTC 2.x)",
        "shape    draft  approved  skipped  deleted  total",
        "rag          4         2        1        1      8",
        "agentic      0         0        0        0      0",
        "",
        "drafts assigned per curator",
        "curator  drafts",
        "alice         2",
        "bob           1",
    ]


async def test_empty_store(repo):
    stats = await collect_stats(repo, today=TODAY)

    assert stats.to_json() == {
        "total": 0,
        "by_status": {"draft": 0, "approved": 0, "skipped": 0, "deleted": 0},
        "datasets": {},
        "shapes": {"rag": NO_ITEMS, "agentic": NO_ITEMS},
        "drafts_assigned": {},
        "decisions": {"days": DAYS, "curators": {}},
    }
    assert render_stats(stats, "test").splitlines()[-1] == "(none)"
