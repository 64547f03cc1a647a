"""The Cosmos tag registry is the seed system's document in its own /pk container."""

from __future__ import annotations

from azure.cosmos.aio import CosmosClient

from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from tests.integration.cosmos_backends import cosmos_settings


async def test_registry_document_has_the_seed_shape_in_a_pk_container(cosmos_server):
    settings = cosmos_settings(cosmos_server)
    repo = CosmosGroundTruthRepo(settings)
    await repo.open()
    try:
        await repo.add_to_tag_registry(["topic:install", "dataset:ds"])
        await repo.add_to_tag_registry(["source:sme", "topic:install"])
    finally:
        await repo.close()
    async with CosmosClient(
        cosmos_server.endpoint, cosmos_server.key, connection_verify=False
    ) as c:
        container = c.get_database_client(settings.cosmos_database).get_container_client(
            settings.cosmos_tags_container
        )
        properties = await container.read()
        docs = [d async for d in container.query_items("SELECT * FROM c")]
    assert properties["partitionKey"]["paths"] == ["/pk"]
    assert [{k: v for k, v in d.items() if not k.startswith("_")} for d in docs] == [
        {
            "id": "tags|global",
            "pk": "global",
            "docType": "tags",
            "tags": ["dataset:ds", "source:sme", "topic:install"],
        }
    ]
