"""Start-up: `gt-tui demo` until its real queue is usable, beside a bare Textual app.

All run as fresh subprocesses on a pseudo-terminal of 120x36, alternately, so they share
the machine's state in the same run. The bare app is Textual's floor for this screen: a
Header, a DataTable of 5 rows and a Footer. Each child runs under `App.run(auto_pilot=...)`
(the app itself has no benchmark hook) with App._display watched: the first frame written
to the terminal while the app is ready (gt-tui: the store's rows, the loading state gone,
the keys that need services live) and holding the table's last row id is the usable
queue; the wall-clock time and the child's CPU time (time.process_time) at that frame are
written and the child exits. Wall time counts from just before the process is spawned.
Target: gt-tui's median <= 1.5x the bare app's.

The floor row is the bare app started after building a pydantic-settings Settings: the
part of the ratio that ARCHITECTURE.md's pydantic settings and models cost before any
gt-tui code runs (no target; it says how much of 1.5x is left for gt-tui's own work).

python -m tests.benchmarks.bench_startup child bare|floor|gt RESULT_FILE   (what the bench runs)
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 36)
TARGET_RATIO = 1.5
BARE_ROWS = 5
CHILD_TIMEOUT_S = 60.0


# -- the children (imports stay inside: the child's import time is what is measured) --------


def _frame_text(app, renderable) -> str:
    """The characters a frame writes to the terminal (escape sequences included)."""
    from textual._compositor import CompositorUpdate

    if isinstance(renderable, CompositorUpdate):
        return renderable.render_segments(app.console)
    return "".join(segment.text for segment in app.console.render(renderable))


def _watch_frames(result_file: str, ready) -> dict:
    """Record the first frame written to the terminal that shows the app ready.

    `ready(app)` gives the text that frame must hold (the table's last row id) once the
    app's state is ready, else None. Every frame the app writes (App._display, after it
    wrote) is checked until one is ready and holds that text: then the wall-clock time
    and the child's CPU time so far are written to `result_file`. Both are taken before
    the check, so checking costs the measured frame nothing.
    """
    from textual.app import App

    seen: dict = {}
    original = App._display

    def display(app, screen, renderable) -> None:
        original(app, screen, renderable)
        if seen or renderable is None or app._batch_count:
            return
        painted, cpu = time.time(), time.process_time()
        marker = ready(app)
        if marker is not None and marker in _frame_text(app, renderable):
            seen.update(painted=painted, cpu=cpu)
            Path(result_file).write_text(json.dumps(seen))

    App._display = display  # type: ignore[method-assign]
    return seen


def _pilot(result_file: str, ready):
    """An auto-pilot that exits once a frame showing the app ready has been written."""
    seen = _watch_frames(result_file, ready)

    async def drive(pilot) -> None:
        import asyncio

        deadline = time.monotonic() + CHILD_TIMEOUT_S
        while not seen:
            if time.monotonic() > deadline:
                raise RuntimeError("start-up bench: no frame showed the table's rows")
            await asyncio.sleep(0.001)
        pilot.app.exit()

    return drive


def _last_row_id(table) -> str:
    return str(table.get_row_at(table.row_count - 1)[0])


def _run_bare(result_file: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class BareApp(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("id", "dataset", "question", "tags", "refs", "age")
            for n in range(BARE_ROWS):
                table.add_row(f"q-{n:03}", "demo", f"question {n}", "", "1", "1m")

    def ready(app) -> str | None:
        table = app.query_one(DataTable)
        return _last_row_id(table) if table.row_count == BARE_ROWS else None

    BareApp().run(auto_pilot=_pilot(result_file, ready))


def _run_floor(result_file: str) -> None:
    """The bare app after what ARCHITECTURE.md puts before any store can be read: settings
    from pydantic-settings (GT_ prefix, .env), i.e. pydantic imported and a first model
    built. What gt-tui cannot go below while its settings and models are pydantic."""
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class FloorSettings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="GT_", env_file=".env", extra="ignore")
        user_id: str = "bench"
        backend: str = "memory"

    FloorSettings()
    _run_bare(result_file)


def _run_gt(result_file: str) -> None:
    """The real entry point (`gt-tui demo`), its App.run_async given the auto-pilot."""
    from textual.app import App

    from gt_tui.cli import main

    def ready(app) -> str | None:
        """The real queue is usable: its rows are the store's, loaded, keys live."""
        screen = app.screen
        if type(screen).__name__ != "QueueScreen" or not app.services_ready:
            return None
        tables = screen.query("#queue-table")
        if not tables or tables.first().loading or not tables.first().row_count:
            return None
        return _last_row_id(tables.first())

    original = App.run_async

    async def run_async_with_pilot(self, *args, **kwargs):
        kwargs.setdefault("auto_pilot", _pilot(result_file, ready))
        return await original(self, *args, **kwargs)

    App.run_async = run_async_with_pilot  # type: ignore[method-assign]
    code = main(["demo"])
    if code:
        raise SystemExit(code)


