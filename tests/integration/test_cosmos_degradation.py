"""Cosmos down at start-up: the app starts degraded, then heals when Cosmos appears."""

from __future__ import annotations

import asyncio
import time

import pytest

from gt_tui.bootstrap import build_services
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.models import GroundTruthItem
from tests.integration.cosmos_backends import cosmos_settings
from tests.integration.cosmos_server import CosmosServer, free_port, start_cosmos_server

pytestmark = pytest.mark.cosmos


async def test_start_degraded_then_recover_without_restart():
    port = free_port()
    nothing = CosmosServer(endpoint=f"https://127.0.0.1:{port}/", port=port, process=None)  # type: ignore[arg-type]
    settings = cosmos_settings(nothing)

    started = time.monotonic()
    services = await build_services(settings)
    assert time.monotonic() - started < 5, "start-up must not wait for an absent Cosmos"
    server = None
    try:
        report = await services.health.check()
        assert report.status == "degraded" and report.backend == "cosmos"
        assert f"127.0.0.1:{port}" in report.detail
        with pytest.raises(BackendUnavailableError):
            await services.repo.get("ds", "x")

        server = await asyncio.to_thread(start_cosmos_server, port)
        deadline = time.monotonic() + 20
        while (report := await services.health.check()).status != "ok":
            assert time.monotonic() < deadline, f"never recovered: {report.detail}"
            await asyncio.sleep(0.1)  # the reconnect loop has its own backoff; poll its result

        stored = await services.repo.upsert(
            GroundTruthItem(id="after", dataset_name="ds", synth_question="back?")
        )
        assert await services.repo.get("ds", "after") == stored
        assert [item.id for item in await services.repo.list("ds")] == ["after"]
    finally:
        await services.close()
        if server is not None:
            server.stop()
