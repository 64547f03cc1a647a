"""Cosmos settings typos fail at once with one line, and a repo closes in bounded time."""

from __future__ import annotations

import asyncio
import time

import pytest

from gt_tui.cli import main
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.reconnecting import ReconnectingRepo

KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="


@pytest.mark.parametrize(
    ("endpoint", "key", "expected"),
    [
        ("https://127.0.0.1:8081/", "not base64!!", "GT_COSMOS_KEY): is not a base64"),
        ("127.0.0.1:8081", KEY, "GT_COSMOS_ENDPOINT): must start with https://"),
        ("ftp://127.0.0.1:8081/", KEY, "scheme is ftp://"),
        ("https://127.0.0.1:99999/", KEY, "invalid port"),
        ("https://127.0.0.1:0/", KEY, "invalid port"),
        ("https://:8081/", KEY, "no host name"),
    ],
)
@pytest.mark.parametrize("command", [["healthz"], ["stats"], ["import", "x.jsonl"], []])
def test_cosmos_typos_are_one_line_exit_2(monkeypatch, capsys, endpoint, key, expected, command):
    monkeypatch.setenv("GT_BACKEND", "cosmos")
    monkeypatch.setenv("GT_COSMOS_ENDPOINT", endpoint)
    monkeypatch.setenv("GT_COSMOS_KEY", key)
    started = time.monotonic()
    assert main(command) == 2
    assert time.monotonic() - started < 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert KEY not in err and "Value error" not in err


def test_empty_key_means_azure_ad_and_a_good_endpoint_passes():
    from gt_tui.config import Settings

    s = Settings(cosmos_endpoint="https://acct.documents.azure.com:443/", cosmos_key="")
    assert s.cosmos_endpoint == "https://acct.documents.azure.com:443/"


async def test_close_is_bounded_when_the_factory_turns_cancel_into_an_error():
    """Python 3.11's wait_for can swallow a cancel and raise the inner error instead."""
    calls = 0

    async def factory():
        nonlocal calls
        calls += 1
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            raise ValueError("constructor failed") from None
        raise AssertionError("unreachable")

    repo = ReconnectingRepo(factory, "cosmos", initial_backoff_s=0.01)
    repo.start_reconnecting()
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await repo.close()
    assert time.monotonic() - started < 1
    assert repo._task is not None and repo._task.done()


async def test_close_is_bounded_when_the_factory_ignores_cancel():
    released = asyncio.Event()

    async def stubborn():
        while not released.is_set():
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                continue
        raise ValueError("gave up")

    repo = ReconnectingRepo(stubborn, "cosmos")
    repo.start_reconnecting()
    await asyncio.sleep(0.01)
    started = time.monotonic()
    await repo.close(budget_s=0.3)
    assert time.monotonic() - started < 1
    released.set()
    repo._task.cancel()
    await asyncio.wait({repo._task})


async def test_a_repo_opened_after_close_is_closed_not_kept():
    opened = InMemoryGroundTruthRepo()
    gate = asyncio.Event()

    async def factory():
        await gate.wait()
        return opened

    repo = ReconnectingRepo(factory, "memory")
    connecting = asyncio.ensure_future(repo.connect_once())
    await asyncio.sleep(0)
    repo._closed = True
    gate.set()
    assert await connecting is False and repo.inner is None
