"""Takeover by a lead (permission and races) and rephrase duplicates, on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gt_tui.domain.errors import (
    AlreadyExistsError,
    ConcurrencyError,
    InvalidUserIdError,
    OwnershipError,
    TakeoverNotAllowedError,
)
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, HistoryTurn, Reference
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.rephrase import RephraseService
from tests.integration.services.helpers import FIXED_NOW, fixed_clock, make_item, seed

TAKEN = FIXED_NOW - timedelta(days=3)


async def held_by_ann(repo) -> GroundTruthItem:
    (item,) = await seed(repo, [make_item("held", assigned_to="ann", assigned_at=TAKEN)])
    return item


async def test_a_lead_takes_over_and_a_non_lead_cannot(repo):
    seen = await held_by_ann(repo)
    assignments = AssignmentService(repo, clock=fixed_clock, leads=["lead"])
    with pytest.raises(TakeoverNotAllowedError, match=r"held by ann.*GT_LEADS"):
        await assignments.take_over("bob", seen)
    assert (await repo.get("ds", "held")).assigned_to == "ann"
    with pytest.raises(InvalidUserIdError):
        await assignments.take_over("not a user", seen)

    taken = await assignments.take_over("lead", seen)
    stored = await repo.get("ds", "held")
    assert (stored.assigned_to, stored.assigned_at) == ("lead", FIXED_NOW)
    assert (stored.updated_by, stored.updated_at) == ("lead", FIXED_NOW)
    assert stored.status == GroundTruthStatus.draft
    assert taken.etag == stored.etag != seen.etag


async def test_a_holders_save_after_the_lead_looked_wins(repo):
    seen = await held_by_ann(repo)
    curation = CurationService(repo, clock=fixed_clock)
    edited = seen.model_copy(update={"answer": "ann's answer"})
    await curation.save("ann", edited)
    assignments = AssignmentService(repo, clock=fixed_clock, leads=["lead"])
    with pytest.raises(ConcurrencyError, match="ann changed it after you looked"):
        await assignments.take_over("lead", seen)
    stored = await repo.get("ds", "held")
    assert (stored.assigned_to, stored.answer) == ("ann", "ann's answer")


async def test_the_holders_next_save_conflicts_and_keep_mine_needs_a_release(repo):
    seen = await held_by_ann(repo)
    curation = CurationService(repo, clock=fixed_clock)
    assignments = AssignmentService(repo, clock=fixed_clock, leads=["lead"])
    taken = await assignments.take_over("lead", seen)

    mine = ItemDraft.of(seen)
    mine.answer = "ann's unsaved answer"
    attempt = seen.model_copy(update={"answer": "ann's unsaved answer"})
    with pytest.raises(ConcurrencyError):
        await curation.save("ann", attempt)
    # keep mine onto the lead's version: refused, naming who has it
    merged = mine.merge_onto(await repo.get("ds", "held")).merged
    with pytest.raises(OwnershipError, match="assigned to lead") as refused:
        await curation.save("ann", merged)
    assert refused.value.owner == "lead"

    # once the lead releases it, keep mine stores ann's edit
    released = taken.model_copy(update={"assigned_to": None, "assigned_at": None})
    await repo.upsert(released)
    merged = mine.merge_onto(await repo.get("ds", "held")).merged
    saved = await curation.save("ann", merged)
    assert saved.answer == "ann's unsaved answer"


def original_item() -> GroundTruthItem:
    item = make_item(
        "Orig-7",
        synth_question="How do I reset my password?",
        edited_question="How can I reset my password?",
        answer="Use the reset link.",
        refs=[Reference(url="https://docs.example.com/reset", key_excerpt="reset link")],
        history=[
            HistoryTurn(role="user", msg="reset?"),
            HistoryTurn(role="assistant", msg="Use the link.", refs=[]),
        ],
        manual_tags=["topic:account"],
        comment="looks good",
        status=GroundTruthStatus.approved,
        reviewed_at=FIXED_NOW - timedelta(days=1),
        updated_by="ann",
        bucket="b-1",
    )
    item.__pydantic_extra__["seedOnly"] = {"kept": True}
    return item


async def test_the_rephrase_copy_fields(repo):
    (original,) = await seed(repo, [original_item()])
    rephrase = RephraseService(repo, clock=fixed_clock)
    copy = await rephrase.duplicate("alice", original)
    stored = await repo.get("ds", "Orig-7-r1")
    assert stored is not None and stored.etag == copy.etag
    assert stored.status == GroundTruthStatus.draft
    assert (stored.assigned_to, stored.assigned_at) == ("alice", FIXED_NOW)
    assert (stored.updated_by, stored.updated_at) == ("alice", FIXED_NOW)
    assert stored.edited_question is None and stored.question == original.synth_question
    assert stored.reviewed_at is None and stored.comment is None
    assert stored.manual_tags == ["topic:account", "rephrase:Orig-7"]
    assert "rephrase:Orig-7" in stored.tags
    assert stored.answer == original.answer
    assert stored.refs == original.refs and stored.history == original.history
    assert stored.total_references == 1
    assert stored.bucket == "b-1" and stored.to_doc()["seedOnly"] == {"kept": True}
    untouched = await repo.get("ds", "Orig-7")
    assert untouched.status == GroundTruthStatus.approved and untouched.etag == original.etag


async def test_the_rephrase_copy_drops_the_originals_reference_visits(repo):
    """A copy is a new item to review: no reference of it has been opened yet (the
    GT_REQUIRE_REFERENCE_VISIT gate must not pass on the original's visits)."""
    item = original_item()
    visited = FIXED_NOW - timedelta(hours=2)
    item.refs = [
        Reference(url="https://docs.example.com/reset", visited_at=visited, title="Reset"),
    ]
    item.refs[0].__pydantic_extra__["score"] = 0.9
    item.history = [
        HistoryTurn(role="user", msg="reset?"),
        HistoryTurn(
            role="assistant",
            msg="Use the link.",
            refs=[Reference(url="https://docs.example.com/link", visited_at=visited)],
        ),
    ]
    (original,) = await seed(repo, [item])

    await RephraseService(repo, clock=fixed_clock).duplicate("alice", original)
    stored = await repo.get("ds", "Orig-7-r1")
    doc = stored.to_doc()
    assert "visitedAt" not in doc["refs"][0] and "visitedAt" not in doc["history"][1]["refs"][0]
    kept = {k: v for k, v in original.to_doc()["refs"][0].items() if k != "visitedAt"}
    assert doc["refs"][0] == kept and kept["title"] == "Reset" and kept["score"] == 0.9
    assert [r.url for r in stored.refs] == ["https://docs.example.com/reset"]
    untouched = await repo.get("ds", "Orig-7")
    assert untouched.refs[0].visited_at == visited


async def test_each_copy_takes_the_next_free_id(repo):
    (original,) = await seed(repo, [original_item()])
    await seed(repo, [make_item("Orig-7-r2")])
    rephrase = RephraseService(repo, clock=fixed_clock)
    ids = [(await rephrase.duplicate("alice", original)).id for _ in range(3)]
    assert ids == ["Orig-7-r1", "Orig-7-r3", "Orig-7-r4"]


async def test_a_copy_losing_the_id_race_takes_the_next_one(repo):
    (original,) = await seed(repo, [original_item()])

    class RacingRepo:
        """Another curator creates -r1 just before our create reaches the store."""

        def __init__(self, inner):
            self.inner = inner
            self.creates = []

        async def upsert(self, item, *, note=None):
            self.creates.append(item.id)
            if item.id == "Orig-7-r1":
                await self.inner.upsert(make_item("Orig-7-r1", assigned_to="bob"))
            return await self.inner.upsert(item, note=note)

    racing = RacingRepo(repo)
    rephrase = RephraseService(racing, clock=fixed_clock)
    copy = await rephrase.duplicate("alice", original)
    assert racing.creates == ["Orig-7-r1", "Orig-7-r2"]
    assert copy.id == "Orig-7-r2"
    assert (await repo.get("ds", "Orig-7-r1")).assigned_to == "bob"
    with pytest.raises(AlreadyExistsError):
        await repo.upsert(make_item("Orig-7-r2"))