# -- the parent -----------------------------------------------------------------------------


def _child_env(state_dir: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GT_", "TEXTUAL", "PYTEST", "PYTHON"))
    }
    # PYTHON* goes too: PYTHONDONTWRITEBYTECODE would make gt_tui compile from source on
    # every start while Textual loads its cached bytecode, which is not what users run.
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
        GT_STATE_DIR=state_dir,
        GT_USER_ID="bench",
    )
    return env


def _drain(fd: int, sink: bytearray) -> None:
    """Read the child's terminal output until it closes, so it never blocks on a full pty."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        sink.extend(chunk)


class Start:
    """One measured start: seconds from spawning to the usable queue's painted frame, and
    the child's CPU seconds up to that frame."""

    def __init__(self, started: float, result: dict) -> None:
        self.wall = result["painted"] - started
        self.cpu = result["cpu"]


def time_start(kind: str, env: dict[str, str]) -> Start:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    output = bytearray()
    with tempfile.NamedTemporaryFile(prefix="gt-startup-", delete=False) as handle:
        result_file = handle.name
    try:
        started = time.time()
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.bench_startup", "child", kind, result_file],
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        reader = threading.Thread(target=_drain, args=(master, output), daemon=True)
        reader.start()
        killer = threading.Timer(CHILD_TIMEOUT_S, child.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        del usage  # CPU comes from the child itself, up to its first frame
        child.returncode = os.waitstatus_to_exitcode(status)
        reader.join(timeout=5)
        text = Path(result_file).read_text()
        if child.returncode != 0 or not text:
            tail = output.decode("utf-8", "replace")[-600:]
            raise RuntimeError(f"start-up bench: {kind} exited {child.returncode}: {tail}")
        return Start(started, json.loads(text))
    finally:
        with contextlib.suppress(OSError):
            os.close(master)
        with contextlib.suppress(OSError):
            os.unlink(result_file)


def _row(name: str, case: str, samples: list[float]):
    from tests.benchmarks.harness import BenchResult, percentile

    median = statistics.median(samples) * 1000
    p95 = percentile(samples, 95) * 1000
    return BenchResult(name, case, median, "ms median", median, p95, len(samples))


def _ratio(name: str, case: str, gt: list[float], bare: list[float], *, target: bool = True):
    from tests.benchmarks.harness import BenchResult

    ratio = statistics.median(gt) / statistics.median(bare)
    return BenchResult(
        name,
        case,
        ratio,
        "x",
        samples=len(gt),
        target=f"<= {TARGET_RATIO:g}x" if target else "",
        met=ratio <= TARGET_RATIO if target else None,
    )


def bench_startup(runs: int = 7):
    kinds = ("bare", "floor", "gt")
    wall: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="gt-startup-state-") as state_dir:
        env = _child_env(state_dir)
        for kind in kinds:  # warm the file cache and write bytecode: not counted
            time_start(kind, env)
        for _ in range(runs):
            for kind in kinds:
                start = time_start(kind, env)
                wall[kind].append(start.wall)
                cpu[kind].append(start.cpu)
    return [
        _row(
            f"startup bare x{runs}",
            "bare Textual app: Header, 5-row DataTable, Footer",
            wall["bare"],
        ),
        _row(
            f"startup gt-tui x{runs}",
            "gt-tui demo -> the real queue usable (store rows painted, keys live)",
            wall["gt"],
        ),
        _ratio(
            f"startup ratio x{runs}",
            "wall to the usable queue, gt-tui / bare",
            wall["gt"],
            wall["bare"],
        ),
        _ratio(
            f"startup floor x{runs}",
            "bare app + pydantic-settings Settings (no gt-tui code) / bare: the pydantic floor",
            wall["floor"],
            wall["bare"],
            target=False,
        ),
        _ratio(
            f"startup cpu ratio x{runs}",
            "CPU to the usable queue, gt-tui / bare (no target)",
            cpu["gt"],
            cpu["bare"],
            target=False,
        ),
    ]


def _child_main(argv: list[str]) -> int:
    kind, result_file = argv
    {"bare": _run_bare, "floor": _run_floor, "gt": _run_gt}[kind](result_file)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "child":
        raise SystemExit(_child_main(sys.argv[2:]))
    from tests.benchmarks.harness import render_table

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print(render_table(bench_startup(count)))
