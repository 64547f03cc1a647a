"""Item history on Cosmos: revisions in a container of their own (GT_COSMOS_HISTORY_CONTAINER,
partition key /datasetName), never in the items container, whose other document types
GroundTruthCurator reads.

Cosmos has no transaction across containers: a revision is written right after its item,
carrying the item's new etag and the one before. A crash between the two leaves a gap
(the item's etag is not the last revision's); `gt-tui history --verify` finds it.
"""

from __future__ import annotations

import builtins
import hashlib
import logging
from collections import OrderedDict
from typing import Any

from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    GroundTruthError,
    NotFoundError,
)
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.queries import ItemQuery
from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote, make_revision
from gt_tui.repos.cosmos_query import INDEX_FIELD, SqlQuery, is_item_document
from gt_tui.repos.cosmos_side_docs import CosmosSideDocuments
from gt_tui.repos.cosmos_support import translate_errors
from gt_tui.repos.filtering import sortable_utc

log = logging.getLogger("gt_tui.repos.cosmos")

HISTORY_PARTITION_KEY_PATH = "/datasetName"
CHANGED_IDS_PER_QUERY = 500
RECENT_DOCUMENTS = 2048
"""Documents kept from reads and writes (see CosmosHistory._remember)."""
REVISION_INDEX_KEY = "revision"
"""The item's last revision number, kept among its helper fields (gtIndex): the next write
numbers its revision without reading the history container."""
REVISION_DOC_TYPE = "gt-tui-revision"
_SORTABLE_AT = "atSortable"
_SYSTEM_FIELDS = ("_rid", "_self", "_ts", "_attachments", "_etag", "id", "docType", _SORTABLE_AT)


def revision_id(item_id: str, number: int) -> str:
    """A document id within Cosmos's limits whatever the item id holds: a digest of it
    and the number (the item id itself is a field of the document)."""
    digest = hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:32]
    return f"{digest}|{number:09d}"


def revision_body(revision: Revision) -> dict[str, Any]:
    body = revision.to_doc()
    body["id"] = revision_id(revision.item_id, revision.number)
    body["docType"] = REVISION_DOC_TYPE
    body[_SORTABLE_AT] = sortable_utc(revision.at)  # ISO text of fixed width: string order
    return body


def next_revision_number(raw: dict[str, Any] | None) -> int:
    """The number of the revision of a write replacing stored document `raw`: one after the
    number its helper fields carry; 1 without one (an item from before history, or from
    another program), and _record_revision moves on if that number is taken."""
    known = ((raw or {}).get(INDEX_FIELD) or {}).get(REVISION_INDEX_KEY)
    if isinstance(known, int) and not isinstance(known, bool) and known >= 1:
        return known + 1
    return 1


