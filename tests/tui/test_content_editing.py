"""Editing references and turns on the item screen, from the keyboard (issue 14)."""

from __future__ import annotations

import random

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthStatus, Reference
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.dialogs.conflict import ConflictScreen
from gt_tui.tui.item.approval import ApprovalScreen
from gt_tui.tui.item.content_lists import ReferenceList, TurnList
from gt_tui.tui.item.reference_form import ReferenceFormScreen
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.item.turn_edit import TurnEditScreen
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    clock,
    fixture_items,
    keys_for,
    make_app,
    notices,
    seed,
    settle,
)

NEW_URL = "https://kb.example.com/refunds"


async def make(**settings):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    config = Settings(backend="memory", user_id=USER, health_interval_s=3600, **settings)
    services = services_for_repo(repo, config, clock=clock, rng=random.Random(1234))
    app = make_app(services)
    return repo, app


async def open_item(pilot, index: int = 0) -> ItemDetailScreen:
    await settle(pilot)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ItemDetailScreen)
    return screen


async def tab_to(pilot, widget_type) -> None:
    """Reach a list with tab only, as a curator would."""
    for _ in range(12):
        if isinstance(pilot.app.screen.focused, widget_type):
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {widget_type.__name__}")


async def type_text(pilot, text: str) -> None:
    named = {"/": "slash", ":": "colon", "-": "minus"}
    await pilot.press(*[named.get(k, k) for k in keys_for(text)])


async def decide(pilot, key: str = "a") -> None:
    """Approve with one key, or through the dialog while it still asks first."""
    await pilot.press(key)
    await settle(pilot)
    if isinstance(pilot.app.screen, ApprovalScreen):
        await pilot.press("y")
        await settle(pilot)


async def test_add_a_reference_with_title_and_excerpt_then_save():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)  # q-003: one reference
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, ReferenceFormScreen)
        assert app.screen.focused.id == "ref-url"  # the URL is focused first
        await type_text(pilot, NEW_URL)
        await pilot.press("tab")
        await type_text(pilot, "Refund policy")
        await pilot.press("tab")
        await type_text(pilot, "Refunds take five days.")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "references (1 added)" in str(screen.query_one("#detail-dirty").render())
        assert "2 listed · totalReferences 2" in str(screen.query_one("#refs-label").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get("billing-kb", "q-003")
    assert [r.url for r in stored.refs][-1] == NEW_URL
    assert stored.refs[-1].title == "Refund policy"
    assert stored.refs[-1].key_excerpt == "Refunds take five days."
    assert stored.total_references == 2  # derived by the service from the edit


GTC_REFERENCE_KEYS = {"url", "title", "content", "keyExcerpt", "type", "bonus", "messageIndex"}
"""The sub-fields of GroundTruthCurator's own references (tests/fixtures/gtc-seed-era)."""


async def test_an_added_reference_carries_every_sub_field_gtc_references_have():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        for index in range(4):  # the multi-turn item q-002, wherever the queue lists it
            screen = await open_item(pilot, index)
            if screen.base.id == "q-002":
                break
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, NEW_URL)
        await pilot.press("enter")  # onto the last assistant turn (index 3)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    added = (await repo.get("support-faq", "q-002")).to_doc()["history"][3]["refs"][-1]
    assert set(added) == GTC_REFERENCE_KEYS
    assert (added["url"], added["messageIndex"], added["bonus"]) == (NEW_URL, 3, False)


async def test_a_malformed_url_is_refused_in_the_form_and_escape_cancels():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, "not a url")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReferenceFormScreen)
        assert "spaces" in str(app.screen.query_one("#ref-problem").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.is_dirty()


async def test_the_same_url_twice_warns_but_is_added():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, "https://docs.example.com/page-3")
        await pilot.press("enter")
        await settle(pilot)
        assert any("already a reference" in m for m in notices(app))
        assert len(screen.draft.refs) == 2


async def test_edit_remove_bring_back_and_bonus_on_a_highlighted_reference():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)
        await tab_to(pilot, ReferenceList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReferenceFormScreen)
        await pilot.press("tab", *["backspace"] * 30)
        await type_text(pilot, "Renamed")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.draft.refs[0].title == "Renamed"
        assert screen.draft.refs[0].url == "https://docs.example.com/page-3"
        await pilot.press("x")
        await settle(pilot)
        assert screen.draft.refs == []
        assert any("u brings it back" in m for m in notices(app))
        await pilot.press("u")
        await settle(pilot)
        assert [r.title for r in screen.draft.refs] == ["Renamed"]
        assert isinstance(app.screen, ItemDetailScreen)  # `u` here did not undo a decision
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get("billing-kb", "q-003")
    assert [(r.title, r.bonus) for r in stored.refs] == [("Renamed", True)]


