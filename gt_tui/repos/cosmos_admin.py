"""What gt-tui needs from a Cosmos container, and the changes that give it (`gt-tui cosmos
check|migrate`). Persistence only: the container's policy and raw documents.

The migration only adds: composite indexes missing from the indexing policy (none is ever
removed), and gt-tui's helper fields (sampleKey, gtIndex) on items that lack them. Each
backfill write is a replace of the document as read plus those two fields, conditional on
its etag, so every other field stays byte-identical and a concurrent edit wins (it is
reported, not overwritten). The backfill reads only documents still lacking the fields,
so a stopped run resumes where it was and a finished one finds nothing to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import PartitionKey
from azure.cosmos import exceptions as cosmos_errors

from gt_tui.repos.cosmos import CosmosGroundTruthRepo, _from_doc
from gt_tui.repos.cosmos_plans import Composite, composites_of, served_by
from gt_tui.repos.cosmos_query import INDEX_FIELD, ITEM_DOC_TYPE, ITEM_ONLY, index_fields
from gt_tui.repos.cosmos_support import load_indexing_policy, translate_errors

_DOC_TYPE = [{"name": "@docType", "value": ITEM_DOC_TYPE}]
_LACKS_HELPERS = (
    f"{ITEM_ONLY} AND (NOT IS_DEFINED(c.sampleKey) OR NOT IS_DEFINED(c.{INDEX_FIELD})"
    f" OR NOT IS_DEFINED(c.{INDEX_FIELD}.toolCallCount))"
)
"""Items lacking a helper field, or written before the index had the agentic fields
(shape, toolNames, toolCallCount): `cosmos migrate --apply` writes them."""
_AGENTIC = f"{ITEM_ONLY} AND (NOT IS_DEFINED(c.synthQuestion) OR IS_NULL(c.synthQuestion))"
"""Agentic items by their stored fields (gt_tui/domain/shapes.py), helper fields or not."""
_SYSTEM = ("_rid", "_self", "_ts", "_attachments", "_etag")
BACKFILL_PAGE = 100


def describe_composite(composite: Composite) -> str:
    return "(" + ", ".join(f"{path} {order[:3]}" for path, order in composite) + ")"


@dataclass
class ContainerReport:
    container: str
    layout: tuple[str, ...]
    items: int
    without_helpers: int
    missing_composites: list[Composite]
    other_doc_types: dict[str, int]
    agentic: int = 0
    """Items of GTC 2.x's agentic shape (no synthQuestion); the others are RAG-shaped."""

    def lines(self) -> list[str]:
        out = [
            f"container {self.container}: partition key {' + '.join(self.layout)} (supported)",
            f"items: {self.items} ({self.items - self.agentic} RAG, {self.agentic} agentic)",
        ]
        if self.missing_composites:
            out.append(
                f"composite indexes missing: {len(self.missing_composites)} (those sorts use "
                "single-field reads, one more request when a page ends in a tie)"
            )
            out += [f"  {describe_composite(c)}" for c in self.missing_composites]
        else:
            out.append("composite indexes: all present")
        if self.without_helpers:
            out.append(
                f"items without gt-tui helper fields (sampleKey, {INDEX_FIELD}): "
                f"{self.without_helpers}; they are queued, claimed and sampled, but tag, "
                "text and URL filters and the updated/reviewed/tag-count/answer sorts leave "
                "them out until they are written or migrated"
            )
        else:
            out.append("items without gt-tui helper fields: 0")
        shown = ", ".join(f"{name} ({n})" for name, n in sorted(self.other_doc_types.items()))
        out.append(f"other document types (never read or written as items): {shown or 'none'}")
        if self.missing_composites or self.without_helpers:
            out.append("run `gt-tui cosmos migrate` to see the changes, --apply to make them")
        return out


async def _count(repo: CosmosGroundTruthRepo, where: str) -> int:
    found = repo.raw_container().query_items(
        f"SELECT VALUE COUNT(1) FROM c WHERE {where}",  # noqa: S608 - fixed text
        parameters=_DOC_TYPE,
    )
    return sum([n async for n in found])


async def missing_composites(repo: CosmosGroundTruthRepo) -> list[Composite]:
    """gt-tui's composite indexes that the container's policy does not serve."""
    properties = await repo.raw_container().read()
    present = composites_of(properties.get("indexingPolicy"))
    wanted = sorted(composites_of(load_indexing_policy()))
    return [composite for composite in wanted if not served_by(composite, present)]


