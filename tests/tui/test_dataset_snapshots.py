"""SVG snapshots of the datasets screens in both themes (fixed clock, ids, 120x36):
the instructions pane, the explorer's pickers and kept state, the progress screen."""

from __future__ import annotations

import asyncio

import pytest

from tests.tui.datasets_fixtures import billing_instructions
from tests.tui.fixtures import SIZE, settle
from tests.tui.test_snapshots import THEMES, build


def build_with_instructions(theme: str):
    repo, app = build(theme)
    asyncio.run(repo.put_instructions(billing_instructions()))
    return repo, app


@pytest.mark.parametrize("theme", THEMES)
def test_item_with_instructions_pane(snap_compare, theme):
    _repo, app = build_with_instructions(theme)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
