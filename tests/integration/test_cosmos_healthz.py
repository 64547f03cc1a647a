"""`gt-tui healthz` on the Cosmos backend, run as a real process with GT_* settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.cosmos_server import EMULATOR_KEY, free_port

pytestmark = pytest.mark.cosmos
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def healthz(tmp_path: Path, endpoint: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GT_")} | {
        "PYTHONPATH": str(PROJECT_ROOT),
        "GT_BACKEND": "cosmos",
        "GT_COSMOS_ENDPOINT": endpoint,
        "GT_COSMOS_KEY": EMULATOR_KEY,
        "GT_COSMOS_CONNECTION_VERIFY": "false",
        "GT_COSMOS_CREATE_IF_MISSING": "true",
        "GT_COSMOS_CONTAINER": f"healthz-{tmp_path.name}",
        "GT_USER_ID": "tester",
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "gt_tui", "healthz", "--json"],
        cwd=tmp_path,  # no stray .env
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, time.monotonic() - started


def test_healthz_exits_0_when_cosmos_answers(tmp_path, cosmos_server):
    done, _ = healthz(tmp_path, cosmos_server.endpoint)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["status"], report["backend"]) == ("ok", "cosmos")
    assert EMULATOR_KEY not in done.stdout + done.stderr


def test_healthz_exits_1_quickly_when_nothing_listens(tmp_path):
    done, elapsed = healthz(tmp_path, f"https://127.0.0.1:{free_port()}/")
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "degraded" and "cannot reach" in report["detail"]
    assert elapsed < 30  # a hang, not start-up: the interpreter start is slow on a busy box
    assert EMULATOR_KEY not in done.stdout + done.stderr
