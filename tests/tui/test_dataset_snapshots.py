"""SVG snapshots of the datasets screens in both themes (fixed clock, ids, 120x36):
the instructions pane, the explorer's pickers and kept state, the progress screen."""

from __future__ import annotations

import asyncio

import pytest

from tests.tui.datasets_fixtures import billing_instructions
from tests.tui.fixtures import SIZE, pressing, settle
from tests.tui.test_snapshots import THEMES, build


def build_with_instructions(theme: str):
    repo, app = build(theme)
    asyncio.run(repo.put_instructions(billing_instructions()))
    return repo, app


@pytest.mark.parametrize("theme", THEMES)
def test_item_with_instructions_pane(snap_compare, theme):
    _repo, app = build_with_instructions(theme)

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("i", open_row=0))


@pytest.mark.parametrize("theme", THEMES)
def test_progress_screen(snap_compare, theme):
    from datetime import timedelta

    from tests.tui.datasets_fixtures import decisions_this_week
    from tests.tui.fixtures import NOW, seed

    repo, app = build(theme)
    asyncio.run(seed(repo, decisions_this_week()))
    app.workstation.started_at = NOW - timedelta(hours=2)

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("p"))


@pytest.mark.parametrize("theme", THEMES)
def test_explorer_state_kept_after_coming_back(snap_compare, theme):
    from textual.widgets import Input, Select

    _repo, app = build(theme)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#filter-sort", Select).value = "total_references:desc"
        screen.query_one("#filter-url", Input).value = "docs.example.com/page-10"
        screen.apply_filters()
        await settle(pilot)
        await pilot.press("down", "down", "escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_explorer_dataset_picker(snap_compare, theme):
    _repo, app = build(theme)

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("e", "D"))
