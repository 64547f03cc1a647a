"""A Cosmos container made as GroundTruthCurator (GTC) makes its items container.

Built from the facts in issue #13 with the SDK: hierarchical (MultiHash) partition key
/datasetName + /bucket, and GTC's indexing policy (consistent, automatic, every path but
/_etag, and only GTC's own composite indexes). Tests create it before gt-tui opens it,
the way a curator points gt-tui at the container GTC already has.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from azure.cosmos import PartitionKey
from azure.cosmos.aio import ContainerProxy, CosmosClient

from gt_tui.config import Settings


def _composite(*parts: tuple[str, str]) -> list[dict[str, str]]:
    return [{"path": path, "order": order} for path, order in parts]


ASC, DESC = "ascending", "descending"
GTC_INDEXING_POLICY: dict[str, Any] = {
    "indexingMode": "consistent",
    "automatic": True,
    "includedPaths": [{"path": "/*"}],
    "excludedPaths": [{"path": '/"_etag"/?'}],
    "compositeIndexes": [
        _composite(("/reviewedAt", DESC), ("/id", ASC)),
        _composite(("/updatedAt", DESC), ("/id", ASC)),
        _composite(("/reviewedAt", ASC), ("/id", ASC)),
        _composite(("/status", ASC), ("/reviewedAt", DESC), ("/id", ASC)),
        _composite(("/totalReferences", ASC), ("/id", ASC)),
        _composite(("/totalReferences", DESC), ("/id", ASC)),
        _composite(("/status", ASC), ("/totalReferences", ASC), ("/id", ASC)),
        _composite(("/status", ASC), ("/totalReferences", DESC), ("/id", ASC)),
    ],
}
GTC_PARTITION_KEY = PartitionKey(path=["/datasetName", "/bucket"], kind="MultiHash")


@contextlib.asynccontextmanager
async def sdk_client(settings: Settings) -> AsyncIterator[CosmosClient]:
    """A plain SDK client for the settings' endpoint (no gt-tui code)."""
    assert settings.cosmos_endpoint and settings.cosmos_key
    async with CosmosClient(
        settings.cosmos_endpoint,
        credential=settings.cosmos_key.get_secret_value(),
        connection_verify=False,
        enable_endpoint_discovery=False,
    ) as client:
        yield client


@contextlib.asynccontextmanager
async def sdk_container(settings: Settings) -> AsyncIterator[ContainerProxy]:
    """The settings' items container through a plain SDK client (no gt-tui code)."""
    async with sdk_client(settings) as client:
        database = client.get_database_client(settings.cosmos_database)
        yield database.get_container_client(settings.cosmos_container)


async def create_gtc_container(
    settings: Settings,
    *,
    partition_key: PartitionKey = GTC_PARTITION_KEY,
    indexing_policy: dict[str, Any] | None = None,
) -> None:
    """Create the settings' database and items container the way GTC's script does."""
    async with sdk_client(settings) as client:
        database = await client.create_database_if_not_exists(settings.cosmos_database)
        await database.create_container_if_not_exists(
            settings.cosmos_container,
            partition_key=partition_key,
            indexing_policy=indexing_policy or GTC_INDEXING_POLICY,
        )


async def create_gtc_assignments_container(settings: Settings) -> None:
    """GTC's assignments container (partition key /pk), named by the settings."""
    async with sdk_client(settings) as client:
        database = await client.create_database_if_not_exists(settings.cosmos_database)
        await database.create_container_if_not_exists(
            settings.cosmos_assignments_container, partition_key=PartitionKey(path="/pk")
        )


@contextlib.asynccontextmanager
async def sdk_assignments(settings: Settings) -> AsyncIterator[ContainerProxy]:
    """The settings' assignments container through a plain SDK client (no gt-tui code)."""
    async with sdk_container(
        settings.model_copy(update={"cosmos_container": settings.cosmos_assignments_container})
    ) as container:
        yield container


async def gtc_listing(assignments: ContainerProxy, user_id: str) -> list[dict[str, Any]]:
    """A user's assignment documents, queried as GTC's repo lists them (by pk)."""
    found = assignments.query_items(
        "SELECT * FROM c WHERE c.pk = @pk", parameters=[{"name": "@pk", "value": f"sme:{user_id}"}]
    )
    return [doc async for doc in found]
