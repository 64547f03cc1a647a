"""Tag picker `t`, glossary `g` and the checked manual-tags field on the item screen."""

from __future__ import annotations

import pytest

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.tag_glossary import TagGlossaryScreen
from gt_tui.tui.item.tag_picker import TagPickerScreen
from tests.tui.fixtures import (
    SIZE,
    USER,
    clock,
    fixture_items,
    keys_for,
    make_app,
    seed,
    settle,
    type_into,
)
from tests.tui.test_flows import make


async def open_item(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_picker_filters_toggles_replaces_in_exclusive_groups_and_saves():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot)
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TagPickerScreen)
        item = app.screen_stack[-2].base
        assert picker.chosen == item.manual_tags == ["billing", "invoice"]  # not in vocabulary
        await pilot.press(*keys_for("difficulty"))
        await pilot.press("1")  # difficulty:easy
        await pilot.press("3")  # difficulty:hard replaces it (exclusive group)
        assert picker.chosen == ["billing", "invoice", "difficulty:hard"]
        assert picker.numbered[:3] == ["difficulty:easy", "difficulty:medium", "difficulty:hard"]
        for _ in "difficulty":
            await pilot.press("backspace")
        await pilot.press(*keys_for("billing"))
        await pilot.press("1")  # the unknown tag, removed
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#manual-tags")
        assert field.value == "invoice, difficulty:hard"
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get(item.dataset_name, item.id)
    assert stored.manual_tags == ["invoice", "difficulty:hard"]
    assert f"dataset:{item.dataset_name}" in stored.computed_tags


async def test_picker_escape_changes_nothing_and_space_toggles_the_highlighted_row():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space")  # highlighted: the first value of the first group
        assert app.screen.chosen == ["billing", "invoice", "source:sme"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#manual-tags").value == "billing, invoice"


async def test_glossary_lists_groups_descriptions_and_computed_rules():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, TagGlossaryScreen)
        text = str(app.screen.query_one("#glossary-text").render())
        assert "difficulty:hard" in text and "Needs several sources" in text
        assert "question_length:" in text and "short up to 10" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TagGlossaryScreen)


@pytest.mark.parametrize("policy", ["warn", "reject"])
async def test_text_field_is_checked_and_reject_refuses_the_save(policy):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    settings = Settings(backend="memory", user_id=USER, health_interval_s=3600, tag_policy=policy)
    app = make_app(services_for_repo(repo, settings, clock=clock))
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot)
        before = app.screen.base
        field = app.screen.query_one("#manual-tags")
        field.value = ""
        await type_into(pilot, "#manual-tags", "difficulty:easy,difficulty:hard")
        await pilot.pause()
        note = str(app.screen.query_one("#manual-tags-problems").render())
        assert "group 'difficulty' allows only one value" in note
        assert field.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
    stored = await repo.get(before.dataset_name, before.id)
    if policy == "reject":
        assert stored.etag == before.etag  # nothing written
    else:
        assert stored.manual_tags == ["difficulty:easy", "difficulty:hard"]
