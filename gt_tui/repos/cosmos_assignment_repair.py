"""`gt-tui cosmos check|migrate` for GroundTruthCurator's assignment documents.

The assignments container should hold exactly one document per assigned item, under its
holder (gt_tui/repos/cosmos_assignments.py). check compares the two (two queries: the
assigned items, the documents) and reports the documents that are missing and those that
are stale (their item is gone, or held by someone else, or by nobody). migrate --apply
repairs them with conditional writes: a missing document is created only while its item
is still held by that curator (and removed again if the item moved meanwhile); a stale one
is deleted only in the version read (If-Match), after the item was read again. Every run
starts from what is stored, so a stopped run resumes and a finished one finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import exceptions as cosmos_errors

from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_assignments import (
    ASSIGNMENT_DOC_TYPE,
    AssignmentDocuments,
    assignment_body,
    assignment_id,
    holder_key,
)
from gt_tui.repos.cosmos_query import ITEM_DOC_TYPE, ITEM_ONLY, is_item_document
from gt_tui.repos.cosmos_support import translate_errors

SHOWN = 10
"""Keys listed per kind of problem; the counts are always complete."""


@dataclass(frozen=True)
class Wanted:
    """The document an assigned item calls for: the item's key, bucket and holder."""

    dataset_name: str
    item_id: str
    bucket: str | None
    user_id: str

    @property
    def key(self) -> tuple[str, str]:
        return (
            assignment_id(self.dataset_name, self.bucket, self.item_id),
            holder_key(self.user_id),
        )


@dataclass(frozen=True)
class Stored:
    """An assignment document as stored."""

    id: str
    pk: str
    etag: str
    dataset_name: str
    item_id: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.pk)


@dataclass
class AssignmentReport:
    container: str | None
    """The assignments container in use; None when the database has none."""
    absent: str = ""
    """Why there is none."""
    documents: int = 0
    assigned_items: int = 0
    missing: list[Wanted] = field(default_factory=list)
    stale: list[Stored] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.container is None:
            return [
                f"assignments container: {self.absent} (no GroundTruthCurator assignment "
                "documents are kept)"
            ]
        out = [
            f"assignments container {self.container}: {self.documents} documents for "
            f"{self.assigned_items} assigned items",
            f"assignment documents missing: {len(self.missing)}"
            + (
                " (GroundTruthCurator does not list these items as assigned)"
                if self.missing
                else ""
            ),
        ]
        out += [f"  {w.key[0]} for {w.user_id}" for w in self.missing[:SHOWN]]
        out.append(
            f"assignment documents stale: {len(self.stale)}"
            + (" (their item is gone or held by someone else)" if self.stale else "")
        )
        out += [f"  {s.id} under {s.pk}" for s in self.stale[:SHOWN]]
        if self.missing or self.stale:
            out.append("run `gt-tui cosmos migrate --apply` to repair them")
        return out


async def inspect_assignments(repo: CosmosGroundTruthRepo) -> AssignmentReport:
    docs = repo.assignment_documents
    if docs is None:
        return AssignmentReport(container=None, absent=repo.assignments_absent)
    async with translate_errors(repo.endpoint, "check the assignment documents"):
        wanted = await _assigned_items(repo)
        stored = await _stored_documents(docs)
    wanted_keys = {w.key for w in wanted}
    stored_keys = {s.key for s in stored}
    return AssignmentReport(
        container=docs.name,
        documents=len(stored),
        assigned_items=len(wanted),
        missing=sorted((w for w in wanted if w.key not in stored_keys), key=lambda w: w.key),
        stale=sorted((s for s in stored if s.key not in wanted_keys), key=lambda s: s.key),
    )


async def _assigned_items(repo: CosmosGroundTruthRepo) -> list[Wanted]:
    found = repo.raw_container().query_items(
        "SELECT c.id, c.datasetName, c.bucket, c.assignedTo FROM c WHERE "  # noqa: S608
        f"{ITEM_ONLY} AND IS_STRING(c.assignedTo) AND c.assignedTo != ''",
        parameters=[{"name": "@docType", "value": ITEM_DOC_TYPE}],
    )
    return [
        Wanted(doc["datasetName"], doc["id"], doc.get("bucket"), doc["assignedTo"])
        async for doc in found
    ]


