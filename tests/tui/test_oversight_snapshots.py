"""Snapshots of the oversight screens: a lead's takeover dialog, a fresh rephrase copy."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.edit_journal import EditJournal
from gt_tui.tui.explorer.screen import ExplorerScreen
from gt_tui.tui.start.themes import load_themes
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    clock,
    fixture_items,
    make_app,
    pressing,
    seed,
    settle,
)


def build(**settings):
    repo = InMemoryGroundTruthRepo()
    asyncio.run(seed(repo, fixture_items()))
    configured = Settings(backend="memory", user_id=USER, health_interval_s=3600, **settings)
    services = services_for_repo(repo, configured, clock=clock, rng=random.Random(1234))
    return make_app(services, themes=load_themes(), theme="gt-dark")


def test_takeover_dialog(snap_compare):
    app = build(leads=[USER])

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(ExplorerScreen(page_size=20))
        await settle(pilot)
        for _ in range(9):
            await pilot.press("down")
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_rephrase_copy_opened(snap_compare):
    app = build()

    # escape: out of the editor, so no blinking cursor in the snapshot
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("R", "escape", open_row=0))


def test_restore_unsaved_edits_offer(snap_compare, tmp_path):
    journal_path = tmp_path / "journal.sqlite3"
    app = build(edit_journal_path=journal_path)
    first = sorted(
        (item for item in fixture_items() if item.assigned_to == USER),
        key=lambda item: item.assigned_at,
    )[0]
    EditJournal(journal_path, clock=lambda: NOW - timedelta(minutes=10)).record(
        USER,
        first.dataset_name,
        first.id,
        "an-older-etag",
        {"answer": "My answer from before the crash.", "comment": "check the limits"},
    )

    async def run_before(pilot):
        await settle(pilot)
        assert pilot.app.screen.query_one("#queue-table").cursor_row == 0
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
