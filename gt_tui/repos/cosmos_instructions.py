"""Curation instructions on Cosmos: one document per dataset in the items container, in
the seed system's shape (id `curation-instructions|DATASET`, docType
`curation-instructions`, bucket the nil UUID), so GTC and gt-tui share them. GTC 2.x
names them `curation-DATASET`: both ids are read, and a new document takes the form the
container's other instructions documents already use (the seed era's when there is none).

Reads are one cross-partition query on datasetName and id: it finds the document on
either partition layout (/datasetName, or /datasetName + /bucket) in one request. Writes
are create, or replace conditional on the etag (If-Match). The item queries leave these
documents out by their docType.
"""

from __future__ import annotations

from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.instructions import (
    INSTRUCTIONS_DOC_TYPE,
    CurationInstructions,
    instructions_ids,
    uses_2x_ids,
)

_SYSTEM_FIELDS = ("_rid", "_self", "_ts", "_attachments")


async def read_instructions_doc(
    container: ContainerProxy, dataset_name: str
) -> dict[str, Any] | None:
    """The dataset's document under either id (the seed era's first if both exist)."""
    ids = instructions_ids(dataset_name)
    docs = container.query_items(
        "SELECT * FROM c WHERE c.datasetName = @ds AND ARRAY_CONTAINS(@ids, c.id)",
        parameters=[{"name": "@ds", "value": dataset_name}, {"name": "@ids", "value": ids}],
    )
    found = sorted([doc async for doc in docs], key=lambda doc: ids.index(doc["id"]))
    return found[0] if found else None


async def container_uses_2x_ids(container: ContainerProxy) -> bool:
    """Whether the container's instructions documents have GTC 2.x's ids (one query)."""
    docs = container.query_items(
        "SELECT TOP 1 c.id FROM c WHERE c.docType = @type",
        parameters=[{"name": "@type", "value": INSTRUCTIONS_DOC_TYPE}],
    )
    found = [doc async for doc in docs]
    return bool(found) and uses_2x_ids(str(found[0]["id"]))


async def write_instructions_doc(
    container: ContainerProxy, body: dict[str, Any], etag: str | None
) -> dict[str, Any]:
    """Create (etag None) or replace only if the stored etag is `etag`; the stored doc."""
    if etag is None:
        return await container.create_item(body)
    return await container.replace_item(
        body["id"], body, etag=etag, match_condition=MatchConditions.IfNotModified
    )


def instructions_body(doc: CurationInstructions, *, gtc_2x_id: bool = False) -> dict[str, Any]:
    """The document to write; a new one (no etag) named in GTC 2.x's form if asked."""
    body = doc.to_doc()
    body.pop("_etag", None)
    if doc.etag is None and gtc_2x_id:
        body["id"] = instructions_ids(doc.dataset_name)[1]
    return body


def instructions_from(doc: dict[str, Any]) -> CurationInstructions:
    return CurationInstructions.from_doc(
        {key: value for key, value in doc.items() if key not in _SYSTEM_FIELDS}
    )
