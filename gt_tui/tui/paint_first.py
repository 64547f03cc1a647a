"""Paint first, connect after: `gt-tui` shows the last-known queue, then builds services.

cli.main takes this path when a last-known queue (gt_tui.tui.queue_snapshot) was written
under exactly this start's settings sources. The app starts at once with those rows and
the theme they were painted in; right after the first frame a worker builds Settings,
services, the demo seed and the themes (`connect`), and the queue replaces its rows with
the real ones. Nothing here, nor in what the first frame needs, imports pydantic,
gt_tui.config, gt_tui.bootstrap or gt_tui.services (tests/tui/test_paint_first.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from gt_tui.tui.gc_tuning import tune_gc_for_interaction
from gt_tui.tui.starting import Connection, PendingStart, StartFailure

if TYPE_CHECKING:
    from gt_tui.config import Settings
    from gt_tui.tui.app import GtTuiApp
    from gt_tui.tui.queue_snapshot import QueueSnapshot, SnapshotFile


TuiStart = tuple["Settings", bool, int]
"""Settings, demo, peers: what the usual start reads from argv and the environment."""


def pending_start(
    snapshot: QueueSnapshot,
    snapshot_file: SnapshotFile,
    read_settings: Callable[[], TuiStart],
    stack: contextlib.AsyncExitStack,
) -> PendingStart:
    """The pending start whose `connect` does what the usual start does before its app
    runs; what it opens (services, peers) is closed by `stack`."""

    async def connect() -> Connection:
        from gt_tui.tui.launch import connected, keeps_last_known_queue

        settings, demo, peers = read_settings()  # StartFailure for bad settings
        keymap: dict[str, str] = {}
        if settings.keymap is not None:
            from gt_tui.tui.app import GtTuiApp
            from gt_tui.tui.keymap import KeymapError, load_checked_keymap

            try:
                keymap = load_checked_keymap(settings.keymap, GtTuiApp)
            except KeymapError as exc:
                raise StartFailure(str(exc)) from None
        connection = await stack.enter_async_context(
            connected(settings, demo=demo, peers=peers, keymap=keymap)
        )
        if not keeps_last_known_queue(settings, snapshot_file):
            connection = dataclasses.replace(connection, keep_last_known=False)
        tune_gc_for_interaction()  # freeze what connecting built, too
        return connection

    return PendingStart(snapshot=snapshot, connect=connect, snapshot_file=snapshot_file)


async def _run(
    snapshot: QueueSnapshot, snapshot_file: SnapshotFile, read_settings: Callable[[], TuiStart]
) -> int:
    from gt_tui.tui.app import GtTuiApp

    async with contextlib.AsyncExitStack() as stack:
        app: GtTuiApp = GtTuiApp(
            starting=pending_start(snapshot, snapshot_file, read_settings, stack)
        )
        tune_gc_for_interaction()
        await app.run_async()
    if app.start_failure is not None:
        raise app.start_failure
    if app.start_error is not None:
        raise app.start_error
    return app.return_code or 0


def run_painted_first(
    snapshot: QueueSnapshot, snapshot_file: SnapshotFile, read_settings: Callable[[], TuiStart]
) -> int:
    """Run the TUI from the last-known queue. Raises StartFailure (after the app has left
    the terminal) when settings cannot start it, as the usual start would before it."""
    return asyncio.run(_run(snapshot, snapshot_file, read_settings))
