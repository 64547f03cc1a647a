"""Paint first, connect after: the last-known queue, then the real one (#11 start-up).

The app-level tests build GtTuiApp(starting=...) with a connect the test releases; the
cli-level tests run `cli.main(["demo"])` headless with an auto-pilot (as the start-up
benchmark drives it), so the fingerprint, the file and the error paths are the real ones.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from gt_tui import cli
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.app import GtTuiApp
from gt_tui.tui.queue_snapshot import (
    SNAPSHOT_FILE,
    QueueRow,
    QueueSnapshot,
    SnapshotFile,
    load_matching_snapshot,
    snapshot_file_for,
    write_snapshot,
)
from gt_tui.tui.screens.queue import QueueScreen
from gt_tui.tui.starting import Connection, PendingStart
from gt_tui.tui.themes import load_themes
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    clock,
    fixture_items,
    make_services,
    notices,
    seed,
    settle,
)

ROOT = Path(__file__).resolve().parents[2]


def gt_dark():
    return next(theme for theme in load_themes() if theme.name == "gt-dark")


def snapshot_rows() -> tuple[QueueRow, ...]:
    """Two rows the real queue also has (q-001, q-003) and one it no longer has."""

    def row(item_id: str, dataset: str, minutes: int) -> QueueRow:
        return QueueRow(
            key=f"{dataset}\x1f{item_id}",
            id=item_id,
            dataset=dataset,
            question=f"last known question of {item_id}",
            tags="setup",
            refs="2",
            assigned_at=NOW - timedelta(minutes=minutes),
        )

    return (
        row("q-gone", "support-faq", 90),
        row("q-001", "billing-kb", 30),
        row("q-003", "billing-kb", 60),
    )


def write_last_known(target: SnapshotFile, *, demo: bool, counts=None) -> None:
    """The three snapshot rows written to `target` as a start would have kept them."""
    write_snapshot(
        target,
        rows=snapshot_rows(),
        row_count=3,
        counts=counts,
        user_id=USER,
        demo=demo,
        theme=gt_dark(),
        taken_at=NOW,
    )


def last_known(fingerprint: str = "f" * 64) -> QueueSnapshot:
    rows = snapshot_rows()
    return QueueSnapshot(
        fingerprint=fingerprint,
        taken_at=NOW - timedelta(minutes=10),
        user_id=USER,
        demo=False,
        rows=rows,
        row_count=len(rows),
        counts=(3, 1, 6),
        theme=gt_dark(),
    )


def pending_app(release: asyncio.Event, snapshot_file: SnapshotFile | None = None):
    repo = InMemoryGroundTruthRepo()
    services = make_services(repo)

    async def connect() -> Connection:
        await release.wait()
        await seed(repo, fixture_items())
        return Connection(services=services, themes=load_themes(), theme="gt-dark")

    starting = PendingStart(last_known(), connect, snapshot_file)
    return GtTuiApp(starting=starting, clock=clock)


def table_keys(screen) -> list[str]:
    table = screen.query_one("#queue-table", DataTable)
    return [str(row_key.value) for row_key in table.rows]


def counts_line(screen) -> str:
    return str(screen.query_one("#queue-counts", Static).render())


async def test_last_known_rows_show_marked_with_keys_off_then_the_real_queue_replaces_them(
    tmp_path,
):
    release = asyncio.Event()
    target = SnapshotFile(tmp_path / SNAPSHOT_FILE, "fp")
    app = pending_app(release, target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        assert table_keys(queue) == [row.key for row in snapshot_rows()]
        assert counts_line(queue).startswith("Last known queue, 09:20 UTC · connecting…")
        assert "In my queue: 3" in counts_line(queue)
        assert app.theme == "gt-dark"
        table = queue.query_one("#queue-table", DataTable)
        table.move_cursor(row=2)  # q-003, still in the real queue
        for action in ("get_more", "refresh", "filter", "explorer", "progress", "undo"):
            assert queue.check_action(action, ()) is None, action  # greyed out
        assert queue.check_action("help", ()) and queue.check_action("quit", ())
        await pilot.press("n", "e")
        await pilot.pause()
        assert app.screen is queue and not queue.getting
        assert not target.path.exists()  # nothing is written before the real queue is there

        release.set()
        await settle(pilot)
        assert app.services_ready
        keys = table_keys(queue)
        assert sorted(keys) == [
            "billing-kb\x1fq-001",
            "billing-kb\x1fq-003",
            "support-faq\x1fq-000",
            "support-faq\x1fq-002",
        ]
        assert keys.index("billing-kb\x1fq-003") != 2  # so the cursor had to move with it
        assert keys[table.cursor_row] == "billing-kb\x1fq-003"  # still on q-003
        assert counts_line(queue).startswith("In my queue: 4")
        assert queue.check_action("get_more", ())
        assert {"gt-light", "gt-high-contrast"} <= set(app.available_themes)
        await pilot.pause()
        written = load_matching_snapshot(target)
        assert written is not None and [row.key for row in written.rows] == keys
        app.theme = "gt-light"  # a theme picked later is the next start's first frame's
        await pilot.pause()
        await pilot.pause()
        written = load_matching_snapshot(target)
        assert written is not None and written.theme.name == "gt-light"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ItemDetailScreen"


def test_last_known_queue_while_connecting(snap_compare):
    app = pending_app(asyncio.Event())  # never released: the connecting state stays

    async def run_before(pilot):
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# -- through cli.main, headless --------------------------------------------------------------


class Started:
    """What an auto-piloted `gt-tui` start showed: at its first rows and at the end."""

    def __init__(self) -> None:
        self.first_keys: list[str] = []
        self.painted_first = False
        self.final_keys: list[str] = []


@pytest.fixture
def headless_start(monkeypatch, tmp_path):
    """Run cli.main headless; the pilot waits for rows, then for services, then quits."""
    monkeypatch.setenv("GT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("GT_USER_ID", USER)
    monkeypatch.setenv("GT_HEALTH_INTERVAL_S", "3600")
    monkeypatch.delenv("GT_KEYMAP", raising=False)
    monkeypatch.chdir(tmp_path)
    started = Started()
    original = App.run_async

    async def drive(pilot) -> None:
        app = pilot.app
        for _ in range(2000):
            screen = app.screen
            if isinstance(screen, QueueScreen) and screen.query_one(DataTable).row_count:
                break
            await asyncio.sleep(0.002)
        started.painted_first = app.starting is not None
        started.first_keys = table_keys(app.screen)
        for _ in range(2000):
            if app.return_code is not None:  # exiting: a start failure
                return
            if app.services_ready and not app.screen.workers:
                break
            await asyncio.sleep(0.002)
        await settle(pilot)
        started.final_keys = table_keys(app.screen)
        app.exit()

    async def run_async(self, *args, **kwargs):
        kwargs.update(headless=True, size=SIZE, auto_pilot=drive)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(App, "run_async", run_async)

    def start() -> tuple[int, Started]:
        nonlocal started
        started = Started()
        return cli.main(["demo"]), started

    return start


def snapshot_path(tmp_path) -> Path:
    return tmp_path / "state" / SNAPSHOT_FILE


def test_a_second_start_paints_the_last_known_queue_first(headless_start, tmp_path):
    code, first = headless_start()
    assert code == 0 and not first.painted_first and first.final_keys
    assert snapshot_path(tmp_path).stat().st_mode & 0o777 == 0o600
    assert USER in snapshot_path(tmp_path).read_text()
    code, second = headless_start()
    assert code == 0 and second.painted_first
    assert second.first_keys == first.final_keys
    assert second.final_keys == first.final_keys


def test_a_changed_gt_variable_takes_the_usual_start(headless_start, tmp_path, monkeypatch):
    headless_start()
    monkeypatch.setenv("GT_CONFIRM", "always")
    code, started = headless_start()
    assert code == 0 and not started.painted_first and started.final_keys
    code, started = headless_start()  # and the usual start kept a file for these settings
    assert code == 0 and started.painted_first


@pytest.mark.parametrize(
    "content", ["{not json", '{"format": 1, "rows": "many"}', "[]", '{"format": 1}'], ids=repr
)
def test_a_corrupt_last_known_queue_is_ignored(headless_start, tmp_path, content):
    snapshot_path(tmp_path).parent.mkdir(parents=True)
    snapshot_path(tmp_path).write_text(content, encoding="utf-8")
    code, started = headless_start()
    assert code == 0 and not started.painted_first and started.final_keys
    assert json.loads(snapshot_path(tmp_path).read_text())["format"] == 1  # written anew


def test_a_settings_error_after_the_first_paint_is_the_usual_message_and_code(
    headless_start, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("GT_SAMPLING_WEIGHTS", "not json")
    assert cli.main(["demo"]) == 2  # the usual start: no snapshot yet
    usual = capsys.readouterr().err
    assert usual.startswith("gt-tui: error: invalid settings")
    target = snapshot_file_for(["demo"], os.environ, Path.cwd())
    write_last_known(target, demo=True)
    code, started = headless_start()
    assert code == 2 and started.painted_first
    assert capsys.readouterr().err == usual


FORBIDDEN_BEFORE_FIRST_FRAME = (
    "pydantic",
    "pydantic_settings",
    "importlib.metadata",
    "azure",
    "gt_tui.config",
    "gt_tui.domain.models",
    "gt_tui.bootstrap",
    "gt_tui.services",
)

_FIRST_FRAME_PROBE = """
import asyncio, json, sys
from textual.app import App
from gt_tui import cli

