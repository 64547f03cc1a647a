"""The global tag registry on Cosmos, in the seed system's shape: one document
`{"id": "tags|global", "pk": "global", "docType": "tags", "tags": [...]}` in its own
container (GT_COSMOS_TAGS_CONTAINER) partitioned by `/pk`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import exceptions as cosmos_errors
from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.errors import BackendUnavailableError

TAGS_PARTITION_KEY_PATH = "/pk"
REGISTRY_ID = "tags|global"
REGISTRY_PK = "global"
_WRITE_ATTEMPTS = 5


async def _read(container: ContainerProxy) -> dict[str, Any] | None:
    # A query, not a point read: some Cosmos test servers answer 500 for a missing item.
    docs = [
        doc
        async for doc in container.query_items(
            "SELECT * FROM c WHERE c.pk = @pk AND c.id = @id",
            parameters=[
                {"name": "@pk", "value": REGISTRY_PK},
                {"name": "@id", "value": REGISTRY_ID},
            ],
        )
    ]
    return docs[0] if docs else None


def _missing(container_name: str) -> BackendUnavailableError:
    return BackendUnavailableError(
        f"Cosmos tags container {container_name!r} does not exist: create it with partition "
        "key /pk or set GT_COSMOS_CREATE_IF_MISSING=true"
    )


async def read_registry(container: ContainerProxy, container_name: str) -> list[str]:
    try:
        doc = await _read(container)
    except cosmos_errors.CosmosResourceNotFoundError:
        raise _missing(container_name) from None
    return sorted(doc.get("tags") or []) if doc else []


async def add_to_registry(
    container: ContainerProxy, container_name: str, tags: Iterable[str]
) -> list[str]:
    """Union `tags` into the document: conditional writes, re-read and retry on a race."""
    wanted = set(tags)
    for _ in range(_WRITE_ATTEMPTS):
        try:
            doc = await _read(container)
            if doc is None:
                body = {
                    "id": REGISTRY_ID,
                    "pk": REGISTRY_PK,
                    "docType": "tags",
                    "tags": sorted(wanted),
                }
                await container.create_item(body)
                return body["tags"]
            current = set(doc.get("tags") or [])
            if wanted <= current:
                return sorted(current)
            doc["tags"] = sorted(current | wanted)
            await container.replace_item(
                REGISTRY_ID,
                {k: v for k, v in doc.items() if not k.startswith("_")},
                etag=doc.get("_etag"),
                match_condition=MatchConditions.IfNotModified,
            )
            return doc["tags"]
        except (
            cosmos_errors.CosmosResourceExistsError,
            cosmos_errors.CosmosAccessConditionFailedError,
        ):
            continue
        except cosmos_errors.CosmosResourceNotFoundError:
            raise _missing(container_name) from None
    raise BackendUnavailableError("tag registry: too many concurrent writers, try again")
