"""GroundTruthCurator's assignment documents, kept as a projection of the items' assignedTo.

GTC lists a curator's work ("my assignments") from its assignments container (partition
key /pk), one small document per assigned item:
`{id: "<dataset>|<bucket>|<itemId>", pk: "sme:<userId>", ground_truth_id, datasetName,
bucket, docType: "sme-assignment", schemaVersion: "v1"}` (the same shape in the seed era and
in GTC 2.x). When the database has that container, every item write of the Cosmos repo
is followed by the document changes that make the container say what the item now says:
one document under its holder, none under anyone else. This is persistence, not a rule:
the repo projects what it was given to write.

The item write is the authority and happens first (conditional on its etag); the
documents follow. A failure or a race between two writers can leave a document missing or
stale; `gt-tui cosmos check` reports those and `cosmos migrate --apply` repairs them
(gt_tui/repos/cosmos_assignment_repair.py).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from azure.core import MatchConditions
from azure.core.exceptions import AzureError
from azure.cosmos import exceptions as cosmos_errors
from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.cosmos_layout import NIL_BUCKET

log = logging.getLogger("gt_tui.repos.cosmos")

ASSIGNMENT_DOC_TYPE = "sme-assignment"
ASSIGNMENT_SCHEMA_VERSION = "v1"
ASSIGNMENTS_PARTITION_KEY_PATH = "/pk"
HOLDER_PREFIX = "sme:"
MEMO_SIZE = 20_000
"""Items whose (etag, holder) the repo remembers from its reads and writes."""

Runner = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


def holder_key(user_id: str) -> str:
    """The partition key of a curator's assignment documents."""
    return f"{HOLDER_PREFIX}{user_id}"


def canonical_bucket(bucket: str | None) -> str:
    """The bucket as GTC writes it in an assignment: a lower-case UUID (nil when none)."""
    if not bucket:
        return NIL_BUCKET
    try:
        return str(uuid.UUID(bucket))
    except ValueError:
        return bucket


def assignment_id(dataset_name: str, bucket: str | None, item_id: str) -> str:
    return f"{dataset_name}|{canonical_bucket(bucket)}|{item_id}"


def assignment_body(user_id: str, dataset_name: str, bucket: str | None, item_id: str) -> dict:
    """GTC's AssignmentDocument, its fields in GTC's order."""
    return {
        "id": assignment_id(dataset_name, bucket, item_id),
        "pk": holder_key(user_id),
        "ground_truth_id": item_id,
        "datasetName": dataset_name,
        "bucket": canonical_bucket(bucket),
        "docType": ASSIGNMENT_DOC_TYPE,
        "schemaVersion": ASSIGNMENT_SCHEMA_VERSION,
    }


def holder_of(item: GroundTruthItem) -> str | None:
    """Whose assignment document the item calls for (None: nobody's)."""
    return item.assigned_to or None


@dataclass(frozen=True)
class Holding:
    """One stored assignment document, as much of it as the projection needs."""

    id: str
    pk: str
    etag: str | None = None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Holding:
        return cls(id=str(doc.get("id")), pk=str(doc.get("pk")), etag=doc.get("_etag"))


class _Unknown:
    """The previous holder of a write the repo has no memo of."""


UNKNOWN = _Unknown()
Prior = str | None | _Unknown


class HolderMemo:
    """(dataset, id) -> (etag, holder, bucket) of the versions the repo last read or wrote.

    An etag names one stored version, so a conditional write on etag E that succeeds
    replaced exactly the version remembered for E: its holder is known without a read.
    """

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._size = size
        self._seen: OrderedDict[tuple[str, str], tuple[str, str | None, str | None]] = OrderedDict()

    def seen(self, item: GroundTruthItem) -> None:
        if item.etag is None:
            return
        key = (item.dataset_name, item.id)
        self._seen[key] = (item.etag, holder_of(item), item.bucket)
        self._seen.move_to_end(key)
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)

    def prior(self, dataset_name: str, item_id: str, etag: str | None) -> Prior:
        """The holder of the version a write on `etag` replaces (None for a create)."""
        if etag is None:
            return None
        remembered = self._seen.get((dataset_name, item_id))
        if remembered is None or remembered[0] != etag:
            return UNKNOWN
        return remembered[1]

    def bucket(self, dataset_name: str, item_id: str) -> str | None:
        remembered = self._seen.get((dataset_name, item_id))
        return remembered[2] if remembered is not None else None

    def forget(self, dataset_name: str, item_id: str) -> None:
        self._seen.pop((dataset_name, item_id), None)


