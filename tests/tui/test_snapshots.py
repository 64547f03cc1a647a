"""SVG snapshots of every screen in two themes (fixed clock, ids, rng and terminal size).

Update after a deliberate UI change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at every changed SVG (the failure report at snapshot_report.html shows diffs).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.explorer.screen import ExplorerScreen
from gt_tui.tui.start.themes import load_themes
from tests.tui.fixtures import (
    NOW,
    SIZE,
    fixture_items,
    keys_for,
    make_app,
    make_services,
    open_first,
    pressing,
    save_as_other_curator,
    seed,
    settle,
)

THEMES = ["gt-dark", "gt-light"]


def build(theme: str, assigned: int = 4):
    repo = InMemoryGroundTruthRepo()
    asyncio.run(seed(repo, fixture_items(assigned)))
    return repo, make_app(make_services(repo), themes=load_themes(), theme=theme)


@pytest.mark.parametrize("theme", THEMES)
def test_queue_empty(snap_compare, theme):
    _repo, app = build(theme, assigned=0)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("theme", THEMES)
def test_queue_full(snap_compare, theme):
    _repo, app = build(theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("theme", THEMES)
def test_item_detail_with_history(snap_compare, theme):
    _repo, app = build(theme)

    # q-002 has a multi-turn history
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing(open_row=1))


@pytest.mark.parametrize("theme", THEMES)
def test_approval_dialog_lists_changes(snap_compare, theme):
    _repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot)
        pilot.app.screen.query_one("#answer").load_text("A better answer.")
        pilot.app.screen.query_one("#comment").value = "tightened the answer"
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_explorer_with_filter(snap_compare, theme):
    _repo, app = build(theme)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(ExplorerScreen())
        await settle(pilot)
        await pilot.press("slash", *keys_for("configure"), "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_conflict_prompt(snap_compare, theme):
    repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot)
        pilot.app.screen.query_one("#answer").load_text("My rewritten answer.")
        await save_as_other_curator(
            repo,
            "q-003",
            comment="checked with the billing team",
            answer="Their rewritten answer.",
            updated_at=NOW - timedelta(minutes=3),
        )
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_degraded_health(snap_compare, theme):
    repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot)
        pilot.app.screen.query_one("#answer").load_text("Edited while offline.")
        repo.available = False
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_help(snap_compare, theme):
    _repo, app = build(theme)

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("question_mark"))


@pytest.mark.parametrize("theme", THEMES)
def test_tag_picker(snap_compare, theme):
    _repo, app = build(theme)

    # 3: source:synthetic, picked
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("t", "3", open_row=0))


@pytest.mark.parametrize("theme", THEMES)
def test_tag_glossary(snap_compare, theme):
    _repo, app = build(theme)

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("g", open_row=0))


@pytest.mark.parametrize("theme", THEMES)
def test_one_key_approve_notice(snap_compare, theme):
    """`a` without edits: no dialog, the next item and the "approved … · u undo" notice."""
    _repo, app = build(theme)
    app.NOTIFICATION_TIMEOUT = 3600  # the notice must outlast a slow machine's settle

    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("a", open_row=0))