async def _stored_documents(docs: AssignmentDocuments) -> list[Stored]:
    found = docs.container.query_items(
        "SELECT c.id, c.pk, c._etag, c.datasetName, c.ground_truth_id FROM c "
        "WHERE c.docType = @type",
        parameters=[{"name": "@type", "value": ASSIGNMENT_DOC_TYPE}],
    )
    return [
        Stored(
            str(doc["id"]),
            str(doc["pk"]),
            doc["_etag"],
            str(doc.get("datasetName")),
            str(doc.get("ground_truth_id")),
        )
        async for doc in found
    ]


@dataclass
class AssignmentRepair:
    created: int = 0
    removed: int = 0
    conflicts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"assignment documents created: {self.created}, removed: {self.removed}"]
        if self.conflicts:
            out.append(
                f"changed meanwhile, left as they are: {len(self.conflicts)} "
                "(run migrate again for them)"
            )
            out += [f"  {key}" for key in self.conflicts]
        return out


async def repair_assignments(
    repo: CosmosGroundTruthRepo,
    report: AssignmentReport,
    *,
    on_progress: Callable[[int], None] = lambda advanced: None,
) -> AssignmentRepair:
    summary = AssignmentRepair()
    docs = repo.assignment_documents
    if docs is None:
        return summary
    async with translate_errors(repo.endpoint, "repair the assignment documents"):
        for wanted in report.missing:
            await _create_missing(repo, docs, wanted, summary)
            on_progress(1)
        for stored in report.stale:
            await _remove_stale(repo, docs, stored, summary)
            on_progress(1)
    return summary


async def _create_missing(
    repo: CosmosGroundTruthRepo,
    docs: AssignmentDocuments,
    wanted: Wanted,
    summary: AssignmentRepair,
) -> None:
    """Create the document while the item is held by its user; take it back if the item
    moved between that read and the create (the mover did not see it to delete it)."""
    now = await _held_now(repo, wanted.dataset_name, wanted.item_id)
    if now is None or now.user_id != wanted.user_id:
        return  # moved since the check; the mover's write kept its own document
    created = await docs.create(
        assignment_body(wanted.user_id, wanted.dataset_name, now.bucket, wanted.item_id)
    )
    if created is None:
        return  # written meanwhile (by the holder's next write, or another migrate)
    again = await _held_now(repo, wanted.dataset_name, wanted.item_id)
    if again is not None and again.user_id == wanted.user_id:
        summary.created += 1
        return
    await _delete_version(docs, created)
    summary.conflicts.append(f"{wanted.key[0]} for {wanted.user_id}")


async def _remove_stale(
    repo: CosmosGroundTruthRepo,
    docs: AssignmentDocuments,
    stored: Stored,
    summary: AssignmentRepair,
) -> None:
    now = await _held_now(repo, stored.dataset_name, stored.item_id)
    if now is not None and now.key == stored.key:
        return  # its item was given back to this holder since the check
    if await _delete_version(docs, {"id": stored.id, "pk": stored.pk, "_etag": stored.etag}):
        summary.removed += 1
    else:
        summary.conflicts.append(f"{stored.id} under {stored.pk}")


async def _held_now(repo: CosmosGroundTruthRepo, dataset_name: str, item_id: str) -> Wanted | None:
    """Who holds the item now, read raw: one query, for items of any shape."""
    found = repo.raw_container().query_items(
        "SELECT c.bucket, c.assignedTo, c.docType FROM c WHERE c.datasetName = @ds AND c.id = @id",
        parameters=[{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
    )
    for doc in [doc async for doc in found if is_item_document(doc)]:
        holder = doc.get("assignedTo")
        if isinstance(holder, str) and holder:
            return Wanted(dataset_name, item_id, doc.get("bucket"), holder)
    return None


async def _delete_version(docs: AssignmentDocuments, doc: dict[str, Any]) -> bool:
    """Delete exactly the version read; False when it was written again or is gone."""
    try:
        await docs.container.delete_item(
            doc["id"],
            partition_key=doc["pk"],
            etag=doc["_etag"],
            match_condition=MatchConditions.IfNotModified,
        )
    except cosmos_errors.CosmosAccessConditionFailedError:
        return False
    except cosmos_errors.CosmosResourceNotFoundError:
        return True
    return True