class AssignmentDocuments:
    """Reads and writes of the assignments container; `run` is the repo's retry/deadline."""

    def __init__(self, container: ContainerProxy, name: str, run: Runner) -> None:
        self.container = container
        self.name = name
        self._run = run
        self.memo = HolderMemo()

    async def holdings_of(self, dataset_name: str, item_id: str) -> list[Holding]:
        """Every assignment document of one item, under any holder (one query)."""

        async def fetch() -> list[Holding]:
            found = self.container.query_items(
                "SELECT c.id, c.pk, c._etag FROM c WHERE c.datasetName = @ds "
                "AND c.ground_truth_id = @id AND c.docType = @type",
                parameters=[
                    {"name": "@ds", "value": dataset_name},
                    {"name": "@id", "value": item_id},
                    {"name": "@type", "value": ASSIGNMENT_DOC_TYPE},
                ],
            )
            return [Holding.of(doc) async for doc in found]

        return await self._run(fetch)

    async def put(self, user_id: str, item: GroundTruthItem) -> dict[str, Any]:
        body = assignment_body(user_id, item.dataset_name, item.bucket, item.id)
        return await self._run(lambda: self.container.upsert_item(body))

    async def create(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Create a document; None when one with its id is already there."""
        try:
            return await self._run(lambda: self.container.create_item(body))
        except cosmos_errors.CosmosResourceExistsError:
            return None

    async def remove(self, holding: Holding) -> bool:
        """Delete a document (only the version read, when its etag is known); False when
        it is gone already or was written again since."""
        conditions: dict[str, Any] = {}
        if holding.etag is not None:
            conditions = {"etag": holding.etag, "match_condition": MatchConditions.IfNotModified}
        try:
            await self._run(
                lambda: self.container.delete_item(
                    holding.id, partition_key=holding.pk, **conditions
                )
            )
        except (
            cosmos_errors.CosmosResourceNotFoundError,
            cosmos_errors.CosmosAccessConditionFailedError,
        ):
            return False
        return True

    async def follow(
        self, item: GroundTruthItem | None, prior: Prior, *, key: tuple[str, str, str | None]
    ) -> None:
        """Make the documents of one item say what the write just stored.

        `item` is the stored item (None after a delete; `key` is then (dataset, id,
        bucket)). With the previous holder known from the memo, a claim is one upsert, a
        decision one delete, a move both at once, a save by the holder nothing; unknown,
        one query finds the item's documents first. Never raises: the item write has
        happened, and a document left behind is what `cosmos check` reports.
        """
        dataset_name, item_id, bucket = key
        holder = holder_of(item) if item is not None else None
        try:
            if isinstance(prior, _Unknown):
                holdings = await self.holdings_of(dataset_name, item_id)
            elif prior == holder:
                return
            else:
                prior_id = assignment_id(dataset_name, bucket, item_id)
                holdings = [Holding(prior_id, holder_key(prior))] if prior else []
            wanted = None
            if holder is not None:
                wanted = (assignment_id(dataset_name, bucket, item_id), holder_key(holder))
            calls: list[Awaitable[Any]] = [
                self.remove(h) for h in holdings if (h.id, h.pk) != wanted
            ]
            if (
                item is not None
                and holder is not None
                and not any((h.id, h.pk) == wanted for h in holdings)
            ):
                calls.append(self.put(holder, item))
            await asyncio.gather(*calls)
        except (AzureError, GroundTruthError, OSError) as exc:  # the item is written already
            log.warning(
                "assignment document of %s/%s not brought up to date (%s); "
                "`gt-tui cosmos check` reports it, `cosmos migrate --apply` repairs it",
                dataset_name,
                item_id,
                type(exc).__name__,
            )
