"""The undo stack of decisions, on the memory and SQLite backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gt_tui.domain.errors import ConcurrencyError, InvalidUserIdError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.services.curation import CurationService
from gt_tui.services.operations import Operation
from gt_tui.services.undo import UNDO_DEPTH, DecisionService, NothingToUndoError

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
USER = "alice"


@pytest.fixture(params=["memory", "sqlite"])
async def repo(request, tmp_path):
    if request.param == "memory":
        store = InMemoryGroundTruthRepo()
    else:
        store = SqliteGroundTruthRepo(tmp_path / "gt.sqlite3")
    yield store
    await store.close()


def decisions_for(repo) -> DecisionService:
    return DecisionService(CurationService(repo, clock=lambda: NOW))


async def assigned_item(repo, n: int = 1) -> GroundTruthItem:
    item = GroundTruthItem(
        id=f"q-{n:03d}",
        dataset_name="faq",
        synth_question=f"How do I do thing {n}?",
        answer="Like this.",
        assigned_to=USER,
        assigned_at=NOW,
        comment="first look",
        extra_field={"kept": True},
    )
    return await repo.upsert(item)


@pytest.mark.parametrize("op", [Operation.approve, Operation.skip, Operation.delete])
async def test_undo_brings_back_status_assignment_and_fields(repo, op):
    decisions = decisions_for(repo)
    before = await assigned_item(repo)
    edited = before.model_copy(deep=True)
    edited.answer = "Edited with the decision."
    decided = await decisions.decide(op, USER, edited, before=before)
    assert decided.status == op.target_status and decided.assigned_to is None

    entry, restored = await decisions.undo(USER)

    assert entry.op is op and decisions.depth == 0
    stored = await repo.get("faq", "q-001")
    assert stored.etag == restored.etag
    assert stored.status == GroundTruthStatus.draft
    assert stored.assigned_to == USER and stored.assigned_at == NOW
    assert stored.answer == "Like this."  # the edit made with the decision is undone too
    assert stored.reviewed_at is None
    assert stored.comment == "first look"
    assert stored.model_extra["extra_field"] == {"kept": True}


async def test_undo_takes_back_the_latest_decision_first_and_keeps_at_least_20(repo):
    decisions = decisions_for(repo)
    for n in range(UNDO_DEPTH + 2):
        await decisions.decide(Operation.skip, USER, await assigned_item(repo, n))
    assert decisions.depth == UNDO_DEPTH >= 20
    undone = [(await decisions.undo(USER))[1].id for _ in range(UNDO_DEPTH)]
    assert undone == [f"q-{n:03d}" for n in range(UNDO_DEPTH + 1, 1, -1)]
    with pytest.raises(NothingToUndoError):
        await decisions.undo(USER)
    assert (await repo.get("faq", "q-000")).status == GroundTruthStatus.skipped


async def test_undo_after_someone_changed_the_item_raises_and_keeps_the_entry(repo):
    decisions = decisions_for(repo)
    await decisions.decide(Operation.approve, USER, await assigned_item(repo))
    theirs = await repo.get("faq", "q-001")
    theirs.comment = "bob looked too"
    theirs.updated_by = "bob"
    theirs = await repo.upsert(theirs)

    with pytest.raises(ConcurrencyError):
        await decisions.undo(USER)
    assert decisions.depth == 1
    assert (await repo.get("faq", "q-001")).status == GroundTruthStatus.approved

    restored = await decisions.undo_onto(USER, decisions.last(), theirs)
    assert decisions.depth == 0
    assert restored.status == GroundTruthStatus.draft and restored.assigned_to == USER
    assert restored.comment == "bob looked too"  # their change is kept
    assert (await repo.get("faq", "q-001")).etag == restored.etag


async def test_undo_validates_the_user_first(repo):
    decisions = decisions_for(repo)
    await decisions.decide(Operation.skip, USER, await assigned_item(repo))
    with pytest.raises(InvalidUserIdError):
        await decisions.undo("not a valid id!")
    assert decisions.depth == 1


async def test_save_is_not_a_decision(repo):
    with pytest.raises(ValueError):
        await decisions_for(repo).decide(Operation.save, USER, await assigned_item(repo))
