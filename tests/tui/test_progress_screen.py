"""`p` from the queue: per-dataset bars, curators' week with sparklines, my pace."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Sparkline

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.progress.screen import BAR_WIDTH, ProgressScreen, status_bar
from tests.tui.datasets_fixtures import decisions_this_week
from tests.tui.fixtures import NOW, SIZE, fixture_items, make_app, make_services, seed, settle


async def test_p_opens_progress_with_bars_sparklines_and_pace():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items() + decisions_this_week())
    app = make_app(make_services(repo))
    app.workstation.started_at = NOW - timedelta(hours=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        progress = screen.progress
        assert progress.my_decisions == 3  # alice's three today within the 2 hours
        assert progress.pace_per_hour == 1.5
        rows = [str(w.render()) for w in screen.query(".dataset-row")]
        assert any("policy-docs" in r and "8/11 approved" in r and "deleted 1" in r for r in rows)
        assert any("support-faq" in r and "draft 4" in r for r in rows)
        sparks = list(screen.query(Sparkline))
        assert [list(s.data) for s in sparks] == [
            [1, 0, 0, 0, 4, 1, 3],
            [0, 0, 1, 0, 0, 1, 1],
        ]  # alice, bob
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProgressScreen)


def test_status_bar_fills_its_width_and_shows_every_nonzero_status():
    bar = status_bar({"approved": 1000, "draft": 1, "skipped": 0, "deleted": 2})
    assert isinstance(bar, Text) and len(bar.plain) == BAR_WIDTH
    assert bar.plain.count("▒") == 1 and bar.plain.count("░") == 1
    assert "▓" not in bar.plain
    assert status_bar({}).plain == "·" * BAR_WIDTH
