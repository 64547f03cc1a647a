"""Warnings before approval: in the GT_CONFIRM dialog, or a notice under GT_CONFIRM=never."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.content_checks import ContentCheckService
from gt_tui.tui.item.approval import ApprovalScreen
from gt_tui.tui.item.screen import ItemDetailScreen
from tests.tui.fixtures import (
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    open_first,
    seed,
    settle,
)

REPEATED = "How do I configure feature 8 for my account?"
"""q-008's question: it is approved in support-faq; q-007 gets it approved in billing-kb."""


async def app_with(*, email: bool = False, repeated: bool = False, **settings):
    repo = InMemoryGroundTruthRepo()
    items = fixture_items()
    for item in items:
        if item.assigned_to == USER:
            if email:
                item.answer = "Write to jane.doe@example.com for access."
            if repeated:
                item.synth_question = REPEATED
    if repeated:
        items[7].synth_question = REPEATED
        items[7].status = GroundTruthStatus.approved
    await seed(repo, items)
    return repo, make_app(make_services(repo, **settings))


def dialog_text(app) -> str:
    return str(app.screen.query_one(".dialog-body").render())


async def test_the_approval_dialog_lists_masked_warnings_before_the_decision():
    repo, app = await app_with(email=True, confirm="edits")
    async with app.run_test(size=SIZE) as pilot:
        item = (await open_first(pilot)).base
        await pilot.press("a")  # no edits, but warnings to read: the dialog opens
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        body = dialog_text(app)
        assert "possible email address in answer" in body
        assert "jane.doe@example.com" not in body  # masked
        await pilot.press("y")
        await settle(pilot)
    assert (await repo.get(item.dataset_name, item.id)).status == GroundTruthStatus.approved


async def test_under_never_the_warnings_come_as_a_notice_and_the_approval_goes_on():
    repo, app = await app_with(email=True, confirm="never")
    async with app.run_test(size=SIZE) as pilot:
        item = (await open_first(pilot)).base
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id != item.id
        assert any("possible email address in answer" in text for text in app.notified)
    assert (await repo.get(item.dataset_name, item.id)).status == GroundTruthStatus.approved


async def test_with_detection_off_there_is_no_warning_and_no_dialog():
    repo, app = await app_with(email=True, repeated=True, pii_detection=False,
                               duplicate_detection=False)  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        item = (await open_first(pilot)).base
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, ApprovalScreen)
        assert not any("email" in text or "repeats" in text for text in app.notified)
    assert (await repo.get(item.dataset_name, item.id)).status == GroundTruthStatus.approved


async def test_skip_and_delete_show_no_content_warnings():
    repo, app = await app_with(email=True, confirm="edits")
    async with app.run_test(size=SIZE) as pilot:
        first = (await open_first(pilot)).base
        await pilot.press("s")
        await settle(pilot)
        second = app.screen.base
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, ApprovalScreen)
    assert (await repo.get(first.dataset_name, first.id)).status == GroundTruthStatus.skipped
    assert (await repo.get(second.dataset_name, second.id)).status == GroundTruthStatus.deleted


async def test_a_repeated_approved_question_is_named_in_the_dialog():
    _repo, app = await app_with(repeated=True)
    async with app.run_test(size=SIZE) as pilot:
        item = (await open_first(pilot)).base
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ApprovalScreen)
        other = "q-008" if item.dataset_name == "support-faq" else "q-007"
        assert f"question repeats an approved item: {other}" in dialog_text(app)


async def test_the_duplicate_lookup_runs_when_the_item_opens_not_when_it_is_approved(
    monkeypatch,
):
    """One-key approval reads the lookup made after the item was painted; an edited
    question is looked up again at the decision."""
    _repo, app = await app_with(repeated=True, confirm="never")
    lookups: list[str] = []
    real = ContentCheckService.duplicate_of

    async def counted(self, item):
        lookups.append(item.id)
        return await real(self, item)

    monkeypatch.setattr(ContentCheckService, "duplicate_of", counted)
    async with app.run_test(size=SIZE) as pilot:
        first = (await open_first(pilot)).base
        assert lookups == [first.id]  # prefetched after the open
        await pilot.press("a")
        await settle(pilot)
        assert lookups[:2] == [first.id, app.screen.base.id]  # none at the decision
        assert any("question repeats an approved item" in text for text in app.notified)

        second = app.screen.base
        app.screen.query_one("#edited-question").load_text("A question nobody asked yet?")
        await settle(pilot)
        before = len(lookups)
        app.notified.clear()
        await pilot.press("a")
        await settle(pilot)
        assert lookups[before] == second.id  # the edited question, looked up at the decision
        assert not any("repeats" in text for text in app.notified)


async def test_a_failed_duplicate_lookup_is_a_warning_line_not_an_error(monkeypatch):
    from gt_tui.domain.errors import BackendUnavailableError

    async def unavailable(self, item):
        raise BackendUnavailableError("store unreachable")

    monkeypatch.setattr(ContentCheckService, "duplicate_of", unavailable)
    repo, app = await app_with(email=True, confirm="never")
    async with app.run_test(size=SIZE) as pilot:
        item = (await open_first(pilot)).base
        await pilot.press("a")
        await settle(pilot)
        shown = "\n".join(app.notified)
        assert "possible email address in answer" in shown
        assert "duplicate check not run: store unreachable" in shown
    assert (await repo.get(item.dataset_name, item.id)).status == GroundTruthStatus.approved
