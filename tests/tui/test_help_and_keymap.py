"""Help is generated from BINDINGS (it cannot drift), and GT_KEYMAP rebinds keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.help import HelpScreen
from gt_tui.tui.keys import Scope, binding_scopes, help_sections, section_of
from gt_tui.tui.queue.screen import QueueScreen
from gt_tui.tui.start.app import GtTuiApp
from tests.tui.fixtures import SIZE, fixture_items, make_app, make_services, seed, settle


async def _app(**kwargs) -> GtTuiApp:
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items(2))
    return make_app(make_services(repo), poll_health=False, **kwargs)


def _help_text(app) -> str:
    return "\n\n".join(str(section.render()) for section in app.screen.query(".help-section"))


def test_every_described_binding_of_every_screen_is_in_help():
    scopes = binding_scopes(GtTuiApp)
    listed = {(section, what) for section, rows in help_sections(scopes) for _, what in rows}
    for scope in scopes:
        for binding in scope.bindings:
            if (binding.tooltip or binding.description) and not binding.system:
                assert (scope.section, binding.tooltip or binding.description) in listed


def test_a_binding_added_later_shows_up_without_touching_help():
    class LaterScreen(Screen):
        HELP_SECTION = "Item"
        BINDINGS = [Binding("u", "undo", "Undo the last decision", id="item.undo")]

    LaterScreen.__module__ = "gt_tui.tui.item.later"  # as if it lived there
    scope = Scope(section_of(LaterScreen), LaterScreen, tuple(LaterScreen.BINDINGS))
    item_rows = dict(help_sections([scope]))["Item"]
    assert item_rows[0] == ("u", "Undo the last decision")


async def test_question_mark_opens_help_listing_the_screens_keys():
    app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        for expected in ("Queue (home)", "Get items", "Approve", "Reload theirs", "Anywhere"):
            assert expected in text


async def test_keymap_rebinds_a_key_and_help_shows_the_new_one():
    app = await _app(keymap={"queue.help": "h", "queue.get_more": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")  # no longer bound
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        assert "ctrl+n      Get items" in text
        assert "h           Help" in text
