"""Explorer: the shape picker and the tool field (called, or expected as required) filter
the items through ItemQuery.shape / .tool, and are kept with the other filters between
visits."""

from __future__ import annotations

from textual.widgets import Input, Select

from gt_tui.demo.agentic import build_agentic_items
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.explorer.filters import ExplorerFilters
from gt_tui.tui.explorer.screen import ExplorerScreen
from tests.tui.fixtures import NOW, SIZE, USER, fixture_items, make_app, make_services, seed, settle


def ids(screen) -> list[str]:
    return [item.id for item in screen.rows]


async def test_shape_and_tool_filters_and_they_are_kept_between_visits():
    agentic = build_agentic_items(NOW, USER)
    repo = InMemoryGroundTruthRepo()
    await seed(repo, [*fixture_items(), *agentic])
    app = make_app(make_services(repo))
    with_account = sorted(
        item.id
        for item in agentic
        if "get_account" in item.tool_names()
        or "get_account" in (item.expected_tools.names("required") if item.expected_tools else [])
    )
    assert 0 < len(with_account) < len(agentic)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        assert screen.total == 10 + len(agentic)

        screen.query_one("#filter-shape", Select).value = "agentic"
        await settle(pilot)
        assert sorted(ids(screen)) == sorted(item.id for item in agentic)
        screen.query_one("#filter-shape", Select).value = "rag"
        await settle(pilot)
        assert all(item.id.startswith("q-") for item in screen.rows) and screen.total == 10

        screen.query_one("#filter-shape", Select).clear()
        screen.query_one("#filter-tool", Input).focus()
        await pilot.press(*"get_account", "enter")
        await settle(pilot)
        assert sorted(ids(screen)) == with_account
        assert screen.query_filter.tool == "get_account"

        screen.query_one("#filter-shape", Select).value = "agentic"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        again = app.screen
        assert again.query_one("#filter-tool", Input).value == "get_account"
        assert again.query_one("#filter-shape", Select).value == "agentic"
        assert sorted(ids(again)) == with_account
        # B acts on the same filter (`gt-tui bulk --filter` reads the same line)
        line = again.query_one(ExplorerFilters).item_filter().line()
        assert line == "tool:get_account shape:agentic"
