"""Run the app headless on a SQLite file, type an unsaved answer, then wait to be killed.

Used by test_edit_journal_flows.py: `python -m tests.tui.journal_driver DB JOURNAL`.
Prints JOURNALED once the journal file holds the edit, then sleeps (the test SIGKILLs it).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from gt_tui.bootstrap import build_services
from gt_tui.config import Settings
from gt_tui.services.edit_journal import EditJournal
from gt_tui.tui.start.app import GtTuiApp

TYPED = "Typed before the crash."


async def main(db: Path, journal_path: Path) -> None:
    settings = Settings(
        backend="sqlite",
        sqlite_path=db,
        user_id="alice",
        edit_journal_path=journal_path,
        health_interval_s=3600,
    )
    services = await build_services(settings)
    app = GtTuiApp(services, poll_health=False)
    journal = EditJournal(journal_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one("#answer").focus()
        await pilot.press(*TYPED)
        for _ in range(200):
            await pilot.pause(0.05)
            entry = journal.find("alice", "ds", "q-1")
            if entry is not None and TYPED in (entry.fields.get("answer") or ""):
                print("JOURNALED", flush=True)
                break
        else:
            print("NOT JOURNALED", flush=True)
        await asyncio.sleep(120)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
