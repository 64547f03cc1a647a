"""A frozen Cosmos (accepts connections, never answers) costs one deadline per operation,
GT_COSMOS_TIMEOUT_S, on both repo classes: SDK retries and the emulator seam's share it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from azure.cosmos.aio import CosmosClient

from gt_tui.config import Settings
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_emulator import CosmosEmulatorGroundTruthRepo

KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
DEADLINE_S = 0.5


@pytest.fixture
def frozen_endpoint() -> Iterator[str]:
    """A local TCP server that accepts every connection and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def frozen_settings(endpoint: str) -> Settings:
    return Settings(
        backend="cosmos",
        cosmos_endpoint=endpoint,
        cosmos_key=KEY,
        cosmos_connection_verify=False,
        cosmos_timeout_s=DEADLINE_S,
        cosmos_retry_total=3,
    )


def open_without_handshake(repo: CosmosGroundTruthRepo, settings: Settings) -> None:
    """A repo as if it had opened before the server froze (no request sent yet)."""
    client = CosmosClient(settings.cosmos_endpoint, credential=KEY, connection_verify=False)
    repo._client = client
    repo._container = client.get_database_client("db").get_container_client("c")


OPERATIONS = {
    "get": lambda repo: repo.get("ds", "x"),
    "upsert": lambda repo: repo.upsert(
        GroundTruthItem(id="x", dataset_name="ds", synth_question="q")
    ),
    "delete": lambda repo: repo.delete("ds", "x", '"e"'),
    "query": lambda repo: repo.query(ItemQuery(dataset_name="ds")),
    "health": lambda repo: repo.health(),
}


@pytest.mark.parametrize("repo_class", [CosmosGroundTruthRepo, CosmosEmulatorGroundTruthRepo])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
async def test_each_operation_gives_up_after_one_deadline(frozen_endpoint, repo_class, operation):
    settings = frozen_settings(frozen_endpoint)
    repo = repo_class(settings)
    open_without_handshake(repo, settings)
    started = time.monotonic()
    try:
        with pytest.raises(BackendUnavailableError, match=r"did not answer within 0\.5s"):
            await OPERATIONS[operation](repo)
    finally:
        elapsed = time.monotonic() - started
        await repo.close()
    assert elapsed < DEADLINE_S * 3, f"{operation} took {elapsed:.1f}s"


@pytest.mark.parametrize("repo_class", [CosmosGroundTruthRepo, CosmosEmulatorGroundTruthRepo])
async def test_open_gives_up_after_one_deadline(frozen_endpoint, repo_class):
    repo = repo_class(frozen_settings(frozen_endpoint))
    started = time.monotonic()
    with pytest.raises(BackendUnavailableError, match="did not answer within"):
        await repo.open()
    assert time.monotonic() - started < DEADLINE_S * 3
