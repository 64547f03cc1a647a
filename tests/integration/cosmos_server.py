"""A Cosmos-compatible server for tests: @vercel/cosmosdb-server pinned in tests/cosmos_server.

`cosmos_server` (session fixture; once per xdist worker) installs the pinned package with
`npm ci` when node_modules is missing or older than the lock, starts the server on a free
127.0.0.1 port, waits until it answers, and stops it by its process group at the end.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).resolve().parents[1] / "cosmos_server"
SERVER_SCRIPT = SERVER_DIR / "serve.js"  # the package's server with HTTP keep-alive on
INSTALL_STAMP = SERVER_DIR / "node_modules" / ".installed"
# The well-known public key of the Azure Cosmos DB emulator; the server only checks base64.
EMULATOR_KEY = (
    "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
)


def ensure_installed() -> None:
    """`npm ci` the pinned server unless node_modules is newer than the lock (xdist-safe)."""
    lock = SERVER_DIR / "package-lock.json"
    with open(SERVER_DIR / ".install.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if INSTALL_STAMP.exists() and INSTALL_STAMP.stat().st_mtime >= lock.stat().st_mtime:
            return
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm not found: Node >= 20 with npm is needed for the Cosmos tests")
        subprocess.run(
            [npm, "ci", "--prefix", str(SERVER_DIR), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
        )
        INSTALL_STAMP.touch()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(endpoint: str) -> bool:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(endpoint, timeout=1, context=context) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class CosmosServer:
    endpoint: str
    port: int
    process: subprocess.Popen[bytes]
    key: str = EMULATOR_KEY

    def stop(self) -> None:
        """Stop the server's own process group (it was started in a new session)."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def start_cosmos_server(port: int | None = None, *, timeout_s: float = 20.0) -> CosmosServer:
    """Start the server on 127.0.0.1 (HTTPS, self-signed) and wait until it answers."""
    ensure_installed()
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: Node >= 20 is needed for the Cosmos tests")
    port = port or free_port()
    process = subprocess.Popen(
        [node, str(SERVER_SCRIPT), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = CosmosServer(endpoint=f"https://127.0.0.1:{port}/", port=port, process=process)
    deadline = time.monotonic() + timeout_s
    while not _answers(server.endpoint):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            pytest.fail(f"cosmosdb-server did not start on port {port} (exit {process.poll()})")
        time.sleep(0.05)
    return server


@pytest.fixture(scope="session")
def cosmos_server() -> Iterator[CosmosServer]:
    server = start_cosmos_server()
    try:
        yield server
    finally:
        server.stop()
