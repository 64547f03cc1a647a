"""Ctrl-C during an import: the process stops with 130 and says what was written so far,
and that is what the file holds (a batch being written at the moment may be there too)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

from tests.benchmarks.bench_import import write_import_file


def stored(db) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigint_during_an_import_reports_what_was_written(tmp_path):
    source = write_import_file(tmp_path / "items.jsonl", 20_000)
    db = tmp_path / "gt.sqlite3"
    env = {**os.environ, "GT_BACKEND": "sqlite"}
    env.pop("GT_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gt_tui.cli", "import", "--sqlite-path", str(db), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 60
    while stored(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the import ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)

    assert process.returncode == 130, err
    text = err.decode()
    found = re.search(
        r"interrupted: .*items\.jsonl: imported (\d+), updated 0, skipped 0, invalid 0 "
        r"before the interrupt(; lines (\d+)-(\d+) were being written and may be stored too)?"
        r"; run the import again to finish \(items already stored are skipped\)",
        text,
    )
    assert found, text
    imported = int(found.group(1))
    in_flight = int(found.group(4)) - int(found.group(3)) + 1 if found.group(2) else 0
    assert imported + in_flight > 0 and imported < 20_000  # the first batch may be in flight
    assert imported <= stored(db) <= imported + in_flight
    assert "Traceback" not in text and out == b""
