"""The health poll runs on its own, shows the outage with its reason, and picks up again."""

from __future__ import annotations

import random

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.widgets.health import HealthIndicator
from tests.tui.fixtures import SIZE, USER, clock, fixture_items, make_app, seed, settle


async def wait_until(pilot, condition, tries: int = 500) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def test_poll_shows_degraded_with_reason_then_recovers_and_reloads_the_queue():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    settings = Settings(backend="memory", user_id=USER, health_interval_s=0.05)
    app = make_app(services_for_repo(repo, settings, clock=clock, rng=random.Random(1)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        badge = app.screen.query_one(HealthIndicator)
        assert "ok" in str(badge.render())
        repo.available = False
        await wait_until(pilot, lambda: app.health is not None and not app.health.ok)
        await pilot.pause()
        shown = str(badge.render())
        assert "degraded" in shown and "simulated outage" in shown
        assert badge.has_class("-degraded")
        await pilot.press("r")  # an action while degraded: a notice, no crash
        await settle(pilot)
        assert app.is_running
        # Meanwhile another item lands in my queue; recovery reloads it.
        extra = await _assign_directly(repo)
        repo.available = True
        await wait_until(pilot, lambda: app.health.ok)
        await settle(pilot)
        assert "ok" in str(badge.render())
        assert extra in [item.id for item in app.screen.items]


async def _assign_directly(repo: InMemoryGroundTruthRepo) -> str:
    repo.available = True
    item = await repo.get("support-faq", "q-004")
    item.assigned_to = USER
    item.assigned_at = clock()
    await repo.upsert(item)
    repo.available = False
    return item.id
