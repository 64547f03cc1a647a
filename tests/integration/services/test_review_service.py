"""The review stage on every backend (GT_REVIEW=leads): a curator's approval waits for a
lead, who accepts it or sends it back with a note to the curator who approved it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.review import REVIEW_FIELD, ReviewState, review_of
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.gtc_agentic import agentic_doc
from gt_tui.services.progress import ProgressService
from gt_tui.services.review import ReviewError, ReviewNotAllowedError, ReviewService
from tests.integration.services.helpers import FIXED_NOW, make_item, seed

LEADS = frozenset({"lead"})


class Clock:
    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):
        self.now += timedelta(minutes=1)
        return self.now


async def setup(repo, *ids: str, holder: str = "ann"):
    clock = Clock()
    curation = CurationService(repo, clock=clock, review_leads=LEADS)
    review = ReviewService(repo, leads=LEADS, enabled=True, clock=clock)
    items = await seed(repo, [make_item(i, assigned_to=holder, answer=f"answer {i}") for i in ids])
    return curation, review, items


async def test_a_curators_approval_waits_for_review_oldest_first(repo):
    curation, review, items = await setup(repo, "b", "a")
    first = await curation.approve("ann", items[0])
    second = await curation.approve("ann", items[1])
    assert first.status == GroundTruthStatus.approved
    record = review_of(first)
    assert record.state == ReviewState.pending and record.approved_by == "ann"
    assert [i.id for i in await review.pending()] == ["b", "a"]
    assert second.model_extra[REVIEW_FIELD]["state"] == "pending"


async def test_a_lead_accepts_and_the_approval_stays_the_curators(repo):
    curation, review, items = await setup(repo, "a")
    approved = await curation.approve("ann", items[0])
    with pytest.raises(ReviewNotAllowedError):
        await review.accept("ann", approved)
    accepted = await review.accept("lead", approved)
    assert accepted.status == GroundTruthStatus.approved
    assert (accepted.updated_by, accepted.updated_at) == (approved.updated_by, approved.updated_at)
    record = review_of(accepted)
    assert (record.state, record.reviewed_by) == (ReviewState.accepted, "lead")
    assert await review.pending() == []
    assert [(r.op, r.by) for r in (await repo.history("ds", "a"))[-1:]] == [
        ("review-accept", "lead")
    ]
    with pytest.raises(ReviewError, match="already reviewed"):
        await review.accept("lead", accepted)


async def test_sent_back_with_a_note_it_is_the_curators_draft_again(repo):
    curation, review, items = await setup(repo, "a")
    approved = await curation.approve("ann", items[0])
    with pytest.raises(ReviewError, match="needs a note"):
        await review.send_back("lead", approved, "   ")
    back = await review.send_back("lead", approved, "Cite the policy page.")
    assert (back.status, back.assigned_to, back.reviewed_at) == (
        GroundTruthStatus.draft,
        "ann",
        None,
    )
    assert review_of(back).note == "Cite the policy page."
    queue = await AssignmentService(repo).my_assignments("ann")
    assert [i.id for i in queue] == ["a"] and review_of(queue[0]).state == ReviewState.sent_back
    again = await curation.approve("ann", back)
    assert review_of(again).state == ReviewState.pending
    assert review_of(again).note == "Cite the policy page."


async def test_a_leads_own_approval_and_review_off_need_no_review(repo):
    curation, review, items = await setup(repo, "a", holder="lead")
    by_lead = await curation.approve("lead", items[0])
    assert review_of(by_lead) is None
    plain = CurationService(repo)
    (other,) = await seed(repo, [make_item("b", assigned_to="ann", answer="x")])
    assert review_of(await plain.approve("ann", other)) is None
    assert await review.pending() == []


async def test_summary_counts_pending_reviews_and_each_curators_sent_back_rate(repo):
    curation, review, items = await setup(repo, "a", "b", "c")
    bob_items = await seed(repo, [make_item("d", assigned_to="bob", answer="x")])
    approved = [await curation.approve("ann", item) for item in items]
    bobs = await curation.approve("bob", bob_items[0])
    await review.accept("lead", approved[0])
    await review.send_back("lead", approved[1], "no source")
    await review.send_back("lead", bobs, "wrong answer")
    summary = await review.summary()
    assert summary.pending == 1
    assert summary.to_json()["curators"] == {
        "ann": {"reviewed": 2, "sent_back": 1, "sent_back_rate": 0.5},
        "bob": {"reviewed": 1, "sent_back": 1, "sent_back_rate": 1.0},
    }


async def test_progress_carries_the_review_numbers_when_the_stage_is_on(repo):
    curation, review, items = await setup(repo, "a", "b")
    approved = [await curation.approve("ann", item) for item in items]
    await review.send_back("lead", approved[0], "again")
    on = await ProgressService(repo, clock=Clock(), review=review).progress("ann", FIXED_NOW)
    assert on.review is not None and on.review.pending == 1
    assert on.review.curators["ann"].sent_back_rate == 1.0
    off = ReviewService(repo, leads=LEADS, enabled=False)
    assert (await ProgressService(repo, review=off).progress("ann", FIXED_NOW)).review is None


async def test_the_review_record_goes_under_metadata_in_gtc_agentic_export(repo):
    curation, _review, items = await setup(repo, "a")
    approved = await curation.approve("ann", items[0])
    exported = agentic_doc(approved)
    assert REVIEW_FIELD not in exported
    assert exported["metadata"][REVIEW_FIELD]["state"] == "pending"
    assert exported["metadata"][REVIEW_FIELD]["approvedBy"] == "ann"
