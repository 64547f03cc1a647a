"""The demo's agentic item in today's app: it opens from the queue, its instructions
show, and `a` approves it under GTC 2.x's gate."""

from __future__ import annotations

from datetime import UTC, datetime

from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.tui.start.launch import prepared_app
from tests.tui.fixtures import SIZE, open_first, settle


def clock() -> datetime:
    return datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def test_the_demo_agentic_item_opens_and_approves(tmp_path):
    settings = Settings(user_id="dana", state_dir=tmp_path, health_interval_s=3600)
    async with (
        prepared_app(settings, demo=True, clock=clock) as app,
        app.run_test(size=SIZE) as pilot,
    ):
        screen = await open_first(pilot, index=5)  # the sixth: at-001, assigned last
        assert screen.base.id == "at-001" and screen.base.is_agentic
        await pilot.press("i")  # the dataset's curation instructions
        await settle(pilot)
        if app.screen is not screen:
            await pilot.press("escape")
            await settle(pilot)
        assert app.screen is screen
        assert app.services.curation.approval_problems(screen.base) == []
        await pilot.press("a")
        await settle(pilot)
        stored = await app.services.repo.get("agent-traces", "at-001")
        assert stored.status == GroundTruthStatus.approved
        assert stored.expected_tools.names("required") == ["get_account", "billing-agent"]
