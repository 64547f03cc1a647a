"""Backend health as a value the TUI and `gt-tui healthz` can show; never raises."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock


class HealthReport(BaseModel):
    status: Literal["ok", "degraded"]
    backend: str
    detail: str
    checked_at: datetime

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class HealthService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        backend: str,
        clock: Clock | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        self._repo = repo
        self._backend = backend
        self._clock = clock or system_clock
        self._timeout_s = timeout_s
        self.last: HealthReport | None = None

    async def check(self) -> HealthReport:
        try:
            await asyncio.wait_for(self._repo.health(), timeout=self._timeout_s)
        except TimeoutError:
            report = self._report("degraded", f"health check timed out after {self._timeout_s:g}s")
        except Exception as exc:  # noqa: BLE001 - health must never raise
            report = self._report("degraded", str(exc) or type(exc).__name__)
        else:
            report = self._report("ok", "backend reachable")
        self.last = report
        return report

    def _report(self, status: Literal["ok", "degraded"], detail: str) -> HealthReport:
        return HealthReport(
            status=status, backend=self._backend, detail=detail, checked_at=self._clock()
        )
