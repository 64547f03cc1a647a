"""The item screen of an agentic item with its trace section, in both themes: the demo's
trace with a subagent and a parallel pair, focused with `T`, one call marked required
(the dirty marker says so). Fixed clock, ids and size; look at each SVG after an update."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from gt_tui.demo.agentic import build_agentic_items
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.start.themes import load_themes
from tests.tui.fixtures import NOW, SIZE, USER, make_app, make_services, pressing, seed

THEMES = ["gt-dark", "gt-light"]


def build(theme: str):
    item = next(i for i in build_agentic_items(NOW, USER) if i.id == "at-003")
    item.assigned_to, item.assigned_at = USER, NOW - timedelta(minutes=5)
    item.status = GroundTruthStatus.draft
    repo = InMemoryGroundTruthRepo()
    asyncio.run(seed(repo, [item]))
    return make_app(make_services(repo), themes=load_themes(), theme=theme)


@pytest.mark.parametrize("theme", THEMES)
def test_item_screen_with_the_trace(snap_compare, theme):
    app = build(theme)
    keys = pressing("T", "down", "down", "r", open_row=0)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys)
