"""CurationService: ownership, transitions, audit fields, etags; never mutates its input."""

from __future__ import annotations

import pytest

from gt_tui.domain.errors import ConcurrencyError, OwnershipError
from gt_tui.domain.models import GroundTruthStatus, HistoryTurn, Reference
from gt_tui.services.curation import CurationService
from tests.integration.services.helpers import FIXED_NOW, fixed_clock, make_item, seed

ASSIGNED_AT = FIXED_NOW.replace(year=2025)
TRANSITIONS = {
    "approve": GroundTruthStatus.approved,
    "skip": GroundTruthStatus.skipped,
    "delete": GroundTruthStatus.deleted,
    "restore": GroundTruthStatus.draft,
}


async def my_draft(repo, **fields):
    fields.setdefault("answer", "an answer the approval gate accepts")
    (stored,) = await seed(
        repo, [make_item("q1", assigned_to="me", assigned_at=ASSIGNED_AT, **fields)]
    )
    return stored


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
async def test_transition_clears_assignment_and_stamps_the_curator(repo, action):
    item = await my_draft(repo)
    before = item.model_dump()

    result = await getattr(CurationService(repo, clock=fixed_clock), action)("me", item)

    assert item.model_dump() == before, "the service mutated its argument"
    assert result.status == TRANSITIONS[action]
    assert result.assigned_to is None and result.assigned_at is None
    assert result.updated_by == "me" and result.updated_at == FIXED_NOW
    assert result.reviewed_at == (FIXED_NOW if action == "approve" else None)
    assert await repo.get("ds", "q1") == result  # one write carried all of it


async def test_save_keeps_status_and_assignment_and_derives_total_references(repo):
    item = await my_draft(repo, refs=[Reference(url="https://a")])
    edited = item.model_copy(deep=True)
    edited.answer = "42"
    edited.history = [
        HistoryTurn(role="user", msg="q", refs=[Reference(url="https://h1")]),
        HistoryTurn(role="assistant", msg="a", refs=[Reference(url="https://h2")]),
    ]
    before = edited.model_dump()

    saved = await CurationService(repo, clock=fixed_clock).save("me", edited)

    assert edited.model_dump() == before
    assert saved.answer == "42"
    assert saved.status == GroundTruthStatus.draft
    assert saved.assigned_to == "me" and saved.assigned_at == ASSIGNED_AT
    assert saved.updated_by == "me" and saved.updated_at == FIXED_NOW
    assert saved.total_references == 2  # history refs win over item refs when present
    assert (await repo.get("ds", "q1")).total_references == 2


async def test_without_history_refs_total_references_counts_item_refs(repo):
    item = await my_draft(repo, history=[HistoryTurn(role="user", msg="q")])
    item.refs = [Reference(url="https://a"), Reference(url="https://b")]
    saved = await CurationService(repo).save("me", item)
    assert saved.total_references == 2


@pytest.mark.parametrize("action", ["save", *sorted(TRANSITIONS)])
async def test_only_the_assignee_may_change_an_assigned_item(repo, action):
    item = await my_draft(repo)
    with pytest.raises(OwnershipError) as caught:
        await getattr(CurationService(repo), action)("bob", item)
    assert caught.value.owner == "me"
    assert await repo.get("ds", "q1") == item


async def test_anyone_may_curate_an_unassigned_item(repo):
    (item,) = await seed(repo, [make_item("q1", answer="yes")])
    approved = await CurationService(repo, clock=fixed_clock).approve("bob", item)
    assert approved.status == GroundTruthStatus.approved
    assert approved.updated_by == "bob" and approved.reviewed_at == FIXED_NOW


@pytest.mark.parametrize("action", ["save", *sorted(TRANSITIONS)])
async def test_a_stale_item_raises_concurrency_error_and_changes_nothing(repo, action):
    stale = await my_draft(repo)
    service = CurationService(repo)
    fresh = await service.save("me", stale.model_copy(update={"answer": "first"}))

    with pytest.raises(ConcurrencyError):
        await getattr(service, action)("me", stale)
    assert await repo.get("ds", "q1") == fresh


async def test_restore_brings_a_deleted_item_back_as_an_unassigned_draft(repo):
    service = CurationService(repo, clock=fixed_clock)
    deleted = await service.delete("me", await my_draft(repo))
    restored = await service.restore("me", deleted)
    assert restored.status == GroundTruthStatus.draft
    assert restored.assigned_to is None
