"""`gt-tui demo` wiring: seeded queue, shipped themes, theme choice persisted, peers stop."""

from __future__ import annotations

from textual.command import CommandPalette

from gt_tui.config import Settings
from gt_tui.tui.queue.screen import QueueScreen
from gt_tui.tui.start.launch import pick_theme, prepared_app
from gt_tui.tui.start.themes import ThemePreference
from tests.tui.fixtures import SIZE, clock, settle


async def test_demo_starts_with_my_queue_and_persists_the_theme_choice(tmp_path):
    settings = Settings(user_id="dana", state_dir=tmp_path, health_interval_s=3600)
    async with (
        prepared_app(settings, demo=True, peers=2, clock=clock) as app,
        app.run_test(size=SIZE) as pilot,
    ):
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert len(app.screen.items) == 6  # 5 RAG items and 1 agentic (GTC 2.x) one
        tags = app.services.tags
        assert tags.vocabulary.group("review") is not None  # the demo's vocabulary
        assert all(tags.problems(item.manual_tags) == [] for item in app.screen.items)
        assert app.theme == "gt-dark"
        assert {"gt-dark", "gt-light", "gt-high-contrast"} <= set(app.available_themes)
        assert ThemePreference(tmp_path).load() is None  # start-up is not a choice
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Theme" in titles and not any(t.startswith("Theme: ") for t in titles)
        await pilot.press("ctrl+p")  # Textual's own command palette binding
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        app.search_themes()  # Textual's theme picker, as the palette's "Theme" opens it
        await settle(pilot)
        for key in "gt-light":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "gt-light"
    assert ThemePreference(tmp_path).load() == "gt-light"


def test_explicit_theme_beats_the_saved_one(tmp_path):
    assert pick_theme(Settings(state_dir=tmp_path), "gt-light") == "gt-light"
    assert pick_theme(Settings(state_dir=tmp_path, theme="gt-high-contrast"), "gt-light") == (
        "gt-high-contrast"
    )
    assert pick_theme(Settings(state_dir=tmp_path), None) == "gt-dark"


async def test_a_last_known_queue_an_earlier_version_left_is_deleted_once(tmp_path):
    left = tmp_path / "last-queue.json"
    left.write_text('{"rows": ["question text an earlier version kept"]}')
    settings = Settings(user_id="dana", state_dir=tmp_path, health_interval_s=3600)
    async with prepared_app(settings, demo=True, clock=clock) as app:
        assert not left.exists()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
    assert not left.exists()  # never written again


async def test_the_queue_shows_loading_until_the_start_worker_has_built_services():
    import asyncio

    from textual.widgets import DataTable

    from gt_tui.repos.memory import InMemoryGroundTruthRepo
    from gt_tui.tui.start.app import GtTuiApp, Opening
    from tests.tui.fixtures import fixture_items, make_services, seed

    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    services = make_services(repo)
    gate = asyncio.Event()

    async def opened():
        await gate.wait()
        return services

    app = GtTuiApp(Opening(services.settings, opened), clock=clock, poll_health=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#queue-table", DataTable)
        assert table.loading and not app.services_ready
        assert app.screen.check_action("get_more", ()) is None  # greyed out, not dropped
        gate.set()
        await settle(pilot)
        assert app.services_ready and not table.loading
        assert table.row_count == 4
        assert app.screen.check_action("get_more", ()) is True


async def test_an_unknown_theme_falls_back_to_gt_dark_and_says_so(tmp_path):
    settings = Settings(user_id="dana", state_dir=tmp_path, theme="no-such-theme")
    async with (
        prepared_app(settings, demo=True, clock=clock) as app,
        app.run_test(size=SIZE) as pilot,
    ):
        await settle(pilot)
        assert app.theme == "gt-dark"
        assert any(
            "Theme 'no-such-theme' not found; using 'gt-dark'" in str(n.message)
            for n in app._notifications
        )
