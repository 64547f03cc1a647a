"""`B` in the explorer: the bulk dialog counts first, `y` applies, a concurrent change is
left as it is and named, and `u` puts the items back."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Select

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.explorer.bulk import BulkDialog
from gt_tui.tui.explorer.screen import ExplorerScreen
from gt_tui.tui.start.themes import load_themes
from tests.tui.fixtures import (
    SIZE,
    fixture_items,
    keys_for,
    make_app,
    make_services,
    notices,
    seed,
    settle,
)


async def seeded_app():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    return repo, app


def status_text(app) -> str:
    return str(app.screen.query_one("#bulk-status").render())


async def test_bulk_tag_counts_applies_and_undoes():
    repo, app = await seeded_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen())
        await settle(pilot)
        explorer = app.screen
        explorer.query_one("#filter-dataset", Input).value = "billing-kb"
        explorer.apply_filters()
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BulkDialog)
        assert "Bulk action on: dataset:billing-kb" in str(
            dialog.query_one(".dialog-title").render()
        )
        dialog.query_one("#bulk-action", Select).value = "tag"
        await settle(pilot)
        assert "tag needs a tag" in status_text(app)
        dialog.query_one("#bulk-argument", Input).focus()
        await pilot.press(*keys_for("topic"), "colon", *keys_for("install"), "enter")
        await settle(pilot)
        assert status_text(app).startswith(
            "tag topic:install: 5 items match the filter, 5 to change"
        )
        # someone saves q-003 after the count: the bulk action must leave it alone
        theirs = await repo.get("billing-kb", "q-003")
        theirs.comment = "bob's note"
        theirs.updated_by = "bob"
        await repo.upsert(theirs)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is explorer
        tagged = {i.id for i in await repo.list("billing-kb") if "topic:install" in i.manual_tags}
        assert tagged == {"q-001", "q-005", "q-007", "q-009"}
        assert (await repo.get("billing-kb", "q-003")).comment == "bob's note"
        assert any(
            "changed 4; left as they are (changed meanwhile): q-003; u undoes it" in n
            for n in notices(app)
        )
        await pilot.press("u")
        await settle(pilot)
        assert not [i for i in await repo.list("billing-kb") if "topic:install" in i.manual_tags]
        assert any("put back 4" in n for n in notices(app))


async def test_enter_only_counts_and_escape_leaves_without_writing():
    repo, app = await seeded_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen())
        await settle(pilot)
        explorer = app.screen
        explorer.query_one("#filter-status", Select).value = "draft"
        explorer.apply_filters()
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert status_text(app).startswith("skip: 9 items match the filter, 9 to change")
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert app.screen is explorer
        statuses = {i.status for d in ("support-faq", "billing-kb") for i in await repo.list(d)}
        assert GroundTruthStatus.skipped not in statuses
        await pilot.press("u")
        await settle(pilot)
        assert "No bulk action to undo here." in notices(app)


def test_bulk_dialog_with_its_count(snap_compare):
    async def build():
        repo = InMemoryGroundTruthRepo()
        await seed(repo, fixture_items())
        return repo

    repo = asyncio.run(build())
    app = make_app(make_services(repo), themes=load_themes(), theme="gt-dark")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(ExplorerScreen())
        await settle(pilot)
        explorer = pilot.app.screen
        explorer.query_one("#filter-dataset", Input).value = "billing-kb"
        explorer.apply_filters()
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        pilot.app.screen.query_one("#bulk-action", Select).value = "tag"
        pilot.app.screen.query_one("#bulk-argument", Input).value = "topic:install"
        await settle(pilot)
        pilot.app.screen.query_one("#bulk-dialog").focus()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
