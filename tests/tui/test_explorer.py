"""Explorer: filtered pages loaded on demand, claims, and who holds a taken item."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, Select

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.explorer.screen import ExplorerScreen
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    notices,
    seed,
    settle,
)


async def open_explorer():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    return repo, app


async def test_explorer_pages_on_demand_and_filters():
    _repo, app = await open_explorer()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=4))
        await settle(pilot)
        screen = app.screen
        assert [item.id for item in screen.rows] == ["q-000", "q-001", "q-002", "q-003"]
        assert screen.total == 10
        await pilot.press("down")  # cursor nears the end of the loaded rows: next page
        await settle(pilot)
        assert len(screen.rows) == 8
        screen.query_one("#filter-status", Select).value = "draft"
        screen.query_one("#filter-dataset", Input).value = "billing-kb"
        screen.apply_filters()
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-001", "q-003", "q-005", "q-007"]
        assert screen.total == 5
        await pilot.press("slash", *"configure", "enter")
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-003", "q-005", "q-007", "q-009"]
        assert screen.total == 4 and screen.next_cursor is None
        await pilot.press("enter")  # open q-003 and skip it from the explorer
        await settle(pilot)
        await pilot.press("s", "y")
        await settle(pilot)
        assert app.screen is screen
        assert screen.rows[0].status == GroundTruthStatus.skipped
        assert "skipped" in str(screen.query_one("#explorer-table").get_row_at(0)[2])


async def test_claim_takes_a_free_item_and_names_who_holds_a_taken_one():
    repo, app = await open_explorer()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        ids = [item.id for item in screen.rows]
        for _ in range(ids.index("q-004")):
            await pilot.press("down")
        await pilot.press("c")
        await settle(pilot)
        assert (await repo.get("support-faq", "q-004")).assigned_to == USER
        for _ in range(ids.index("q-009") - ids.index("q-004")):
            await pilot.press("down")
        await pilot.press("c")
        await settle(pilot)
        assert any("held by bob" in text for text in notices(app))
        assert (await repo.get("billing-kb", "q-009")).assigned_to == "bob"
        await pilot.press("escape")
        await settle(pilot)
        queue = app.screen
        assert "q-004" in [item.id for item in queue.items]
        await pilot.press("slash", *"q-004", "enter")
        await settle(pilot)
        assert [item.id for item in queue.visible_items()] == ["q-004"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.base.id == "q-004"


async def test_tag_filter_includes_and_excludes_with_a_minus():
    _repo, app = await open_explorer()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        screen = app.screen
        every = {item.id for item in screen.rows}
        billing = {item.id for item in screen.rows if "billing" in item.tags}
        assert billing and billing != every
        screen.query_one("#filter-tags", Input).value = "billing"
        screen.apply_filters()
        await settle(pilot)
        assert {item.id for item in screen.rows} == billing
        screen.query_one("#filter-tags", Input).value = "-billing"
        screen.apply_filters()
        await settle(pilot)
        assert {item.id for item in screen.rows} == every - billing


async def test_changed_by_and_changed_since_filter_on_the_history():
    repo = InMemoryGroundTruthRepo()
    stored = {}
    for item in fixture_items():
        note = WriteNote(op="import", by="importer", at=NOW - timedelta(days=2))
        stored[item.id] = await repo.upsert(item, note=note)
    for item_id, by, at in (
        ("q-003", "bob", NOW - timedelta(days=1)),
        ("q-006", "bob", NOW - timedelta(hours=1)),
        ("q-008", "carol", NOW - timedelta(hours=1)),
    ):
        changed = stored[item_id].model_copy(update={"comment": f"seen by {by}"})
        await repo.upsert(changed, note=WriteNote(op="save", by=by, at=at))
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        screen = app.screen
        assert len(screen.rows) == 10
        screen.query_one("#filter-changed-by", Input).focus()
        await pilot.press(*"bob", "enter")
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-003", "q-006"]
        since = screen.query_one("#filter-changed-since", Input)
        since.focus()
        await pilot.press(*"yesterday", "enter")
        await settle(pilot)
        assert any(
            "changed-since:yesterday: expected an ISO 8601 date or time" in text
            for text in notices(app)
        )
        assert [item.id for item in screen.rows] == ["q-003", "q-006"]  # the last good filter
        since.value = "2026-03-02T08:00Z"
        await pilot.press("enter")
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-006"]
        screen.query_one("#filter-changed-by", Input).value = ""
        since.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-006", "q-008"]
        await pilot.press("escape")  # kept for the next visit, as the other fields are
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        assert app.screen.query_one("#filter-changed-since", Input).value == "2026-03-02T08:00Z"
        assert [item.id for item in app.screen.rows] == ["q-006", "q-008"]