class CosmosHistory(CosmosSideDocuments):
    """Revisions of items over the connection (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recent: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()

    def _history_container(self) -> ContainerProxy:
        if self._client is None:
            raise BackendUnavailableError("Cosmos repository is not open")
        database = self._client.get_database_client(self._settings.cosmos_database)
        return database.get_container_client(self._settings.cosmos_history_container)

    def _history_missing(self) -> BackendUnavailableError:
        return BackendUnavailableError(
            f"Cosmos history container {self._settings.cosmos_history_container!r} does not "
            "exist: create it with partition key /datasetName or set "
            "GT_COSMOS_CREATE_IF_MISSING=true"
        )

    async def _query_history(self, text: str, params: list[dict[str, Any]]) -> list[Revision]:
        async def fetch() -> builtins.list[dict[str, Any]]:
            results = self._history_container().query_items(text, parameters=params)
            return [doc async for doc in results]

        try:
            async with translate_errors(self._endpoint, "read item history"):
                docs = await self._with_retries(fetch)
        except NotFoundError as exc:  # a query never 404s for a document: no container
            raise self._history_missing() from exc
        return [self._revision_from(doc) for doc in docs]

    def _revision_from(self, doc: dict[str, Any]) -> Revision:
        clean = self._post_read_transform(doc)
        return Revision.from_doc({k: v for k, v in clean.items() if k not in _SYSTEM_FIELDS})

    def _remember(self, raw: dict[str, Any]) -> None:
        """Keep a document just read or written: a write of that version (the usual case:
        a claim of a sampled item, a decision on an opened one) then has its revision's
        "before" and number without reading the store again."""
        key = (raw.get("datasetName"), raw.get("id"))
        if not isinstance(key[0], str) or not isinstance(key[1], str):
            return
        self._recent[key] = raw
        self._recent.move_to_end(key)
        while len(self._recent) > RECENT_DOCUMENTS:
            self._recent.popitem(last=False)

    def _recalled(self, dataset_name: str, item_id: str, etag: str) -> dict[str, Any] | None:
        raw = self._recent.get((dataset_name, item_id))
        return raw if raw is not None and raw.get("_etag") == etag else None

    async def _last_revision_number(self, dataset_name: str, item_id: str) -> int:
        found = await self._query_history(
            "SELECT TOP 1 * FROM c WHERE c.datasetName = @ds AND c.itemId = @id "
            "ORDER BY c.number DESC",
            [{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
        )
        return found[0].number if found else 0

    async def _record_revision(
        self,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        note: WriteNote | None,
        number: int,
    ) -> None:
        """Write the revision of a write that has happened. A failure here does not undo
        the item's write (nothing can): it is logged, and `history --verify` finds it.
        When `number` is taken (an item re-created after a removal), the next free one."""
        source = after if after is not None else before or {}
        key = f"{source.get('datasetName')}/{source.get('id')}"
        try:
            try:
                await self._create_revision(before, after, note, number, key)
            except AlreadyExistsError:
                last = await self._last_revision_number(source["datasetName"], source["id"])
                await self._create_revision(before, after, note, last + 1, key)
        except GroundTruthError as exc:
            log.warning("item %s was written but its revision was not: %s", key, exc)

    async def _create_revision(
        self,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        note: WriteNote | None,
        number: int,
        key: str,
    ) -> None:
        revision = make_revision(
            before=before,
            after=after,
            note=note,
            number=number,
            prev_etag=before.get("_etag") if before is not None else None,
            etag=after.get("_etag") if after is not None else None,
        )
        body = self._pre_write_transform(revision_body(revision))
        container = self._history_container()
        async with translate_errors(self._endpoint, f"write the revision of {key}"):
            await self._with_retries(lambda: container.create_item(body))

    def _item_from(self, doc: dict[str, Any]) -> GroundTruthItem:
        raise NotImplementedError  # CosmosGroundTruthRepo's

    async def _changed_items(self, query: ItemQuery) -> builtins.list[GroundTruthItem]:
        """The items with a revision by query.changed_by / since query.changed_since: their
        keys from the history container, then the items by id (CHANGED_IDS_PER_QUERY at a
        time). Query and count them in memory: one query cannot join two containers."""
        found = await self.revisions(
            RevisionQuery(
                by=query.changed_by, since=query.changed_since, dataset_name=query.dataset_name
            )
        )
        keys = {revision.key for revision in found}
        ids = sorted({item_id for _, item_id in keys})
        items: builtins.list[GroundTruthItem] = []
        for start in range(0, len(ids), CHANGED_IDS_PER_QUERY):
            docs = await self._fetch_all(
                SqlQuery(
                    "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.id)",
                    [{"name": "@ids", "value": ids[start : start + CHANGED_IDS_PER_QUERY]}],
                )
            )
            items.extend(
                self._item_from(doc)
                for doc in docs
                if is_item_document(doc) and (doc.get("datasetName"), doc.get("id")) in keys
            )
        return items

    async def history(self, dataset_name: str, item_id: str) -> builtins.list[Revision]:
        return await self._query_history(
            "SELECT * FROM c WHERE c.datasetName = @ds AND c.itemId = @id ORDER BY c.number",
            [{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
        )

    async def revisions(self, query: RevisionQuery) -> builtins.list[Revision]:
        """One cross-partition query, ordered by time in memory (a single-field ORDER BY
        on the fixed-width time text would do too; sorting keeps ties in a stable order)."""
        clauses = [f"c.docType = '{REVISION_DOC_TYPE}'"]
        params: list[dict[str, Any]] = []
        if query.since is not None:
            clauses.append(f"c.{_SORTABLE_AT} >= @since")
            params.append({"name": "@since", "value": sortable_utc(query.since)})
        if query.until is not None:
            clauses.append(f"c.{_SORTABLE_AT} < @until")
            params.append({"name": "@until", "value": sortable_utc(query.until)})
        if query.dataset_name is not None:
            clauses.append("c.datasetName = @ds")
            params.append({"name": "@ds", "value": query.dataset_name})
        if query.by is not None:
            clauses.append('c["by"] = @by')  # BY is a keyword of the query language
            params.append({"name": "@by", "value": query.by})
        if query.ops:
            clauses.append("ARRAY_CONTAINS(@ops, c.op)")
            params.append({"name": "@ops", "value": list(query.ops)})
        where = " AND ".join(clauses)
        found = await self._query_history(
            f"SELECT * FROM c WHERE {where}",  # noqa: S608 - fixed clauses, values are parameters
            params,
        )
        return sorted(found, key=lambda r: (r.at, r.dataset_name, r.item_id, r.number))
