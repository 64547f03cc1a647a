"""The review queue (gt_tui/tui/review) on a host app: pending approvals oldest first,
`a` accepts, `x` sends back with a required note."""

from __future__ import annotations

import asyncio

from textual.screen import Screen
from textual.widgets import DataTable, Input

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.review import ReviewState, review_of
from gt_tui.tui.review import ReviewNoteBanner, ReviewQueueScreen, SendBackDialog, note_text
from tests.tui.history_hosts import LEAD, SIZE, HostApp, pending_reviews


async def settle(pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        if not [w for w in pilot.app.workers if not w.is_finished]:
            break
    await pilot.pause()


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#review-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_oldest_first_and_a_accepts():
    repo, review = await pending_reviews()
    app = HostApp(lambda: ReviewQueueScreen(review, LEAD))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [(r[1], r[3]) for r in rows(app)] == [("ann", "r-0"), ("bob", "r-1"), ("ann", "r-2")]
        assert rows(app)[0][4] == "Question number 0 about [b]refunds[/b]?"  # literal text
        await pilot.press("a")
        await settle(pilot)
        assert [r[3] for r in rows(app)] == ["r-1", "r-2"]
        assert "accepted r-0" in app.notified
    accepted = await repo.get("support", "r-0")
    assert review_of(accepted).state == ReviewState.accepted


async def test_x_needs_a_note_and_sends_the_item_back_to_its_curator():
    repo, review = await pending_reviews()
    app = HostApp(lambda: ReviewQueueScreen(review, LEAD))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "x")
        await settle(pilot)
        assert isinstance(app.screen, SendBackDialog)
        await pilot.press("enter")  # blank: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, SendBackDialog)
        assert "a note is required" in str(app.screen.query_one("#send-back-problem").render())
        app.screen.query_one("#send-back-note", Input).value = "Cite the refund policy."
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewQueueScreen)
        assert [r[3] for r in rows(app)] == ["r-0", "r-2"]
        assert "sent r-1 back to bob" in app.notified
        await pilot.press("x", "escape")  # cancelled: nothing changes
        await settle(pilot)
        assert [r[3] for r in rows(app)] == ["r-0", "r-2"]
    back = await repo.get("support", "r-1")
    assert (back.status, back.assigned_to) == (GroundTruthStatus.draft, "bob")
    assert review_of(back).note == "Cite the refund policy."


async def test_a_curator_who_is_not_a_lead_is_told_so():
    _repo, review = await pending_reviews()
    app = HostApp(lambda: ReviewQueueScreen(review, "ann"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert len(rows(app)) == 3
        assert "only leads" in app.notified[-1]


def test_review_queue_snapshot(snap_compare):
    _repo, review = asyncio.run(pending_reviews())

    async def run_before(pilot) -> None:
        await settle(pilot)

    app = HostApp(lambda: ReviewQueueScreen(review, LEAD))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_send_back_dialog_snapshot(snap_compare):
    _repo, review = asyncio.run(pending_reviews())

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = HostApp(lambda: ReviewQueueScreen(review, LEAD))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_the_note_banner_shows_a_sent_back_note_as_plain_text():
    repo, review = await pending_reviews()
    item = await repo.get("support", "r-0")
    assert note_text(item) is None  # pending: nothing to show
    back = await review.send_back(LEAD, item, "Say [b]which[/b] policy.")
    assert (
        note_text(back).plain == "Sent back by lead on 2026-03-01 09:28: Say [b]which[/b] policy."
    )

    banner = ReviewNoteBanner()
    app = HostApp(lambda: _BannerScreen(banner))
    async with app.run_test(size=SIZE) as pilot:
        banner.show_item(back)
        await pilot.pause()
        assert banner.display and not banner.has_class("-hidden")
        banner.show_item(item)
        await pilot.pause()
        assert banner.has_class("-hidden")


class _BannerScreen(Screen[None]):
    def __init__(self, banner: ReviewNoteBanner) -> None:
        super().__init__()
        self.banner = banner

    def compose(self):
        yield self.banner
