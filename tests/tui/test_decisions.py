"""One key per decision (a / s / d), GT_CONFIRM, `c` and undo (`u`) on item and queue."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.conflict import ConflictScreen
from gt_tui.tui.item.approval import ApprovalScreen
from gt_tui.tui.item.decisions import DecisionFlows
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.queue.screen import QueueScreen
from tests.tui.fixtures import (
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    notices,
    open_first,
    save_as_other_curator,
    seed,
    settle,
    type_into,
)


class CountingRepo(InMemoryGroundTruthRepo):
    """Counts writes, to show a decision is one conditional write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    async def upsert(self, item, *, note=None):
        self.writes += 1
        return await super().upsert(item, note=note)


async def make(assigned: int = 4, **settings):
    repo = CountingRepo()
    await seed(repo, fixture_items(assigned))
    repo.writes = 0
    return repo, make_app(make_services(repo, **settings))


@pytest.mark.parametrize(
    ("key", "status", "word"),
    [
        ("a", GroundTruthStatus.approved, "approved"),
        ("s", GroundTruthStatus.skipped, "skipped"),
        ("d", GroundTruthStatus.deleted, "deleted"),
    ],
)
async def test_one_key_decides_with_one_write_and_opens_the_next(key, status, word):
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        assert app.screen.base.id == "q-003"
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.base.id == "q-002"
        assert f"{word} q-003 · u undo" in notices(app)
    assert repo.writes == 1
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == status and stored.assigned_to is None


async def test_unsaved_edits_ask_first_then_go_in_the_same_write():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await type_into(pilot, "#answer", " Edited.")
        await pilot.press("escape", "a")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        assert "answer edited" in str(app.screen.query_one(".dialog-body").render())
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.base.id == "q-002"
    assert repo.writes == 1
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.approved and stored.answer.endswith(" Edited.")


async def test_confirm_never_decides_edits_without_a_dialog():
    repo, app = await make(confirm="never")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await type_into(pilot, "#comment", "fine")
        await pilot.press("escape", "s")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-002"
    assert repo.writes == 1
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.skipped and stored.comment == "fine"


async def test_confirm_always_asks_even_without_edits_and_cancel_writes_nothing():
    repo, app = await make(confirm="always")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-003"
    assert repo.writes == 0


def test_confirm_setting_is_validated():
    from pydantic import ValidationError

    from gt_tui.config import Settings

    with pytest.raises(ValidationError, match="confirm"):
        Settings(backend="memory", confirm="sometimes")


async def test_content_warnings_show_in_the_dialog_or_as_a_notice_under_never(monkeypatch):
    async def warnings(self, op, item):
        return ["answer: an email address"]

    monkeypatch.setattr(DecisionFlows, "content_warnings", warnings)
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        assert "answer: an email address" in str(app.screen.query_one(".dialog-body").render())
        await pilot.press("escape")
        await settle(pilot)
    assert repo.writes == 0

    repo, app = await make(confirm="never")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.base.id == "q-002"
        assert "answer: an email address" in notices(app)
    assert repo.writes == 1


async def test_c_focuses_the_comment_editor():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#comment", Input)


async def test_u_on_the_item_screen_undoes_the_decision_and_opens_it_again():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await type_into(pilot, "#answer", " Edited.")
        await pilot.press("escape", "a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("s")  # q-002 skipped with one key
        await settle(pilot)
        assert app.screen.base.id == "q-001"
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.base.id == "q-002"
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.base.id == "q-003"
        assert app.screen.query_one("#answer", TextArea).text.endswith("press save.")
        assert not app.screen.is_dirty()
    for dataset, item_id in [("billing-kb", "q-003"), ("support-faq", "q-002")]:
        stored = await repo.get(dataset, item_id)
        assert stored.status == GroundTruthStatus.draft and stored.assigned_to == USER
    assert not (await repo.get("billing-kb", "q-003")).answer.endswith(" Edited.")


async def test_u_on_the_queue_undoes_after_the_item_left_the_queue():
    repo, app = await make(assigned=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("a")  # the last item: the queue is done
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and app.screen.items == []
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.base.id == "q-000"
        await pilot.press("escape")
        await settle(pilot)
        assert [item.id for item in app.screen.items] == ["q-000"]
    assert (await repo.get("support-faq", "q-000")).status == GroundTruthStatus.draft


async def test_u_after_someone_changed_the_item_shows_the_conflict_prompt():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("a")
        await settle(pilot)
        await save_as_other_curator(repo, "q-003", comment="bob saw it approved")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("k")  # keep mine: my previous version, their comment kept
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-003"
    stored = await repo.get("billing-kb", "q-003")
    assert stored.status == GroundTruthStatus.draft and stored.assigned_to == USER
    assert stored.comment == "bob saw it approved"


async def test_u_with_nothing_to_undo_says_so():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo." in notices(app)


async def test_decision_keys_are_disabled_while_a_write_runs():
    import asyncio

    repo, app = await make()
    gate = asyncio.Event()
    real_upsert = repo.upsert

    async def slow_upsert(item, *, note=None):
        await gate.wait()
        return await real_upsert(item, note=note)

    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        repo.upsert = slow_upsert
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert screen.writing
        assert screen.check_action("decide", ("skip",)) is None
        await pilot.press("s")  # ignored: the approve is still being written
        gate.set()
        await settle(pilot)
        assert screen.base.id == "q-002" and not screen.writing
    assert (await repo.get("billing-kb", "q-003")).status == GroundTruthStatus.approved
    assert (await repo.get("support-faq", "q-002")).status == GroundTruthStatus.draft


async def test_an_unexpected_error_in_a_write_becomes_a_notice():
    repo, app = await make()

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        app.services.decisions.decide = broken
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-003"
        assert any("Unexpected error (RuntimeError): disk on fire" in n for n in notices(app))
        assert not app.screen.writing  # the keys work again
    assert repo.writes == 0


async def test_after_a_decision_focus_is_back_on_the_item_body_from_a_list():
    """`u` then undoes the decision (in the reference list it would restore a reference),
    and the focus is the one the screen opened with (no restyle, no footer rebuild)."""
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        screen = app.screen
        assert screen.focused is screen.query_one("#detail-body")
        screen.query_one("#ref-list").focus()
        await settle(pilot)
        first = screen.base.id
        await pilot.press("a")
        await settle(pilot)
        assert screen.base.id != first
        assert screen.focused is screen.query_one("#detail-body")
