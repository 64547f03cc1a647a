"""The app's state in one typed place, and what screens need from the app.

`Workstation` holds everything a screen reads once services exist: services, settings,
the edit journal, the clock and the explorer's kept filters. The app (gt_tui.tui.start)
builds it in its start worker; screens reach it with `workstation(node)` and the app's
own few attributes (who is curating, the keymap, health) with `app_of(node)`. No screen
imports the app or another feature package: they ask the app to open a screen with the
`Open*` messages below, which bubble from any screen to the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from gt_tui.bootstrap import Services
    from gt_tui.config import Settings
    from gt_tui.domain.errors import GroundTruthError
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.services.browse import BrowseService
    from gt_tui.services.clock import Clock
    from gt_tui.services.edit_journal import EditJournal
    from gt_tui.services.health import HealthReport
    from gt_tui.services.item_filter import ItemFilter

log = logging.getLogger(__name__)

DEFAULT_SORT = "id:asc"


@dataclass(frozen=True)
class ExplorerState:
    """The explorer's filters (as typed), sort and highlighted row, kept while the app runs."""

    filter: ItemFilter
    sort: str = DEFAULT_SORT
    warnings_only: bool = False
    row: int = 0


@dataclass(eq=False)
class Workstation:
    """Services and what the screens share, built once the app has connected."""

    services: Services
    clock: Clock
    started_at: datetime
    """When the app started (the progress screen's pace counts from here)."""
    journal: EditJournal
    """Unsaved edits, journaled locally (GT_EDIT_JOURNAL_PATH)."""
    report: Callable[[GroundTruthError, str], None]
    explorer: ExplorerState | None = None
    """The explorer's filters and row from its last visit (None: not visited yet)."""

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def user_id(self) -> str:
        return self.services.settings.user_id

    @property
    def browse(self) -> BrowseService:
        return self.services.browse

    def now(self) -> datetime:
        return self.clock()

    def report_failure(self, exc: GroundTruthError, doing: str) -> None:
        """A clear notice for a failed action; never a traceback."""
        self.report(exc, doing)


class WorkstationApp(Protocol):
    """The app as screens and widgets see it (GtTuiApp satisfies it)."""

    user_id: str
    demo: bool
    keymap: Mapping[str, str]
    health: HealthReport | None
    services_ready: bool

    @property
    def workstation(self) -> Workstation: ...


def app_of(node: DOMNode) -> WorkstationApp:
    return cast("WorkstationApp", node.app)


def workstation(node: DOMNode) -> Workstation:
    """The app's state (only once services exist: screens that need it open after that)."""
    return app_of(node).workstation


# -- opening screens of another feature package ------------------------------------------


class OpenItems(Message):
    """Open the item screen on `items` at `index`; `done` gets the versions it wrote."""

    def __init__(
        self,
        items: list[GroundTruthItem],
        index: int = 0,
        *,
        source: str = "queue",
        done: Callable[[list[GroundTruthItem] | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.items = items
        self.index = index
        self.source = source
        self.done = done


class OpenScreen(Message):
    """Open one of the app's named screens ("explorer", "progress")."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


# -- worker errors ---------------------------------------------------------------------------


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


ScreenResultT = TypeVar("ScreenResultT")


class WorkstationScreen(Screen[ScreenResultT]):
    """A screen of the workstation: its workers' unexpected errors become notices.

    A Screen subclass, not a mixin: Textual collects CSS type names and DEFAULT_CSS along
    the first base only, so every screen deriving from it gets Screen's CSS (background).
    Worker.StateChanged does not bubble, hence a handler on each screen.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_worker_error(self, event.worker, event.state)
