"""Start the curator workstation: build services, seed the demo, themes, peers, run."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import random
from collections.abc import AsyncIterator, Mapping

from gt_tui.config import Settings
from gt_tui.services.clock import Clock, system_clock

log = logging.getLogger(__name__)

PEER_SEED = 7

GC_THRESHOLDS = (10_000, 20, 20)
"""Fewer, smaller collections while curating: with Python's defaults (700, 10, 10) a
full collection over Textual's widget tree lands every few approvals and doubled the
p95 of approve-to-next (tests/benchmarks/bench_tui.py)."""


def tune_gc_for_interaction() -> None:
    """Freeze what start-up built (modules, services, seeded data) so collections skip
    it, collect less often, and turn the collector back on (`gt-tui` starts with it off,
    see cli.main). Called once, right before the app runs.

    No full collection first: start-up leaves well under a thousand unreachable objects,
    and collecting them cost a visible slice of the time to the first frame.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def pick_theme(settings: Settings, saved: str | None) -> str:
    """An explicit --theme / GT_THEME wins; else the saved choice; else the default."""
    if "theme" in settings.model_fields_set or not saved:
        return settings.theme
    return saved


@contextlib.asynccontextmanager
async def prepared_app(
    settings: Settings,
    *,
    demo: bool = False,
    peers: int = 0,
    clock: Clock | None = None,
    keymap: Mapping[str, str] | None = None,
) -> AsyncIterator:
    """The app wired to its services (demo: seeded memory backend, optional peers)."""
    from gt_tui.bootstrap import build_services
    from gt_tui.tui.app import GtTuiApp
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
        yield GtTuiApp(
            services,
            clock=clock,
            demo=demo,
            themes=load_themes(report=log.warning),
            theme=pick_theme(settings, preference.load()),
            on_theme_change=preference.save,
            keymap=keymap,
        )
    finally:
        if peer_task is not None:
            peer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await peer_task
        await services.close()


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
        return app.return_code or 0


def run_tui(settings: Settings, *, demo: bool = False, peers: int = 0) -> int:
    """Raises KeymapError (before anything starts) for a GT_KEYMAP that cannot apply."""
    keymap: dict[str, str] = {}
    if settings.keymap is not None:
        from gt_tui.tui.app import GtTuiApp
        from gt_tui.tui.keymap import load_checked_keymap

        keymap = load_checked_keymap(settings.keymap, GtTuiApp)
    return asyncio.run(run_tui_async(settings, demo=demo, peers=peers, keymap=keymap))
