"""The footer fits 120 columns on the item screen, and "esc Back" and "? Help" stay in
view (80x24 too)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets._footer import FooterKey

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.content_lists import ReferenceList
from gt_tui.tui.start.themes import load_themes
from gt_tui.tui.widgets.footer import key_width
from tests.tui.fixtures import (
    SIZE,
    fixture_items,
    make_app,
    make_services,
    open_first,
    seed,
    settle,
)


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_with_the_reference_list_focused_the_footer_keeps_esc_back_within_120_columns():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_first(pilot)
        every_key = [key.key for key in footer_keys(app)]
        assert every_key[-2:] == ["escape", "question_mark"]  # unfocused: all of them fit

        detail.query_one(ReferenceList).focus()
        await settle(pilot)
        shown = footer_keys(app)
        keys = [key.key for key in shown]
        assert keys[:2] == ["enter", "x"]  # the list's own keys come first
        leave = [key for key in shown if key.key == "escape"]  # escape leaves the list first
        assert [key.description for key in leave] == ["Leave list"]
        assert sum(key_width(key.key_display, key.description) for key in shown) <= SIZE[0]
        assert len(keys) < len(every_key) + 5  # some of the screen's keys were left out
        assert "a" in keys  # ...from the end: the decisions stay


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
async def test_the_item_screen_footer_shows_help_and_back_and_fits(size):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    async with app.run_test(size=size) as pilot:
        await open_first(pilot)
        shown = footer_keys(app)
        keys = [key.key for key in shown]
        assert keys[-2:] == ["escape", "question_mark"], keys
        assert [key.description for key in shown[-2:]] == ["Back", "Help"]
        assert sum(key_width(key.key_display, key.description) for key in shown) <= size[0]
        assert keys[:5] == ["a", "s", "d", "u", "ctrl+s"]  # the decisions and save stay
        if size == (80, 24):  # left out first: next / previous, then rephrase and tags
            assert not {"left_square_bracket", "right_square_bracket", "R"} & set(keys)
        else:
            assert {"left_square_bracket", "right_square_bracket", "R", "t"} <= set(keys)
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
def test_item_screen_footer_snapshot(snap_compare, size):
    repo = InMemoryGroundTruthRepo()
    asyncio.run(seed(repo, fixture_items()))
    app = make_app(make_services(repo), themes=load_themes(), theme="gt-dark")
    assert snap_compare(app, terminal_size=size, run_before=open_first)


@pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x36", "80x24"])
async def test_the_explorer_footer_shows_help_and_back_and_fits(size):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        shown = footer_keys(app)
        keys = [key.key for key in shown]
        assert keys[-2:] == ["escape", "question_mark"], keys
        assert sum(key_width(key.key_display, key.description) for key in shown) <= size[0]
        assert "c" in keys  # claim stays; the keys at the end of the list give way first