async def test_open_records_the_visit_and_refuses_other_schemes():
    repo, app = await make()
    item = await repo.get("billing-kb", "q-003")
    item.refs.append(Reference(url="javascript:alert(1)", title="bad"))
    await repo.upsert(item)
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url) or True  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)
        await tab_to(pilot, ReferenceList)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://docs.example.com/page-3"]
        assert screen.draft.refs[0].visited_at == NOW
        await pilot.press("down", "o")
        await settle(pilot)
        assert opened == ["https://docs.example.com/page-3"]  # javascript: is never opened
        assert screen.draft.refs[1].visited_at is None
        assert any("only http and https" in m for m in notices(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get("billing-kb", "q-003")
    assert stored.refs[0].visited_at == NOW


async def test_gate_refuses_an_unvisited_reference_then_accepts_once_opened():
    repo, app = await make(require_reference_visit=True)
    app.open_url = lambda url, **kw: True  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot)
        await decide(pilot)
        assert any("cannot approve" in m and "visited" in m for m in notices(app)), notices(app)
        assert screen.base.id == "q-003"
        await tab_to(pilot, ReferenceList)
        await pilot.press("o")
        await settle(pilot)
        screen.query_one("#detail-body").focus()
        await decide(pilot)
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.approved
    assert stored.refs[0].visited_at == NOW


async def test_fix_an_assistant_turn_insert_a_turn_and_set_expected_behaviours():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, index=1)  # q-002: four turns
        await tab_to(pilot, TurnList)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TurnEditScreen)
        await pilot.press("end")
        await type_text(pilot, " Then confirm.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.draft.history[3].msg.endswith("Switch to yearly. Then confirm.")
        assert "conversation" in str(screen.query_one("#detail-dirty").render())
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("space")  # tool:search, the first seed value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.draft.history[3].expected_behavior == ["tool:search"]
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, TurnEditScreen)
        await type_text(pilot, "Thanks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [t.role for t in screen.draft.history] == ["user", "assistant"] * 2 + ["user"]
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get("support-faq", "q-002")
    assert stored.history[3].msg.endswith("Then confirm.")
    assert stored.history[3].expected_behavior == ["tool:search"]
    assert stored.history[4].msg == "Thanks"


async def test_delete_a_turn_says_how_many_references_go_with_it():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, index=1)
        await tab_to(pilot, TurnList)
        await pilot.press("down", "x")  # turn 2 cites one reference
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "Its 1 reference goes with it." in body
        await pilot.press("y")
        await settle(pilot)
        assert len(screen.draft.history) == 3
        assert "totalReferences 2" in str(screen.query_one("#refs-label").render())


async def test_unknown_roles_are_shown_and_kept():
    repo, app = await make()
    item = await repo.get("support-faq", "q-002")
    item.history[0].role = "system-note"
    item.history[1].role = "orchestrator-agent"  # GTC 2.x names its agents
    await repo.upsert(item)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, index=1)
        table = screen.query_one("#turn-list", TurnList)
        assert str(table.get_row_at(0)[1]) == "system-note"
        assert str(table.get_row_at(1)[1]).splitlines()[0] == "orchestrator-agent"
        await tab_to(pilot, TurnList)
        await pilot.press("down", "enter")
        await settle(pilot)
        await type_text(pilot, "x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get("support-faq", "q-002")
    assert stored.history[0].role == "system-note"


async def test_keep_mine_keeps_both_sides_references():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot)
        theirs = await repo.get("billing-kb", "q-003")
        theirs.refs.append(Reference(url="https://theirs.example.com/a", title="theirs"))
        theirs.updated_by = "bob"
        await repo.upsert(theirs)
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, NEW_URL)
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")
        await settle(pilot)
    stored = await repo.get("billing-kb", "q-003")
    assert [r.url for r in stored.refs] == [
        "https://docs.example.com/page-3",
        NEW_URL,
        "https://theirs.example.com/a",
    ]
    assert stored.total_references == 3


async def test_both_editing_the_same_turn_is_a_conflict_on_that_turn_with_both_texts():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, index=1)
        theirs = await repo.get("support-faq", "q-002")
        theirs.history[3].msg = "Their fix of the answer."
        theirs.updated_by = "bob"
        await repo.upsert(theirs)
        await tab_to(pilot, TurnList)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        app.screen.query_one("#turn-message").load_text("My fix of the answer.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "turn 4" in body
        assert "Their fix of the answer." in body and "My fix of the answer." in body
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
        assert any("turn 4" in m and "Their fix" in m for m in notices(app))
    stored = await repo.get("support-faq", "q-002")
    assert stored.history[3].msg == "My fix of the answer."
