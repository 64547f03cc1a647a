"""Start the curator workstation: build services, seed the demo, theme, peers, run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

from gt_tui.config import Settings

log = logging.getLogger(__name__)

PEER_SEED = 7


def _load_themes() -> list:
    try:
        from gt_tui.tui.themes import load_themes
    except ImportError:  # themes module not shipped: Textual's built-ins are used instead
        return []
    return load_themes()


def _theme_preference(settings: Settings):
    try:
        from gt_tui.tui.themes import ThemePreference
    except ImportError:
        return None
    return ThemePreference(settings.state_dir)


def pick_theme(settings: Settings, saved: str | None) -> str:
    """An explicit --theme / GT_THEME wins; else the saved choice; else the default."""
    if "theme" in settings.model_fields_set or not saved:
        return settings.theme
    return saved


async def run_tui_async(settings: Settings, *, demo: bool = False, peers: int = 0) -> int:
    from gt_tui.bootstrap import build_services
    from gt_tui.tui.app import GtTuiApp

    if demo:
        settings = settings.model_copy(update={"backend": "memory"})
    services = await build_services(settings)
    peer_task: asyncio.Task[None] | None = None
    try:
        if demo:
            from gt_tui.demo.dataset import seed_demo
            from gt_tui.services.clock import system_clock

            await seed_demo(services.repo, settings.user_id, system_clock())
            if peers > 0:
                from gt_tui.demo.peers import PeerSimulator

                simulator = PeerSimulator(
                    services,
                    [f"peer-{n}" for n in range(1, peers + 1)],
                    random.Random(PEER_SEED),
                )
                peer_task = asyncio.get_running_loop().create_task(simulator.run())
        preference = _theme_preference(settings)
        saved = None
        if preference is not None:
            try:
                saved = preference.load()
            except OSError as exc:
                log.warning("could not read the saved theme: %s", exc)
        app = GtTuiApp(
            services,
            demo=demo,
            themes=_load_themes(),
            theme=pick_theme(settings, saved),
            on_theme_change=preference.save if preference is not None else None,
        )
        await app.run_async()
        return app.return_code or 0
    finally:
        if peer_task is not None:
            peer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await peer_task
        await services.close()


def run_tui(settings: Settings, *, demo: bool = False, peers: int = 0) -> int:
    return asyncio.run(run_tui_async(settings, demo=demo, peers=peers))
