"""Snapshots of reference and turn editing in both themes (fixed clock, ids, 120x36).

Update with `pytest tests/tui/test_content_snapshots.py --snapshot-update`, then look at
every changed SVG as a PNG before committing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from gt_tui.tui.item.content_lists import ReferenceList, TurnList
from tests.tui.fixtures import NOW, SIZE, open_first, settle
from tests.tui.test_content_editing import NEW_URL, tab_to, type_text
from tests.tui.test_snapshots import THEMES, build


@pytest.mark.parametrize("theme", THEMES)
def test_add_reference_form(snap_compare, theme):
    _repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot, index=1)  # multi-turn: the form asks for the turn
        await pilot.press("plus")
        await settle(pilot)
        await type_text(pilot, NEW_URL)
        await pilot.press("tab")
        await type_text(pilot, "Refund policy")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_references_edited(snap_compare, theme):
    """Removed one, marked one bonus, opened one: the list, preview and dirty marker."""
    _repo, app = build(theme)
    app.open_url = lambda url, **kw: True

    async def run_before(pilot):
        await open_first(pilot, index=1)
        await tab_to(pilot, ReferenceList)
        await pilot.press("x", "b", "down", "o")
        await settle(pilot)
        pilot.app.clear_notifications()  # the notices are asserted in test_content_editing
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_turn_editor(snap_compare, theme):
    _repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot, index=1)
        await tab_to(pilot, TurnList)
        await pilot.press("down", "down", "down", "e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_turn_delete_confirmation(snap_compare, theme):
    _repo, app = build(theme)

    async def run_before(pilot):
        await open_first(pilot, index=1)
        await tab_to(pilot, TurnList)
        await pilot.press("down", "x")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
def test_turn_conflict_prompt(snap_compare, theme):
    """Both edited turn 4 and both added a reference: the turn clash shows both texts."""
    repo, app = build(theme)

    async def run_before(pilot):
        from gt_tui.domain.models import Reference

        await open_first(pilot, index=1)
        theirs = await repo.get("support-faq", "q-002")
        theirs.history[3].msg = "Their fix of the answer."
        theirs.refs.append(Reference(url="https://theirs.example.com/a", title="theirs"))
        theirs.updated_by = "bob"
        theirs.updated_at = NOW - timedelta(minutes=3)
        await repo.upsert(theirs)
        screen = pilot.app.screen
        screen.draft.set_message(3, "My fix of the answer.")
        screen.draft.add(None, Reference(url=NEW_URL, title="mine"))
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
