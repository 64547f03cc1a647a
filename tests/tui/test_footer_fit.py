"""The footer fits 120 columns on the item screen, and "esc Back" stays in view."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.content_lists import ReferenceList
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
        assert every_key[-1] == "escape"  # unfocused: all of the screen's keys fit

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
