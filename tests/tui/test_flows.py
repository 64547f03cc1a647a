"""Keyboard flows of the curator workstation against the in-memory backend."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList, TextArea

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.conflict import ConflictScreen
from gt_tui.tui.item.approval import ApprovalScreen
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.queue.screen import QueueScreen
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    notices,
    save_as_other_curator,
    seed,
    settle,
    type_into,
)


async def make(assigned: int = 4):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items(assigned))
    return repo, make_app(make_services(repo))


async def test_approve_three_items_in_a_row_with_one_key_each():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(3):
            assert isinstance(app.screen, ItemDetailScreen)
            await pilot.press("a")
            await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.base is not None and app.screen.base.id == "q-000"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert [item.id for item in app.screen.items] == ["q-000"]
    for dataset, item_id in [
        ("billing-kb", "q-003"),
        ("support-faq", "q-002"),
        ("billing-kb", "q-001"),
    ]:
        stored = await repo.get(dataset, item_id)
        assert stored.status == GroundTruthStatus.approved
        assert stored.updated_by == USER
        assert stored.reviewed_at == NOW
        assert stored.assigned_to is None
    left = await repo.get("support-faq", "q-000")
    assert left.status == GroundTruthStatus.draft and left.assigned_to == USER


async def test_cancel_of_a_decision_with_unsaved_edits_leaves_the_item_and_the_edits():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#answer", " Mine.")
        await pilot.press("escape", "d")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.query_one("#answer", TextArea).text.endswith(" Mine.")
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.draft
    assert not stored.answer.endswith(" Mine.")


async def test_keep_mine_merges_my_edit_with_their_change():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#answer", " Then restart.")
        # Another curator changes a different field of the same item meanwhile.
        await save_as_other_curator(
            repo,
            "q-003",
            comment="checked with billing team",
            manual_tags=["billing", "invoice", "vat"],
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        prompt = app.screen.query_one(".dialog-body").render()
        assert "bob" in str(prompt) and "comment" in str(prompt)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert not app.screen.is_dirty()
        assert app.screen.query_one("#comment", Input).value == "checked with billing team"
        app.screen.set_focus(None)  # out of the answer editor
        await pilot.press("h")  # the history pane names the keep-mine save
        await settle(pilot)
        rows = app.screen.query_one("#history-revisions", OptionList)
        assert f"{USER}  merge" in str(rows.get_option_at_index(0).prompt)
    stored = await repo.get("billing-kb", "q-003")
    assert stored.answer == "Open settings, choose feature 3, and press save. Then restart."
    assert stored.comment == "checked with billing team"
    assert stored.manual_tags == ["billing", "invoice", "vat"]
    assert stored.updated_by == USER
    newest = max(await repo.history("billing-kb", "q-003"), key=lambda r: r.number)
    assert (newest.op, newest.by) == ("merge", USER)  # what `h` and `gt-tui history` show
    assert set(newest.changes) >= {"answer"} and "comment" not in newest.changes


async def test_conflict_escape_keeps_my_edits_and_reload_takes_theirs():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#answer", " Mine.")
        await save_as_other_curator(repo, "q-003", answer="Their answer.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        answer = app.screen.query_one("#answer", TextArea)
        assert answer.text.endswith(" Mine.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#answer", TextArea).text == "Their answer."
    assert (await repo.get("billing-kb", "q-003")).answer == "Their answer."


async def test_backend_down_mid_session_keeps_the_edit_and_recovers():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.health is not None and app.health.ok
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#answer", " Offline edit.")
        repo.available = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.health is not None and app.health.status == "degraded"
        assert any("backend is unavailable" in text for text in notices(app))
        assert app.screen.query_one("#answer", TextArea).text.endswith(" Offline edit.")
        await pilot.press("escape", "a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.is_dirty()
        app.check_health()
        await settle(pilot)
        assert app.health.status == "degraded"

        repo.available = True
        app.check_health()
        await settle(pilot)
        assert app.health.ok
        assert any("Backend is back" in text for text in notices(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.is_dirty()
    stored = await repo.get("billing-kb", "q-003")
    assert stored.answer.endswith(" Offline edit.")
    assert stored.status == GroundTruthStatus.draft


async def test_unsaved_edits_ask_before_leaving():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#comment", "draft note")
        await pilot.press("escape")  # leave the editor
        await pilot.press("escape")  # try to leave the screen
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.query_one("#comment", Input).value == "draft note"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.base.id == "q-002"


async def test_n_fills_an_empty_queue_with_a_loading_state_that_never_blocks_input():
    repo, app = await make(assigned=0)
    gate = asyncio.Event()
    real_self_assign = app.services.assignments.self_assign

    async def slow_self_assign(user_id: str, limit: int):
        await gate.wait()
        return await real_self_assign(user_id, limit)

    app.services.assignments.self_assign = slow_self_assign
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#queue-empty").display
        assert "press n to get items" in str(screen.query_one("#queue-empty").render()).lower()
        await pilot.press("n")
        await pilot.pause()
        assert screen.query_one("#queue-busy-label").display
        await pilot.press("slash")  # input still works while the worker waits
        assert screen.query_one("#queue-filter").has_focus
        await pilot.press("escape")
        gate.set()
        await settle(pilot)
        assert not screen.query_one("#queue-busy-label").display
        assert not screen.query_one("#queue-empty").display
        assert len(screen.items) == 8  # every assignable item: one is approved, one is bob's
    page = await repo.query(ItemQuery(assigned_to=USER, limit=100))
    assert page.total == 8


async def test_conflict_on_approve_keep_mine_approves_the_merged_item():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "#answer", " Mine.")
        await save_as_other_curator(repo, "q-003", manual_tags=["billing", "refunds"])
        await pilot.press("escape", "a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.base.id == "q-002"  # approved, so the next item opened
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.approved
    assert stored.answer.endswith(" Mine.")
    assert stored.manual_tags == ["billing", "refunds"]
    newest = max(await repo.history("billing-kb", "q-003"), key=lambda r: r.number)
    assert newest.op == "approve"  # a decision after keep-mine is named by the decision


async def test_approve_of_an_item_without_an_answer_is_refused_and_says_why():
    """The approval gate: `a` on an incomplete item writes nothing and names the field."""
    repo, app = await make()
    first = await repo.get("billing-kb", "q-003")  # the first item of the queue
    first.answer = ""
    await repo.upsert(first)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.base.id == "q-003"
        await pilot.press("a")
        await settle(pilot)
        messages = notices(app)
        assert any("answer" in m and "cannot approve" in m for m in messages), messages
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-003"
    after = await repo.get("billing-kb", "q-003")
    assert after.status == GroundTruthStatus.draft
