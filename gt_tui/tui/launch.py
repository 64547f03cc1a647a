"""Start the curator workstation: build services, seed the demo, themes, peers, run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Mapping

from gt_tui.config import Settings
from gt_tui.services.clock import Clock, system_clock
from gt_tui.tui.gc_tuning import tune_gc_for_interaction
from gt_tui.tui.queue_snapshot import SnapshotFile
from gt_tui.tui.starting import Connection

__all__ = [
    "connected",
    "pick_theme",
    "prepared_app",
    "run_tui",
    "run_tui_async",
    "tune_gc_for_interaction",
]

log = logging.getLogger(__name__)

PEER_SEED = 7


def pick_theme(settings: Settings, saved: str | None) -> str:
    """An explicit --theme / GT_THEME wins; else the saved choice; else the default."""
    if "theme" in settings.model_fields_set or not saved:
        return settings.theme
    return saved


@contextlib.asynccontextmanager
async def connected(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    clock: Clock | None = None,
    keymap: Mapping[str, str] | None = None,
) -> AsyncIterator[Connection]:
    """Services (demo: a seeded memory backend, optional peers), themes and the theme
    choice; closed (peers stopped, services closed) on leaving."""
    from gt_tui.bootstrap import build_services
    from gt_tui.tui.themes import ThemePreference, load_themes

    clock = clock or system_clock
    if demo:
        from gt_tui.demo import DEMO_TAGS_FILE

        demo_settings: dict[str, object] = {"backend": "memory"}
        if "tags_file" not in settings.model_fields_set:
            demo_settings["tags_file"] = DEMO_TAGS_FILE
        settings = settings.model_copy(update=demo_settings)
    services = await build_services(settings, clock=clock)
    peer_task: asyncio.Task[None] | None = None
    try:
        if demo:
            from gt_tui.demo.dataset import seed_demo

            await seed_demo(services.repo, settings.user_id, clock())
            if peers > 0:
                from gt_tui.demo.peers import PeerSimulator, peer_ids_for

                simulator = PeerSimulator(
                    services, peer_ids_for(settings.user_id, peers), random.Random(PEER_SEED)
                )
                peer_task = asyncio.get_running_loop().create_task(simulator.run())
        preference = ThemePreference(settings.state_dir)
        yield Connection(
            services=services,
            themes=load_themes(report=log.warning),
            theme=pick_theme(settings, preference.load()),
            on_theme_change=preference.save,
            keymap=dict(keymap or {}),
        )
    finally:
        if peer_task is not None:
            peer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await peer_task
        await services.close()


@contextlib.asynccontextmanager
async def prepared_app(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    clock: Clock | None = None,
    keymap: Mapping[str, str] | None = None,
    snapshot_file: SnapshotFile | None = None,
) -> AsyncIterator:
    """The app wired to its services (demo: seeded memory backend, optional peers)."""
    from gt_tui.tui.app import GtTuiApp

    clock = clock or system_clock
    async with connected(settings, demo=demo, peers=peers, clock=clock, keymap=keymap) as c:
        yield GtTuiApp(
            c.services,
            clock=clock,
            demo=demo,
            themes=c.themes,
            theme=c.theme,
            on_theme_change=c.on_theme_change,
            keymap=c.keymap,
            snapshot_file=snapshot_file,
        )


async def run_tui_async(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    keymap: Mapping[str, str] | None = None,
    snapshot_file: SnapshotFile | None = None,
) -> int:
    async with prepared_app(
        settings, demo=demo, peers=peers, keymap=keymap, snapshot_file=snapshot_file
    ) as app:
        tune_gc_for_interaction()
        await app.run_async()
        return app.return_code or 0


def keeps_last_known_queue(settings: Settings, snapshot_file: SnapshotFile | None) -> bool:
    """A start keeps the queue for the next one's first frame only where that start
    looks (GT_STATE_DIR from the environment or the default), and never with GT_KEYMAP
    (a keymap start always takes the usual path)."""
    return (
        snapshot_file is not None
        and settings.keymap is None
        and settings.state_dir == snapshot_file.path.parent
    )


def run_tui(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    snapshot_file: SnapshotFile | None = None,
) -> int:
    """Raises KeymapError (before anything starts) for a GT_KEYMAP that cannot apply."""
    keymap: dict[str, str] = {}
    if settings.keymap is not None:
        from gt_tui.tui.app import GtTuiApp
        from gt_tui.tui.keymap import load_checked_keymap

        keymap = load_checked_keymap(settings.keymap, GtTuiApp)
    if not keeps_last_known_queue(settings, snapshot_file):
        snapshot_file = None
    return asyncio.run(
        run_tui_async(settings, demo=demo, peers=peers, keymap=keymap, snapshot_file=snapshot_file)
    )