original = App.run_async
seen = {}

async def drive(pilot):
    app = pilot.app
    while not (type(app.screen).__name__ == "QueueScreen"
               and app.screen.query_one("#queue-table").row_count):
        await asyncio.sleep(0.001)
    painted = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: painted.done() or painted.set_result(None))
    await painted
    seen["painted_first"] = app.starting is not None
    seen["modules"] = sorted(sys.modules)
    app.exit()

async def run_async(self, *args, **kwargs):
    kwargs.update(headless=True, size=(120, 36), auto_pilot=drive)
    return await original(self, *args, **kwargs)

App.run_async = run_async
code = cli.main(["demo"])
print(json.dumps({"code": code, **seen}))
"""


def test_the_first_frame_of_a_paint_first_start_imports_no_pydantic_settings_or_services(
    tmp_path,
):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GT_", "PYTEST"))}
    env.update(GT_STATE_DIR=str(tmp_path / "state"), GT_USER_ID=USER)
    write_last_known(snapshot_file_for(["demo"], env, tmp_path), demo=True, counts=(3, 0, 7))
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and result["painted_first"]
    loaded = [
        name
        for name in result["modules"]
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_BEFORE_FIRST_FRAME)
    ]
    assert loaded == []


def test_the_fingerprint_follows_every_settings_source_and_keeps_the_key_out(tmp_path):
    from gt_tui.tui.queue_snapshot import settings_fingerprint

    env = {"GT_COSMOS_KEY": "c2VjcmV0LWtleQ==", "HOME": "/home/dana"}
    base = settings_fingerprint(["demo"], env, tmp_path)
    assert settings_fingerprint(["demo"], {**env, "GT_COSMOS_KEY": "b3RoZXI="}, tmp_path) != base
    assert settings_fingerprint(["demo"], {**env, "gt_backend": "memory"}, tmp_path) != base
    assert settings_fingerprint(["tui"], env, tmp_path) != base
    assert settings_fingerprint(["demo"], {**env, "TERM": "xterm"}, tmp_path) == base
    (tmp_path / ".env").write_text("GT_THEME=gt-light\n", encoding="utf-8")
    assert settings_fingerprint(["demo"], env, tmp_path) != base
    target = SnapshotFile(tmp_path / SNAPSHOT_FILE, base)
    write_last_known(target, demo=False)
    assert "c2VjcmV0LWtleQ" not in target.path.read_text(encoding="utf-8")


async def test_a_backend_down_after_connecting_keeps_the_last_known_rows_and_says_so():
    from gt_tui.domain.errors import BackendUnavailableError

    class DownRepo(InMemoryGroundTruthRepo):
        async def query(self, query):
            raise BackendUnavailableError("connection refused")

        async def list(self, *args, **kwargs):
            raise BackendUnavailableError("connection refused")

    services = make_services(DownRepo())

    async def connect() -> Connection:
        return Connection(services=services)

    app = GtTuiApp(starting=PendingStart(last_known(), connect), clock=clock, poll_health=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        queue = app.screen
        assert app.services_ready
        assert table_keys(queue) == [row.key for row in snapshot_rows()]
        assert counts_line(queue).startswith(
            "Last known queue, 09:20 UTC · not refreshed: press r to retry"
        )


async def test_enter_on_a_last_known_row_opens_that_item_once_connected(tmp_path):
    """A key pressed in the first moment is not lost: the item opens when the real queue
    is there, or a notice says it has left the queue."""
    release = asyncio.Event()
    app = pending_app(release, SnapshotFile(tmp_path / SNAPSHOT_FILE, "fp"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        queue = app.screen
        queue.query_one("#queue-table", DataTable).move_cursor(row=2)  # q-003
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is queue  # nothing to open yet
        assert "q-003 opens then" in counts_line(queue)
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == "ItemDetailScreen"
        assert app.screen.base.id == "q-003"


async def test_enter_on_a_last_known_row_that_left_the_queue_says_so(tmp_path):
    release = asyncio.Event()
    app = pending_app(release, SnapshotFile(tmp_path / SNAPSHOT_FILE, "fp"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        queue = app.screen
        keys = table_keys(queue)
        queue.query_one("#queue-table", DataTable).move_cursor(
            row=keys.index("support-faq\x1fq-gone")
        )
        await pilot.press("enter")
        release.set()
        await settle(pilot)
        assert app.screen is queue
        assert any("is no longer in your queue" in n for n in notices(app))
