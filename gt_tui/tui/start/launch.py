"""Start the curator workstation: settings in, app built, services opened in its worker.

The one start path: the CLI parses arguments and settings, `run_tui` checks the keymap,
loads the themes and the theme choice and builds the app; the app paints the queue in its
loading state and its start worker calls `open_services` (the backend, the demo seed, the
peers), whose resources close when the app has exited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from gt_tui.config import Settings
from gt_tui.tui.gc_tuning import tune_gc_for_interaction

if TYPE_CHECKING:
    from gt_tui.bootstrap import Services
    from gt_tui.services.clock import Clock
    from gt_tui.tui.start.app import GtTuiApp

__all__ = [
    "forget_last_known_queue",
    "open_services",
    "pick_theme",
    "prepared_app",
    "run_tui",
    "run_tui_async",
    "tune_gc_for_interaction",
]

log = logging.getLogger(__name__)

PEER_SEED = 7
LAST_QUEUE_FILE = "last-queue.json"
"""What an earlier version kept of the queue in the state dir (item text): removed."""


def pick_theme(settings: Settings, saved: str | None) -> str:
    """An explicit --theme / GT_THEME wins; else the saved choice; else the default."""
    if "theme" in settings.model_fields_set or not saved:
        return settings.theme
    return saved


def forget_last_known_queue(state_dir: Path) -> None:
    """Delete the last-known queue an earlier version left in the state dir (once: it
    is never written again)."""
    try:
        (state_dir / LAST_QUEUE_FILE).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", state_dir / LAST_QUEUE_FILE, exc)


def demo_settings(settings: Settings) -> Settings:
    """The demo runs on a memory backend with the demo's tag vocabulary (unless given)."""
    from gt_tui.demo import DEMO_TAGS_FILE

    update: dict[str, object] = {"backend": "memory"}
    if "tags_file" not in settings.model_fields_set:
        update["tags_file"] = DEMO_TAGS_FILE
    return settings.model_copy(update=update)


async def open_services(
    settings: Settings,
    stack: contextlib.AsyncExitStack,
    *,
    demo: bool = False,
    peers: int = 0,
    clock: Clock | None = None,
) -> Services:
    """Services (demo: seeded, optional peers), closed by `stack` (peers stopped first)."""
    from gt_tui.bootstrap import build_services, services_for_repo
    from gt_tui.services.clock import system_clock

    clock = clock or system_clock
    if demo:  # a store of its own, filled in one bulk insert (a memory store is never down)
        from gt_tui.demo.dataset import new_demo_store

        store = await new_demo_store(settings.user_id, clock())
        services = services_for_repo(store, settings, clock=clock)
    else:
        services = await build_services(settings, clock=clock)
    stack.push_async_callback(services.close)
    if demo and peers > 0:
        from gt_tui.demo.peers import PeerSimulator, peer_ids_for

        simulator = PeerSimulator(
            services, peer_ids_for(settings.user_id, peers), random.Random(PEER_SEED)
        )
        task = asyncio.get_running_loop().create_task(simulator.run())

        async def stop_peers() -> None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        stack.push_async_callback(stop_peers)
    return services


@contextlib.asynccontextmanager
async def prepared_app(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    clock: Clock | None = None,
    keymap: Mapping[str, str] | None = None,
) -> AsyncIterator[GtTuiApp]:
    """The app for these settings; what its start worker opens closes on leaving."""
    from gt_tui.tui.start.app import GtTuiApp, Opening
    from gt_tui.tui.start.themes import ThemePreference, load_themes

    if demo:
        settings = demo_settings(settings)
    forget_last_known_queue(settings.state_dir)
    preference = ThemePreference(settings.state_dir)
    async with contextlib.AsyncExitStack() as stack:

        async def opened() -> Services:
            return await open_services(settings, stack, demo=demo, peers=peers, clock=clock)

        yield GtTuiApp(
            Opening(settings, opened),
            clock=clock,
            demo=demo,
            themes=load_themes(report=log.warning),
            theme=pick_theme(settings, preference.load()),
            on_theme_change=preference.save,
            keymap=keymap,
        )


async def run_tui_async(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    keymap: Mapping[str, str] | None = None,
) -> int:
    async with prepared_app(settings, demo=demo, peers=peers, keymap=keymap) as app:
        tune_gc_for_interaction()
        await app.run_async()
    if app.start_error is not None:
        raise app.start_error
    return app.return_code or 0


def run_tui(settings: Settings, *, demo: bool = False, peers: int = 0) -> int:
    """Raises KeymapError (before anything starts) for a GT_KEYMAP that cannot apply."""
    keymap: dict[str, str] = {}
    if settings.keymap is not None:
        from gt_tui.tui.start.app import GtTuiApp
        from gt_tui.tui.start.keymap import load_checked_keymap

        keymap = load_checked_keymap(settings.keymap, GtTuiApp)
    return asyncio.run(run_tui_async(settings, demo=demo, peers=peers, keymap=keymap))
