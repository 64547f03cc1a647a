"""Unsaved edits survive a crash: journaled while typing, offered again after a SIGKILL.

The kill test runs the real app headless in a subprocess (tests/tui/journal_driver.py) on a
SQLite file, waits until the typed answer is journaled, kills it with SIGKILL, then opens
the same item in a Pilot session: the restore offer names the field and the time.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.services.edit_journal import EditJournal
from gt_tui.tui.dialogs.confirm import DestructiveConfirmScreen
from gt_tui.tui.item.journal_restore import RestoreEditsScreen
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    clock,
    fixture_items,
    make_app,
    notices,
    seed,
    settle,
)
from tests.tui.journal_driver import TYPED

REPO_ROOT = Path(__file__).resolve().parents[2]


def journal_services(repo, journal: Path):
    settings = Settings(
        backend="memory", user_id=USER, health_interval_s=3600, edit_journal_path=journal
    )
    return services_for_repo(repo, settings, clock=clock, rng=random.Random(1234))


def dialog_body(app) -> str:
    return str(app.screen.query_one(".dialog-body").render())


async def test_typing_journals_and_saving_forgets(tmp_path):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    path = tmp_path / "journal.sqlite3"
    journal = EditJournal(path)
    app = make_app(journal_services(repo, path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        item = app.screen.base
        app.screen.query_one("#answer", TextArea).load_text("my unsaved answer")
        await pilot.pause(0.6)  # the debounce
        assert journal.find(USER, item.dataset_name, item.id).fields == {
            "answer": "my unsaved answer"
        }
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(0.6)
        assert journal.find(USER, item.dataset_name, item.id) is None


async def test_discarding_forgets_and_quitting_keeps(tmp_path):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    path = tmp_path / "journal.sqlite3"
    journal = EditJournal(path)
    app = make_app(journal_services(repo, path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        item = app.screen.base
        app.screen.query_one("#comment").value = "to be discarded"
        await pilot.pause(0.6)
        assert journal.find(USER, item.dataset_name, item.id) is not None
        await pilot.press("escape", "y")  # leave, discarding
        await settle(pilot)
        assert journal.find(USER, item.dataset_name, item.id) is None
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#comment").value = "kept on quit"
        await pilot.pause(0)
        app.exit()  # quitting within the debounce still writes the pending edit
    assert journal.find(USER, item.dataset_name, item.id).fields == {"comment": "kept on quit"}


async def test_opening_an_item_offers_to_restore_what_and_when(tmp_path):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    path = tmp_path / "journal.sqlite3"
    first: GroundTruthItem | None = None
    app = make_app(journal_services(repo, path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen.base
    EditJournal(path, clock=lambda: NOW.replace(minute=20)).record(
        USER, first.dataset_name, first.id, first.etag, {"answer": "Restored answer."}
    )
    app = make_app(journal_services(repo, path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RestoreEditsScreen)
        body = dialog_body(app)
        assert "written 2026-03-02 09:20:00 UTC (10m ago)" in body
        assert "answer: Restored answer." in body
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#answer", TextArea).text == "Restored answer."


async def journal_app(tmp_path):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    path = tmp_path / "journal.sqlite3"
    return path, make_app(journal_services(repo, path))


async def offered(pilot, path: Path) -> GroundTruthItem:
    """Open the first queue item, whose answer an earlier run left in the journal."""
    app = pilot.app
    await settle(pilot)
    item = app.screen.items[0]
    EditJournal(path, clock=lambda: NOW.replace(minute=20)).record(
        USER, item.dataset_name, item.id, item.etag, {"answer": "Earlier answer."}
    )
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, RestoreEditsScreen)
    return item


async def test_not_now_keeps_the_edits_for_later_and_offers_them_again(tmp_path):
    path, app = await journal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        item = await offered(pilot, path)
        await pilot.press("n")  # not now
        await settle(pilot)
        assert any("Kept your unsaved edits of q-003 for later" in n for n in notices(app))
        assert app.screen.query_one("#answer", TextArea).text == item.answer
        assert EditJournal(path).find(USER, item.dataset_name, item.id).fields == {
            "answer": "Earlier answer."
        }
        app.screen.query_one("#comment").value = "a new edit"  # not journaled over them
        await pilot.pause(0.6)
        await settle(pilot)
        assert any("stay in the journal for later" in n for n in notices(app))
        await pilot.press("ctrl+s")  # saving the new edit leaves the kept ones
        await settle(pilot)
        await pilot.pause(0.6)
        assert EditJournal(path).find(USER, item.dataset_name, item.id).fields == {
            "answer": "Earlier answer."
        }
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # opening it again offers them again
        await settle(pilot)
        assert isinstance(app.screen, RestoreEditsScreen)
        await pilot.press("escape")
        await settle(pilot)
    assert EditJournal(path).find(USER, item.dataset_name, item.id) is not None


async def test_discarding_journaled_edits_takes_x_then_y_and_enter_keeps(tmp_path):
    path, app = await journal_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        item = await offered(pilot, path)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DestructiveConfirmScreen)
        await pilot.press("enter")  # habit: keeps them
        await settle(pilot)
        assert EditJournal(path).find(USER, item.dataset_name, item.id) is not None
        await pilot.press("escape")  # back to the queue, then open it again
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x", "y")
        await settle(pilot)
        assert EditJournal(path).find(USER, item.dataset_name, item.id) is None
        assert any("Discarded the unsaved edits of q-003" in n for n in notices(app))
        assert app.screen.query_one("#answer", TextArea).text == item.answer


def run_driver_then_kill(db: Path, path: Path) -> int:
    """Start the app on `db`, wait until it journaled the typed answer, SIGKILL it."""
    env = {**os.environ, "GT_EDIT_JOURNAL_PATH": str(path)}
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.journal_driver", str(db), str(path)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = driver.stdout.readline().strip()
        assert line == "JOURNALED"
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=10)
    return driver.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL needs a POSIX platform")
async def test_edits_survive_a_sigkill_of_the_app(tmp_path):
    db = tmp_path / "gt.sqlite3"
    path = tmp_path / "state" / "journal.sqlite3"
    repo = SqliteGroundTruthRepo(db)
    await repo.upsert(
        GroundTruthItem(
            id="q-1",
            dataset_name="ds",
            synth_question="How do I reset my password?",
            answer="Use the link.",
            assigned_to="alice",
            assigned_at=NOW,
        )
    )
    await repo.close()
    assert run_driver_then_kill(db, path) == -signal.SIGKILL

    repo = SqliteGroundTruthRepo(db)
    try:
        assert (await repo.get("ds", "q-1")).answer == "Use the link."  # never saved
        settings = Settings(
            backend="sqlite",
            sqlite_path=db,
            user_id="alice",
            health_interval_s=3600,
            edit_journal_path=path,
        )
        app = make_app(services_for_repo(repo, settings, clock=clock))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, RestoreEditsScreen)
            assert "Restore unsaved edits?" in str(app.screen.query_one(".dialog-title").render())
            assert f"answer: {TYPED}" in dialog_body(app)
            await pilot.press("y")
            await settle(pilot)
            detail = app.screen
            assert TYPED in detail.query_one("#answer", TextArea).text
            assert "answer" in detail.draft.changed_names()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert TYPED in (await repo.get("ds", "q-1")).answer
            await pilot.pause(0.6)
        assert EditJournal(path).find("alice", "ds", "q-1") is None
    finally:
        await repo.close()
