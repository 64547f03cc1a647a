"""HealthService turns every backend failure into a degraded report; it never raises."""

from __future__ import annotations

import asyncio

import pytest

from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.health import HealthService
from tests.integration.services.helpers import FIXED_NOW, fixed_clock


async def test_a_working_backend_is_ok(repo, backend_name):
    service = HealthService(repo, backend=backend_name, clock=fixed_clock)
    report = await service.check()
    assert report.ok and report.status == "ok"
    assert report.backend == backend_name
    assert report.checked_at == FIXED_NOW
    assert service.last == report


class FailingRepo:
    def __init__(self, error: BaseException | None = None, hang: bool = False) -> None:
        self.error, self.hang = error, hang

    async def health(self) -> None:
        if self.hang:
            await asyncio.Event().wait()
        raise self.error


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (BackendUnavailableError("database file is locked"), "database file is locked"),
        (RuntimeError("boom"), "boom"),
        (OSError(), "OSError"),  # no message: the type names the problem
    ],
)
async def test_a_failing_backend_is_degraded_with_the_reason(error, detail):
    report = await HealthService(FailingRepo(error), backend="sqlite", clock=fixed_clock).check()
    assert report.status == "degraded" and not report.ok
    assert report.detail == detail
    assert report.checked_at == FIXED_NOW


async def test_a_hanging_backend_times_out_as_degraded():
    service = HealthService(FailingRepo(hang=True), backend="cosmos", timeout_s=0.01)
    report = await service.check()
    assert report.status == "degraded"
    assert "timed out" in report.detail


async def test_health_follows_the_backend_down_and_up_again():
    repo = InMemoryGroundTruthRepo()
    service = HealthService(repo, backend="memory")
    repo.available = False
    assert (await service.check()).status == "degraded"
    repo.available = True
    assert (await service.check()).status == "ok"
