"""The curator workstation: a Textual app over gt_tui services (never repos)."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker

from gt_tui.tui.context import notify_worker_error
from gt_tui.tui.starting import Connection, PendingStart, StartFailure

if TYPE_CHECKING:  # imported at run time only once services exist (paint-first start)
    from gt_tui.bootstrap import Services
    from gt_tui.config import Settings
    from gt_tui.domain.errors import GroundTruthError
    from gt_tui.services.browse import BrowseService
    from gt_tui.services.clock import Clock
    from gt_tui.services.health import HealthReport
    from gt_tui.tui.queue_snapshot import SnapshotFile

log = logging.getLogger(__name__)

FAILURE_NOTICE_S = 12.0
"""Failure notices stay long enough to read a sentence about what was kept."""

FALLBACK_THEMES = {"gt-dark": "textual-dark", "gt-light": "textual-light"}

CONNECT_DELAY_S = 0.05
"""A paint-first start connects this long after its first frame: the frame reaches the
terminal and the first keys are handled before connecting holds the event loop for the
imports of pydantic, settings and services (~100-150 ms of CPU). Keep it above 0: with
set_timer(0.0) the connect never ran (Textual 8.2.8) and the queue stayed "connecting…"."""


def _utc_now() -> datetime:
    """services.clock.system_clock's time, without importing services before the first frame."""
    return datetime.now(UTC)


