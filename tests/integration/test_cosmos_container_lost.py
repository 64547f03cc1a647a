"""A Cosmos container deleted while the app runs: health says degraded, naming the
container, writes are not "item not found", and all heals once the container is back."""

from __future__ import annotations

import asyncio
import time

import pytest
from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

from gt_tui.bootstrap import build_services
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.cosmos import PARTITION_KEY_PATH
from tests.integration.cosmos_backends import cosmos_settings

pytestmark = pytest.mark.cosmos


async def test_a_deleted_container_degrades_health_and_recovers_when_recreated(cosmos_server):
    settings = cosmos_settings(cosmos_server)
    services = await build_services(settings)
    admin = CosmosClient(
        cosmos_server.endpoint, credential=cosmos_server.key, connection_verify=False
    )
    try:
        assert (await services.health.check()).ok
        await services.repo.upsert(
            GroundTruthItem(id="before", dataset_name="ds", synth_question="q?")
        )
        database = admin.get_database_client(settings.cosmos_database)

        await database.delete_container(settings.cosmos_container)

        report = await services.health.check()
        assert report.status == "degraded"
        assert f"container {settings.cosmos_container!r}" in report.detail
        assert "does not exist" in report.detail
        # Real Cosmos answers this create with 404 (read as "does not exist"); cosmosdb-
        # server fails it with a 500. Either way it is the degraded state, never NotFound.
        with pytest.raises(BackendUnavailableError):
            await services.repo.upsert(
                GroundTruthItem(id="during", dataset_name="ds", synth_question="q?")
            )

        await database.create_container(
            settings.cosmos_container, partition_key=PartitionKey(path=PARTITION_KEY_PATH)
        )
        deadline = time.monotonic() + 20
        while not (report := await services.health.check()).ok:
            assert time.monotonic() < deadline, f"never recovered: {report.detail}"
            await asyncio.sleep(0.1)
        stored = await services.repo.upsert(
            GroundTruthItem(id="after", dataset_name="ds", synth_question="back?")
        )
        assert await services.repo.get("ds", "after") == stored
    finally:
        await admin.close()
        await services.close()
