"""The curator workstation: a Textual app over gt_tui services (never repos).

One start path: the app is built from settings (or, in tests, from services built
already), composes the queue with its table in Textual's loading state, and a worker
started on mount builds the services; the queue loads once they are there.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker

from gt_tui.tui.context import OpenItems, OpenScreen, Workstation, notify_worker_error

if TYPE_CHECKING:
    from gt_tui.bootstrap import Services
    from gt_tui.config import Settings
    from gt_tui.domain.errors import GroundTruthError
    from gt_tui.services.browse import BrowseService
    from gt_tui.services.clock import Clock
    from gt_tui.services.health import HealthReport

log = logging.getLogger(__name__)

FAILURE_NOTICE_S = 12.0
"""Failure notices stay long enough to read a sentence about what was kept."""

FALLBACK_THEMES = {"gt-dark": "textual-dark", "gt-light": "textual-light"}


@dataclass(frozen=True)
class Opening:
    """Settings, and how the start worker gets services for them."""

    settings: Settings
    open: Callable[[], Awaitable[Services]]


class GtTuiApp(App[None]):
    """Queue → item detail → approve/skip/delete, with an explorer, help and health badge."""

    CSS_PATH = ["app.tcss", "../queue/queue.tcss"]
    """The queue's styles load with the app's: the first screen then needs no re-parse
    of the whole stylesheet (QueueScreen names the same file, so it is read once)."""
    TITLE = "gt-tui"

    BINDINGS = [
        Binding(
            "ctrl+e",
            "external_editor",
            "Editor",
            show=False,
            priority=True,
            id="app.external_editor",
        )
    ]

    health: reactive[HealthReport | None] = reactive(None, always_update=True)
    """The latest health report (None until the first check finishes)."""

    services_ready: reactive[bool] = reactive(False, bindings=True)
    """The start worker has built the services (the queue loads then)."""

    def __init__(
        self,
        services: Services | Opening,
        *,
        clock: Clock | None = None,
        demo: bool = False,
        themes: Iterable[Theme] = (),
        theme: str | None = None,
        on_theme_change: Callable[[str], None] | None = None,
        poll_health: bool = True,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._workstation: Workstation | None = None
        if not isinstance(services, Opening):  # tests: its state is readable before it runs
            self._workstation = self._state_for(services)
            services = _already_built(services)
        self._opening = services
        settings = services.settings
        self.user_id: str = settings.user_id
        self.demo = demo
        self.keymap: Mapping[str, str] = dict(keymap or {})
        """Binding id -> keys from GT_KEYMAP (checked by gt_tui.tui.start.keymap before start)."""
        if self.keymap:
            self.set_keymap(dict(self.keymap))
        self.start_error: BaseException | None = None
        """An unexpected error while building services, raised again after the app exits."""
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
        self._initial_theme = theme or settings.theme
        self._applied_theme = self.resolve_theme(self._initial_theme)
        # Set before the first stylesheet parse, so start-up parses the CSS once, with
        # this theme's variables, instead of again when on_mount would switch to it.
        self.theme = self._applied_theme
        if self.demo:
            self.sub_title = "demo"

    # -- state ------------------------------------------------------------------------------

    @property
    def workstation(self) -> Workstation:
        if self._workstation is None:
            raise RuntimeError("the workstation is not connected yet (services_ready is False)")
        return self._workstation

    @property
    def services(self) -> Services:
        return self.workstation.services

    @property
    def settings(self) -> Settings:
        return self.workstation.settings

    @property
    def browse(self) -> BrowseService:
        return self.workstation.browse

    def now(self):
        return self.workstation.now()

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
        from gt_tui.tui.queue.screen import QueueScreen

        return QueueScreen()

    def action_external_editor(self) -> None:
        """ctrl+e: the focused text field in $VISUAL / $EDITOR (widgets/external_edit.py)."""
        from gt_tui.tui.widgets.external_edit import edit_focused_field

        edit_focused_field(self)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._applied_theme != self._initial_theme:
            self.notify(
                f"Theme {self._initial_theme!r} not found; using {self._applied_theme!r}.",
                severity="warning",
                markup=False,
            )
        self._connect()

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _connect(self) -> None:
        """Build the services (imports, backend, demo seed) after the first frame."""
        try:
            services = await self._opening.open()
        except Exception as exc:  # noqa: BLE001 (raised again once the terminal is back)
            self.start_error = exc
            self.exit(return_code=1)
            return
        if self._workstation is None or self._workstation.services is not services:
            self._workstation = self._state_for(services)
        self.services_ready = True
        self.check_health()
        if self._poll_health:
            self.set_interval(services.settings.health_interval_s, self.check_health)

    def _state_for(self, services: Services) -> Workstation:
        from gt_tui.services.clock import system_clock
        from gt_tui.services.edit_journal import EditJournal

        clock = self._clock or system_clock
        return Workstation(
            services=services,
            clock=clock,
            started_at=clock(),
            journal=EditJournal(services.settings.edit_journal_path, clock=clock),
            report=self.report_failure,
        )

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

    # -- screens of the feature packages ---------------------------------------------------

    @on(OpenItems)
    def _open_items(self, message: OpenItems) -> None:
        from gt_tui.tui.item.screen import ItemDetailScreen

        message.stop()
        screen = ItemDetailScreen(message.items, message.index, source=message.source)
        self.push_screen(screen, message.done)

    @on(OpenScreen)
    def _open_screen(self, message: OpenScreen) -> None:
        message.stop()
        if message.name == "explorer":
            from gt_tui.tui.explorer.screen import ExplorerScreen

            self.push_screen(ExplorerScreen())
        elif message.name == "progress":
            from gt_tui.tui.progress.screen import ProgressScreen

            self.push_screen(ProgressScreen())
        else:
            raise ValueError(f"no screen named {message.name!r}")

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
        from gt_tui.tui.start.browser import open_in_browser

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
                    checked_at=self.now(),
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


def _already_built(services: Services) -> Opening:
    """Services built before the app (tests, benchmarks): the start worker just takes them."""

    async def given() -> Services:
        return services

    return Opening(services.settings, given)
