"""Curation instructions on Cosmos: one document per dataset in the items container, in
the seed system's shape (id `curation-instructions|DATASET`, docType
`curation-instructions`, bucket the nil UUID), so GTC and gt-tui share them.

Reads are one cross-partition query on datasetName and id: it finds the document on
either partition layout (/datasetName, or /datasetName + /bucket) in one request. Writes
are create, or replace conditional on the etag (If-Match). The item queries leave these
documents out by their docType.
"""

from __future__ import annotations

from typing import Any

from azure.core import MatchConditions
from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.instructions import CurationInstructions, instructions_id

_SYSTEM_FIELDS = ("_rid", "_self", "_ts", "_attachments")


async def read_instructions_doc(
    container: ContainerProxy, dataset_name: str
) -> dict[str, Any] | None:
    docs = container.query_items(
        "SELECT * FROM c WHERE c.datasetName = @ds AND c.id = @id",
        parameters=[
            {"name": "@ds", "value": dataset_name},
            {"name": "@id", "value": instructions_id(dataset_name)},
        ],
    )
    found = [doc async for doc in docs]
    return found[0] if found else None


async def write_instructions_doc(
    container: ContainerProxy, body: dict[str, Any], etag: str | None
) -> dict[str, Any]:
    """Create (etag None) or replace only if the stored etag is `etag`; the stored doc."""
    if etag is None:
        return await container.create_item(body)
    return await container.replace_item(
        body["id"], body, etag=etag, match_condition=MatchConditions.IfNotModified
    )


def instructions_body(doc: CurationInstructions) -> dict[str, Any]:
    body = doc.to_doc()
    body.pop("_etag", None)
    return body


def instructions_from(doc: dict[str, Any]) -> CurationInstructions:
    return CurationInstructions.from_doc(
        {key: value for key, value in doc.items() if key not in _SYSTEM_FIELDS}
    )
