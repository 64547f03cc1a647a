"""Oversight in the TUI: a lead's takeover, the holder's next save, rephrase, warnings filter."""

from __future__ import annotations

import random

from textual.widgets import TextArea

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.dialogs.conflict import ConflictScreen
from gt_tui.tui.explorer.screen import ExplorerScreen
from tests.tui.fixtures import SIZE, USER, clock, fixture_items, make_app, notices, seed, settle


def services(repo, user: str = USER, **settings):
    configured = Settings(backend="memory", user_id=user, health_interval_s=3600, **settings)
    return services_for_repo(repo, configured, clock=clock, rng=random.Random(1234))


async def explorer_at(pilot, item_id: str) -> ExplorerScreen:
    await settle(pilot)
    await pilot.app.push_screen(ExplorerScreen(page_size=20))
    await settle(pilot)
    screen = pilot.app.screen
    for _ in range([item.id for item in screen.rows].index(item_id)):
        await pilot.press("down")
    return screen


async def test_a_lead_confirms_a_takeover_naming_the_holder_and_when():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(services(repo, leads=["alice"]))
    async with app.run_test(size=SIZE) as pilot:
        explorer = await explorer_at(pilot, "q-009")
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        body = str(dialog.query_one(".dialog-body").render())
        assert "held by bob, who took it 3h ago (2026-03-02 06:30 UTC)" in body
        await pilot.press("n")  # cancelled: nothing changes
        await settle(pilot)
        assert (await repo.get("billing-kb", "q-009")).assigned_to == "bob"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        stored = await repo.get("billing-kb", "q-009")
        assert (stored.assigned_to, stored.updated_by) == ("alice", "alice")
        assert app.screen is explorer
        assert any("Took over q-009 from bob" in text for text in notices(app))
        row = explorer.query_one("#explorer-table").get_row_at(explorer.rows.index(stored))
        assert "alice" in str(row[3])


async def test_a_non_lead_is_told_who_holds_it():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(services(repo, leads=["carol"]))
    async with app.run_test(size=SIZE) as pilot:
        await explorer_at(pilot, "q-009")
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("held by bob" in text for text in notices(app))
        assert (await repo.get("billing-kb", "q-009")).assigned_to == "bob"


async def test_the_holders_next_save_gets_the_conflict_prompt_naming_the_lead():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(services(repo))  # alice holds q-001
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        held = detail.base
        assert held.assigned_to == USER
        detail.query_one("#answer", TextArea).load_text("alice's unsaved answer")
        await settle(pilot)
        lead = services(repo, user="lead", leads=["lead"])
        await lead.assignments.take_over("lead", await repo.get(held.dataset_name, held.id))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        summary = str(app.screen.query_one(".dialog-body").render())
        assert "now held by lead" in summary
        await pilot.press("k")
        await settle(pilot)
        assert any("assigned to lead" in text for text in notices(app))
        assert app.screen is detail
        assert detail.query_one("#answer", TextArea).text == "alice's unsaved answer"
        assert (await repo.get(held.dataset_name, held.id)).answer != "alice's unsaved answer"


async def test_rephrase_opens_a_new_draft_copy_for_a_new_question():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        original = detail.base
        assert detail.active_bindings["R"].binding.show  # in the footer
        await pilot.press("R")
        await settle(pilot)
        copy = await repo.get(original.dataset_name, f"{original.id}-r1")
        assert copy is not None and copy.assigned_to == USER
        assert f"rephrase:{original.id}" in copy.manual_tags
        assert detail.base.id == copy.id
        assert detail.query_one("#edited-question", TextArea).has_focus
        await pilot.press(*"Where do I turn it on?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = await repo.get(copy.dataset_name, copy.id)
        assert saved.edited_question == "Where do I turn it on?"
        assert (await repo.get(original.dataset_name, original.id)).edited_question is None
        await pilot.press("escape", "left_square_bracket")  # back to the original
        await settle(pilot)
        assert detail.base.id == original.id


async def test_rephrase_waits_for_unsaved_edits():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#answer", TextArea).load_text("changed")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        original = app.screen.base
        assert await repo.get(original.dataset_name, f"{original.id}-r1") is None
        assert any("Save (ctrl+s) or discard" in text for text in notices(app))


async def test_explorer_w_shows_only_items_with_warnings():
    repo = InMemoryGroundTruthRepo()
    items = fixture_items()
    items[3].answer = "Write to help.desk@example.com"
    items[5].synth_question = items[8].synth_question  # q-008 is approved
    items[5].dataset_name = items[8].dataset_name
    await seed(repo, items)
    app = make_app(services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        screen = app.screen
        await pilot.press("w")
        await settle(pilot)
        assert [item.id for item in screen.rows] == ["q-003", "q-005"]
        assert "2 items with warnings" in str(screen.query_one("#explorer-status").render())
        await pilot.press("w")
        await settle(pilot)
        assert len(screen.rows) == 10
    app = make_app(services(repo, pii_detection=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert [item.id for item in app.screen.rows] == ["q-005"]
        assert GroundTruthStatus.draft == app.screen.rows[0].status
