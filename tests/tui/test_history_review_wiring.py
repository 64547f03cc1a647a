"""The history pane and the review queue wired into the workstation: `h` on the item
screen brings an old answer back as an unsaved edit (h, enter, then ctrl+s saves it), `v`
on the queue opens leads' review queue, and a sent-back item shows its note on top."""

from __future__ import annotations

from gt_tui.domain.review import review_of
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.history import HistoryScreen
from gt_tui.tui.review import ReviewNoteBanner, ReviewQueueScreen
from tests.tui.fixtures import (
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    open_first,
    settle,
)


async def app_with_reworded_answers(**settings):
    """alice's queue, each answer reworded by bob after its import."""
    repo = InMemoryGroundTruthRepo()
    for item in fixture_items():
        original = item.answer
        stored = await repo.upsert(item.model_copy(update={"answer": f"Old: {item.id}"}))
        await repo.upsert(
            stored.model_copy(update={"answer": original}), note=WriteNote(op="save", by="bob")
        )
    return repo, make_app(make_services(repo, **settings))


async def test_h_then_enter_brings_the_old_answer_back_as_an_unsaved_edit():
    repo, app = await app_with_reworded_answers()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        item = screen.base
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.draft.answer == f"Old: {item.id}" and screen.is_dirty()
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get(item.dataset_name, item.id)
    assert stored.answer == f"Old: {item.id}"
    assert (await repo.history(item.dataset_name, item.id))[-1].by == USER


async def test_v_opens_the_review_queue_for_leads_only():
    _repo, app = await app_with_reworded_answers(review="leads", leads=[USER])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
    _repo, app = await app_with_reworded_answers(review="leads", leads=["someone-else"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewQueueScreen)
        assert any("for leads" in text for text in app.notified)


async def test_a_sent_back_item_shows_the_note_on_top():
    repo, app = await app_with_reworded_answers(review="leads", leads=["lead"])
    curator = make_services(repo, review="leads", leads=["lead"])
    lead_review = make_services(repo, user="lead", review="leads", leads=["lead"]).review
    for item in await curator.assignments.my_assignments(USER):  # every row: sent back
        approved = await curator.curation.approve(USER, item)
        assert review_of(approved) is not None
        await lead_review.send_back("lead", approved, f"Name the settings page of {item.id}.")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        banner = app.screen.query_one(ReviewNoteBanner)
        assert not banner.has_class("-hidden")
        assert f"Name the settings page of {app.screen.base.id}." in str(banner.render())