class GtTuiApp(App[None]):
    """Queue → item detail → approve/skip/delete, with an explorer, help and health badge."""

    CSS_PATH = ["app.tcss", "screens/queue.tcss"]
    """The queue's styles load with the app's: the first screen then needs no re-parse
    of the whole stylesheet (QueueScreen names the same file, so it is read once)."""
    TITLE = "gt-tui"

    health: reactive[HealthReport | None] = reactive(None, always_update=True)
    """The latest health report (None until the first check finishes)."""

    services_ready: reactive[bool] = reactive(False, bindings=True)
    """Services exist (always, except while a paint-first start is connecting)."""

    def __init__(
        self,
        services: Services | None = None,
        *,
        starting: PendingStart | None = None,
        snapshot_file: SnapshotFile | None = None,
        clock: Clock | None = None,
        demo: bool = False,
        themes: Iterable[Theme] = (),
        theme: str | None = None,
        on_theme_change: Callable[[str], None] | None = None,
        poll_health: bool = True,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        if (services is None) == (starting is None):
            raise ValueError("GtTuiApp needs services or a pending start (not both)")
        self.keymap: dict[str, str] = dict(keymap or {})
        """Binding id -> keys from GT_KEYMAP (checked by gt_tui.tui.keymap before start)."""
        if self.keymap:
            self.set_keymap(self.keymap)
        self.starting = starting
        self.snapshot_file = snapshot_file or (starting.snapshot_file if starting else None)
        """Where the queue keeps its last-known rows (None: not kept, as in tests)."""
        self.start_failure: StartFailure | None = None
        """Why a paint-first start could not connect (printed after the app exits)."""
        self.start_error: BaseException | None = None
        """An unexpected error while connecting, raised again after the app exits."""
        self.services: Services
        self.settings: Settings
        self.browse: BrowseService
        self.clock: Clock = clock or _utc_now
        self.started_at = self.clock()
        """When the app started (the progress screen's pace counts from here)."""
        self.demo = demo
        self._poll_health = poll_health
        self._health_running = False
        self._on_theme_change = on_theme_change
        self._key_screens: weakref.WeakKeyDictionary[events.Key, Screen] = (
            weakref.WeakKeyDictionary()
        )
        """Which screen each key was sent to (keys handled on the way are forgotten)."""
        self._late_keys: list[events.Key] = []
        for custom in themes:  # Textual's theme picker (ctrl+p, "Theme") lists them
            self.register_theme(custom)
        if starting is not None:
            snapshot = starting.snapshot
            self.user_id = snapshot.user_id
            self.demo = snapshot.demo
            if snapshot.theme.name not in self.available_themes:
                self.register_theme(snapshot.theme)
            self._initial_theme = theme or snapshot.theme.name
        else:
            assert services is not None
            self._use_services(services)
            self.set_reactive(GtTuiApp.services_ready, True)
            self._initial_theme = theme or services.settings.theme
        self._applied_theme = self.resolve_theme(self._initial_theme)
        # Set before the first stylesheet parse, so start-up parses the CSS once, with
        # this theme's variables, instead of again when on_mount would switch to it.
        self.theme = self._applied_theme
        if self.demo:
            self.sub_title = "demo"

    def _use_services(self, services: Services) -> None:
        self.services = services
        self.settings = services.settings
        self.user_id = services.settings.user_id
        self.browse = services.browse

    # -- start-up -----------------------------------------------------------------------

    def resolve_theme(self, name: str) -> str:
        """The registered theme for `name`; an unknown one falls back to gt-dark, and a
        shipped one that did not load to Textual's built-in of its kind."""
        if name in self.available_themes:
            return name
        for fallback in (FALLBACK_THEMES.get(name), "gt-dark", "textual-dark"):
            if fallback is not None and fallback in self.available_themes:
                return fallback
        return "textual-dark"

    def get_default_screen(self) -> Screen:
        """The queue is the first screen itself (not pushed over an empty default one):
        start-up then composes, styles and paints one screen, not two."""
        from gt_tui.tui.screens.queue import QueueScreen

        return QueueScreen(last_known=self.starting.snapshot if self.starting else None)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.starting is not None:
            return  # the queue connects once its last-known rows are painted
        self._warn_missing_theme()
        self._services_ready()

    def _warn_missing_theme(self) -> None:
        if self._applied_theme != self._initial_theme:
            self.notify(
                f"Theme {self._initial_theme!r} not found; using {self._applied_theme!r}.",
                severity="warning",
                markup=False,
            )

    def _services_ready(self) -> None:
        self.services_ready = True
        self.check_health()
        if self._poll_health:
            self.set_interval(self.settings.health_interval_s, self.check_health)

    # -- paint-first start: connect after the first frame ---------------------------------

    def connect_after_first_frame(self) -> None:
        """Called by the queue once the last-known rows are painted."""
        if self.starting is not None and not self.services_ready:
            self.set_timer(CONNECT_DELAY_S, self._connect)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _connect(self) -> None:
        assert self.starting is not None
        try:
            connection = await self.starting.connect()
        except StartFailure as failure:
            self.start_failure = failure
            self.exit(return_code=failure.exit_code)
            return
        except Exception as exc:  # noqa: BLE001 (raised again once the terminal is back)
            self.start_error = exc
            self.exit(return_code=1)
            return
        self._connected(connection)

    def _connected(self, connection: Connection) -> None:
        self._use_services(connection.services)
        if not connection.keep_last_known:
            self.snapshot_file = None
        if connection.keymap:
            self.keymap = dict(connection.keymap)
            self.set_keymap(self.keymap)
        self._on_theme_change = connection.on_theme_change
        shown = self.current_theme
        for custom in connection.themes:
            self.register_theme(custom)
        self._initial_theme = connection.theme or self.settings.theme
        applied = self.resolve_theme(self._initial_theme)
        if applied != self._applied_theme:
            self._applied_theme = applied
            self.theme = applied
        elif self.current_theme != shown:  # the theme file changed since the snapshot
            self._invalidate_css()
            self.call_next(self.refresh_css)
        self._warn_missing_theme()
        self._services_ready()

    def _theme_changed(self, theme: Theme) -> None:
        """Persist a theme the curator picked (not the one applied at start-up)."""
        if theme.name == self._applied_theme:
            return
        self._applied_theme = theme.name
        if self._on_theme_change is not None:
            try:
                self._on_theme_change(theme.name)
            except OSError as exc:
                self.notify(f"could not save the theme choice: {exc}", markup=False)
        self._keep_last_known_queue()  # so the next start paints in this theme

    def _keep_last_known_queue(self) -> None:
        from gt_tui.tui.screens.queue import QueueScreen

        queue = self.screen_stack[0] if self.screen_stack else None
        if isinstance(queue, QueueScreen):
            queue.keep_last_known()

    # -- health ---------------------------------------------------------------------------

    # -- keys typed faster than a frame ----------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._key_screens[event] = self.screen  # where it was sent to
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key bubbles up here unhandled. If a screen was pushed (`+`, `t`) after it was
        sent to a widget of the screen below, it belongs to the new screen: a paste or a
        scripted terminal sends every key before one frame shows the form. Such keys are
        handed, in order, to what has focus once the new screen is up."""
        sent_to = self._key_screens.pop(event, None)
        if sent_to is not None and sent_to is not self.screen and sent_to in self.screen_stack:
            event.prevent_default()  # not App._on_key: the screen below would not get it
            event.stop()
            self._late_keys.append(events.Key(event.key, event.character))
            if len(self._late_keys) == 1:
                self.call_after_refresh(self._hand_over_late_keys)
        # otherwise App._on_key (the base class handler) runs next, as usual

    def _hand_over_late_keys(self) -> None:
        keys, self._late_keys = self._late_keys, []
        for key in keys:
            (self.focused or self.screen)._forward_event(key)

    def open_url(self, url: str, *, new_tab: bool = True) -> bool:  # type: ignore[override]
        """Open `url` in a browser; False when none could be opened (tui/browser.py)."""
        from gt_tui.tui.browser import open_in_browser

        return open_in_browser(self._driver, url, new_tab=new_tab)

    def check_health(self) -> None:
        """Start one health check in a worker unless one is already running."""
        if self._health_running:
            return
        self._health_running = True
        self._check_health()

    @work(group="health", exit_on_error=False)
    async def _check_health(self) -> None:
        try:
            report = await self.services.health.check()
        finally:
            self._health_running = False
        self.set_health(report)

    def set_health(self, report: HealthReport) -> None:
        previous = self.health
        self.health = report
        if report.ok and previous is not None and not previous.ok:
            self.notify("Backend is back; you can carry on.", title="Health ok", markup=False)

    def now(self) -> datetime:
        return self.clock()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_worker_error(self, event.worker, event.state)

    # -- failures ---------------------------------------------------------------------------

    def report_failure(self, exc: GroundTruthError, doing: str) -> None:
        """Show a clear notice for a failed action; never a traceback."""
        from gt_tui.domain.errors import BackendUnavailableError, BackendUnusableError
        from gt_tui.services.health import HealthReport

        if isinstance(exc, BackendUnavailableError):
            self.set_health(
                HealthReport(
                    status="degraded",
                    backend=self.health.backend if self.health else self.settings.backend,
                    detail=str(exc) or "backend unavailable",
                    checked_at=self.clock(),
                )
            )
            advice = (
                "Retrying will not help: fix the file or setting named, then restart."
                if isinstance(exc, BackendUnusableError)
                else "try again when health is ok."
            )
            self.notify(
                f"Could not {doing}: the backend is unavailable ({exc}). "
                f"Nothing was lost: your edits stay on screen; {advice}",
                title="Backend degraded",
                severity="error",
                timeout=FAILURE_NOTICE_S,
                markup=False,
            )
            return
        self.notify(
            f"Could not {doing}: {exc}", severity="error", timeout=FAILURE_NOTICE_S, markup=False
        )