async def inspect_container(repo: CosmosGroundTruthRepo) -> ContainerReport:
    async with translate_errors(repo.endpoint, "check the container"):
        types: Counter[str] = Counter()
        others = repo.raw_container().query_items(
            f"SELECT c.docType FROM c WHERE NOT {ITEM_ONLY}",  # noqa: S608 - fixed text
            parameters=_DOC_TYPE,
        )
        async for doc in others:
            types[str(doc.get("docType"))] += 1
        return ContainerReport(
            container=repo.container_name,
            layout=repo.layout.paths,
            items=await _count(repo, ITEM_ONLY),
            without_helpers=await _count(repo, _LACKS_HELPERS),
            missing_composites=await missing_composites(repo),
            other_doc_types=dict(types),
            agentic=await _count(repo, _AGENTIC),
        )


async def add_composites(repo: CosmosGroundTruthRepo, composites: list[Composite]) -> None:
    """Append composite indexes to the container's policy, keeping everything else."""
    if not composites:
        return
    container = repo.raw_container()
    async with translate_errors(repo.endpoint, "update the indexing policy"):
        properties = await container.read()
        policy = dict(properties.get("indexingPolicy") or {})
        policy["compositeIndexes"] = [
            *(policy.get("compositeIndexes") or []),
            *([{"path": path, "order": order} for path, order in c] for c in composites),
        ]
        definition = properties["partitionKey"]
        paths = definition["paths"]
        key = PartitionKey(
            path=paths if len(paths) > 1 else paths[0], kind=definition.get("kind", "Hash")
        )
        await repo.raw_database().replace_container(
            container, partition_key=key, indexing_policy=policy
        )


@dataclass
class BackfillSummary:
    written: int = 0
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"helper fields written: {self.written}"]
        if self.conflicts:
            out.append(
                f"changed by someone else meanwhile, left as they are: {len(self.conflicts)} "
                "(run migrate again for them)"
            )
            out += [f"  {key}" for key in self.conflicts]
        out += [f"  skipped {problem}" for problem in self.problems]
        return out


def with_helpers(doc: dict[str, Any]) -> dict[str, Any]:
    """The stored document as it is, plus the helper fields it lacks."""
    item = _from_doc(doc)
    body = {key: value for key, value in doc.items() if key not in _SYSTEM}
    body.setdefault("sampleKey", item.sample_key)
    if "toolCallCount" not in (body.get(INDEX_FIELD) or {}):
        body[INDEX_FIELD] = index_fields(item)
    return body


async def backfill_helpers(
    repo: CosmosGroundTruthRepo,
    *,
    on_total: Callable[[int], None] = lambda total: None,
    on_progress: Callable[[int], None] = lambda advanced: None,
) -> BackfillSummary:
    summary = BackfillSummary()
    container = repo.raw_container()
    passed: list[str] = []  # ids left behind (conflict, problem): not read again this run
    async with translate_errors(repo.endpoint, "backfill helper fields"):
        on_total(await _count(repo, _LACKS_HELPERS))
        while True:
            page = [
                doc
                async for doc in container.query_items(
                    f"SELECT TOP {BACKFILL_PAGE} * FROM c WHERE {_LACKS_HELPERS} "  # noqa: S608
                    "AND NOT ARRAY_CONTAINS(@passed, c.id)",
                    parameters=[*_DOC_TYPE, {"name": "@passed", "value": passed}],
                )
            ]
            if not page:
                return summary
            for doc in page:
                key = f"{doc.get('datasetName')}/{doc.get('id')}"
                try:
                    body = with_helpers(doc)
                    written = await container.replace_item(
                        doc["id"],
                        body,
                        etag=doc["_etag"],
                        match_condition=MatchConditions.IfNotModified,
                    )
                    summary.written += 1
                    await repo.record_migration(doc, written)
                except (cosmos_errors.CosmosAccessConditionFailedError,
                        cosmos_errors.CosmosResourceNotFoundError):  # fmt: skip
                    summary.conflicts.append(key)
                    passed.append(doc["id"])
                except ValueError as exc:  # not a valid item: reported, never rewritten
                    summary.problems.append(f"{key}: {str(exc).splitlines()[0]}")
                    passed.append(doc["id"])
                on_progress(1)
