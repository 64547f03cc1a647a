"""What screens need from the app, as a small typed protocol (no screen imports the app).

GtTuiApp satisfies `Workstation`; screens reach it through `workstation(node)`, so the
app imports screens and screens import only this module, not the app.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from gt_tui.domain.errors import GroundTruthError

if TYPE_CHECKING:
    from gt_tui.bootstrap import Services
    from gt_tui.config import Settings
    from gt_tui.services.browse import BrowseService

log = logging.getLogger(__name__)


class Workstation(Protocol):
    """The app as the screens see it: services, who is curating, the clock, and failures."""

    services: Services
    settings: Settings
    user_id: str
    browse: BrowseService
    started_at: datetime

    def now(self) -> datetime: ...

    def report_failure(self, exc: GroundTruthError, doing: str) -> None: ...


def workstation(node: DOMNode) -> Workstation:
    return cast("Workstation", node.app)


def notify_worker_error(node: DOMNode, worker: Worker, state: WorkerState) -> None:
    """The one place an unexpected worker error becomes a notice (never a crash, never lost).

    Expected failures (GroundTruthError) are handled inside the workers; anything reaching
    here is a bug, shown as a notice and logged with its traceback.
    """
    if state != WorkerState.ERROR or worker.error is None:
        return
    exc = worker.error
    log.error("unexpected error in %s", worker.group, exc_info=exc)
    node.app.notify(
        f"Unexpected error ({type(exc).__name__}): {exc}", severity="error", markup=False
    )


class WorkerErrorNotices:
    """Mixin for screens: their workers' unexpected errors become notices."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_worker_error(self, event.worker, event.state)  # type: ignore[arg-type]
