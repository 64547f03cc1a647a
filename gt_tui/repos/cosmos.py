"""Azure Cosmos DB repository (async azure-cosmos SDK), production code only.

Writes are conditional on the etag (If-Match); paging is by keyset (see _query_page); every
SDK error is translated into a domain error here, so nothing above the repo sees a status
code. The connection (open, health, deadlines, the seams that
`CosmosEmulatorGroundTruthRepo` overrides) is in cosmos_connection.py; the tag registry and
curation instructions in cosmos_side_docs.py.
"""

from __future__ import annotations

import asyncio
import builtins
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import exceptions as cosmos_errors

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import (
    AlreadyExistsError,
    ConcurrencyError,
    GroundTruthError,
    NotFoundError,
)
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import ItemPage, ItemQuery, SortField
from gt_tui.repos.cosmos_assignments import UNKNOWN, Prior
from gt_tui.repos.cosmos_connection import PARTITION_KEY_PATH
from gt_tui.repos.cosmos_counts import count_groups_query, group_counts_from
from gt_tui.repos.cosmos_history import REVISION_INDEX_KEY, CosmosHistory, next_revision_number
from gt_tui.repos.cosmos_layout import (
    sample_key_of_bucket,
)
from gt_tui.repos.cosmos_plans import (
    needed_composite,
    page_by_single_fields,
    served_by,
)
from gt_tui.repos.cosmos_query import (
    INDEX_FIELD,
    ITEM_DOC_TYPE,
    SortPosition,
    SqlQuery,
    count_items,
    index_fields,
    is_item_document,
    select_items,
    select_page,
    sort_position,
)
from gt_tui.repos.cosmos_sampling import merge_by_position, positioned, select_unkeyed
from gt_tui.repos.cosmos_support import (
    fingerprint,
    translate_errors,
)
from gt_tui.repos.filtering import decode_cursor, encode_cursor, matches, page_in_memory
from gt_tui.repos.grouping import count_in_memory

__all__ = ["PARTITION_KEY_PATH", "CosmosGroundTruthRepo"]

_SYSTEM_FIELDS = ("_rid", "_self", "_ts", "_attachments", INDEX_FIELD)
_NEVER_MATCHING_ETAG = '"gt-tui:no-etag"'


def _to_doc(item: GroundTruthItem) -> dict[str, Any]:
    """The stored document: the item by alias, no etag, plus the query helper fields."""
    doc = item.to_doc()
    doc.pop("_etag", None)
    doc[INDEX_FIELD] = index_fields(item)
    return doc


def _from_doc(doc: dict[str, Any]) -> GroundTruthItem:
    """The item from a stored document; system and helper fields are dropped. An item
    without a sampleKey (GTC's) gets the position its bucket stands for, the order the
    sampler reads it in (gt_tui/repos/cosmos_sampling.py), instead of a random one."""
    clean = {key: value for key, value in doc.items() if key not in _SYSTEM_FIELDS}
    if "sampleKey" not in clean:
        position = sample_key_of_bucket(clean.get("bucket"))
        if position is not None:
            clean["sampleKey"] = position
    return GroundTruthItem.from_doc(clean)


class CosmosGroundTruthRepo(CosmosHistory):
    """Ground-truth items in one Cosmos container partitioned by /datasetName.

    Build it, then `await open()` (done by gt_tui.repos.cosmos_factory.open_cosmos_repo):
    open checks the database and container and fails with an actionable message.
    """

    backend_name = "cosmos"

    async def _read_document(self, dataset_name: str, item_id: str) -> dict[str, Any] | None:
        """seam: one stored document by key, None when missing (a point read). On the
        hierarchical layout the bucket is not known from (dataset, id): one query over
        the dataset finds the document instead (still one request)."""
        if self._layout.hierarchical:
            return await self._query_document(dataset_name, item_id)
        try:
            return await self._container_proxy().read_item(item_id, partition_key=dataset_name)
        except cosmos_errors.CosmosResourceNotFoundError:
            return None

    async def _query_document(self, dataset_name: str, item_id: str) -> dict[str, Any] | None:
        """The stored document by key through a query (a missing one is an empty answer on
        every server, where some answer a point read of it with an error)."""
        found = await self._fetch_all(
            SqlQuery(
                "SELECT * FROM c WHERE c.datasetName = @ds AND c.id = @id",
                [{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
            )
        )
        items = [doc for doc in found if is_item_document(doc)]
        return items[0] if items else None

    async def _group_rows(
        self, query: ItemQuery, fields: tuple[CountField, ...]
    ) -> builtins.list[dict[str, Any]]:
        """seam: rows of (g0.., n) for grouped counts; one GROUP BY query."""
        return await self._fetch_all(count_groups_query(query, fields))

    async def _query_page(self, query: ItemQuery) -> ItemPage:
        """seam: one page of a query, by keyset: `TOP limit+1 ... WHERE (sort, id, dataset)
        after the cursor's position ORDER BY sort, id, dataset`.

        One request per page, exact end-of-results, stable under concurrent writes, and it
        works across physical partitions: the Python SDK cannot resume cross-partition
        ORDER BY queries from a continuation token. The cursor carries the position, a
        digest of the query's filters and sort, and the total counted on the first page.
        """
        digest = fingerprint(select_items(query))
        after: SortPosition | None = None
        total: int | None = None
        if query.cursor:
            payload = decode_cursor(query.cursor)
            position, total = payload.get("after"), payload.get("n")
            if payload.get("q") != digest or not isinstance(position, list) or len(position) != 3:
                raise ValueError("invalid cursor: it belongs to a different query")
            if not isinstance(total, int) or isinstance(total, bool):
                raise ValueError("invalid cursor: no total")
            after = (position[0], position[1], position[2])
        if not query.include_total:
            total = -1
        elif total == -1:
            total = None  # the first page skipped counting; this one wants a total
        counting = asyncio.ensure_future(_known(total) if total is not None else self._count(query))
        try:
            docs = await self._page_documents(query, after, query.limit + 1)
            total = await counting
        finally:
            counting.cancel()
        cursor = None
        if len(docs) > query.limit:
            docs = docs[: query.limit]
            last = list(sort_position(docs[-1], query.sort))
            cursor = encode_cursor({"q": digest, "after": last, "n": total})
        return ItemPage(
            items=[self._item_from(doc) for doc in docs], next_cursor=cursor, total=total
        )

    async def _page_documents(
        self, query: ItemQuery, after: SortPosition | None, size: int
    ) -> builtins.list[dict[str, Any]]:
        """One request when a composite index serves the ORDER BY; else the single-field
        plan (gt_tui/repos/cosmos_plans.py) the container's range indexes serve. On the
        hierarchical layout a sample-key page also reads the items that have no
        sampleKey, by bucket (gt_tui/repos/cosmos_sampling.py)."""
        needed = needed_composite(query)
        if needed is None or served_by(needed, self._composites):
            keyed = await self._fetch_all(select_page(query, after, size))
        else:
            keyed = await page_by_single_fields(self._fetch_all, query, after, size)
        if not (self._layout.hierarchical and query.sort is SortField.sample_key):
            return keyed
        unkeyed = positioned(
            await self._fetch_all(select_unkeyed(query, after, size)), query, after
        )
        return merge_by_position(keyed, unkeyed, query, size)

    # ----- the repository protocol -----

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        async with translate_errors(self._endpoint, f"read {dataset_name}/{item_id}"):
            doc = await self._with_retries(lambda: self._read_document(dataset_name, item_id))
        if doc is None or not is_item_document(doc):
            return None
        return self._item_from(doc)

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        query = ItemQuery(
            dataset_name=dataset_name, status=status, sort=SortField.id, limit=1000,
            include_total=False,
        )  # fmt: skip
        found: builtins.list[GroundTruthItem] = []
        while True:
            page = await self.query(query)
            found.extend(page.items)
            if page.next_cursor is None:
                return found
            query = query.model_copy(update={"cursor": page.next_cursor})

    async def upsert(
        self, item: GroundTruthItem, *, note: WriteNote | None = None
    ) -> GroundTruthItem:
        """The item, then its revision (cosmos_history.py): one more write. The version it
        replaces (the revision's "before") is the one this repo last read or wrote when the
        etags match, else one read (a stale etag is then refused by the write itself)."""
        before: dict[str, Any] | None = None
        raw = None
        if item.etag is not None:
            raw = self._recalled(item.dataset_name, item.id, item.etag)
            raw = raw or await self._version_replaced(item)
            before = self._item_doc(raw) if raw is not None else None
        number = next_revision_number(raw)
        stored = await self._write_item(item, number)
        await self._record_revision(before, stored.to_doc(), note, number)
        return stored

    async def _version_replaced(self, item: GroundTruthItem) -> dict[str, Any] | None:
        """The stored document an update replaces (None: missing, or stale: the write
        itself then says which)."""
        key = f"{item.dataset_name}/{item.id}"
        async with translate_errors(self._endpoint, f"read {key}"):
            doc = await self._with_retries(lambda: self._read_document(item.dataset_name, item.id))
        if doc is None or not is_item_document(doc) or doc.get("_etag") != item.etag:
            return None
        return doc

    async def _write_item(self, item: GroundTruthItem, revision: int) -> GroundTruthItem:
        key = f"{item.dataset_name}/{item.id}"
        if item.doc_type != ITEM_DOC_TYPE:
            raise GroundTruthError(
                f"item {key}: docType {item.doc_type!r} is not {ITEM_DOC_TYPE!r}; item "
                "operations write only ground-truth items"
            )
        prior = self._prior_holder(item.dataset_name, item.id, item.etag)
        doc = _to_doc(item)
        doc[INDEX_FIELD][REVISION_INDEX_KEY] = revision
        if self._layout.hierarchical and item.etag is not None and not item.bucket:
            doc["bucket"] = await self._stored_bucket(item)  # replace in its own partition
        doc = self._pre_write_transform(self._layout.with_bucket(doc))
        container = self._container_proxy()
        try:
            async with translate_errors(self._endpoint, f"write {key}"):
                if item.etag is None:
                    stored = await self._with_retries(lambda: container.create_item(doc))
                else:
                    stored = await self._with_retries(
                        lambda: container.replace_item(
                            item.id,
                            doc,
                            etag=item.etag,
                            match_condition=MatchConditions.IfNotModified,
                        )
                    )
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(
                f"item {key} already exists; a write to an existing item needs its etag",
                current=await self._current_or_none(item.dataset_name, item.id),
            ) from exc
        except ConcurrencyError as exc:
            raise ConcurrencyError(
                f"item {key} was changed by someone else",
                current=await self._current_or_none(item.dataset_name, item.id),
            ) from exc
        except NotFoundError as exc:
            if item.etag is None:  # a create cannot miss its item: the container is gone
                raise self._container_missing() from exc
            raise NotFoundError(f"item {key} not found") from exc
        written = self._item_from(stored)
        if self._assignments is not None:
            key_parts = (written.dataset_name, written.id, written.bucket)
            await self._assignments.follow(written, prior, key=key_parts)
        return written

    async def _stored_bucket(self, item: GroundTruthItem) -> str:
        """The bucket of the stored item a replace without one is meant for."""
        key = f"{item.dataset_name}/{item.id}"
        async with translate_errors(self._endpoint, f"write {key}"):
            stored = await self._with_retries(
                lambda: self._read_document(item.dataset_name, item.id)
            )
        if stored is None or not isinstance(stored.get("bucket"), str):
            raise NotFoundError(f"item {key} not found")
        return stored["bucket"]

    async def delete(
        self, dataset_name: str, item_id: str, etag: str | None, *, note: WriteNote | None = None
    ) -> None:
        """Conditional delete. Without an etag the delete is refused either way; an If-Match
        no item can carry asks Cosmos which refusal applies (404 missing, 412 present).
        The document is read first: the revision keeps what was removed."""
        key = f"{dataset_name}/{item_id}"
        container = self._container_proxy()
        prior = self._prior_holder(dataset_name, item_id, etag)
        bucket = self._assignments.memo.bucket(dataset_name, item_id) if self._assignments else None
        partition_key: str | builtins.list[str] = dataset_name
        async with translate_errors(self._endpoint, f"delete {key}"):
            stored = await self._with_retries(lambda: self._query_document(dataset_name, item_id))
        if stored is None:
            raise NotFoundError(f"item {key} not found")
        if self._layout.hierarchical:  # the bucket is in the document
            partition_key = self._layout.key_of(stored)
            bucket = stored.get("bucket")
        try:
            async with translate_errors(self._endpoint, f"delete {key}"):
                await self._with_retries(
                    lambda: container.delete_item(
                        item_id,
                        partition_key=partition_key,
                        etag=etag if etag is not None else _NEVER_MATCHING_ETAG,
                        match_condition=MatchConditions.IfNotModified,
                    )
                )
        except ConcurrencyError as exc:
            raise ConcurrencyError(
                f"item {key}: delete needs the current etag",
                current=await self._current_or_none(dataset_name, item_id),
            ) from exc
        except NotFoundError as exc:
            raise NotFoundError(f"item {key} not found") from exc
        if self._assignments is not None:
            self._assignments.memo.forget(dataset_name, item_id)
            await self._assignments.follow(None, prior, key=(dataset_name, item_id, bucket))
        if is_item_document(stored):
            number = next_revision_number(stored)
            await self._record_revision(self._item_doc(stored), None, note, number)

    async def query(self, query: ItemQuery) -> ItemPage:
        if _has_history_filters(query):
            async with translate_errors(self._endpoint, "query"):
                items = await self._changed_items(query)
            page, next_cursor, total = page_in_memory(items, query)
            return ItemPage(items=page, next_cursor=next_cursor, total=total)
        async with translate_errors(self._endpoint, "query"):
            return await self._query_page(query)

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        """One cross-partition GROUP BY query (a few RU per thousand items scanned)."""
        if _has_history_filters(query):
            async with translate_errors(self._endpoint, "count"):
                items = await self._changed_items(query)
            return count_in_memory((i for i in items if matches(i, query)), fields)
        async with translate_errors(self._endpoint, "count"):
            rows = await self._group_rows(query, fields)
        return group_counts_from(rows, fields)

    async def record_migration(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """The revision of a write made on the raw documents (`cosmos migrate`): the item's
        fields stay, its etag changes, and the record follows it."""
        number = next_revision_number(before)
        await self._record_revision(
            self._item_doc(before),
            self._item_doc(after),
            WriteNote(op="migrate"),
            number,
        )

    # ----- helpers -----

    def _item_doc(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A stored document as an item document (what revisions compare), with no side
        effect on what the repo remembers."""
        return _from_doc(self._post_read_transform(raw)).to_doc()

    def _item_from(self, doc: dict[str, Any]) -> GroundTruthItem:
        self._remember(doc)
        item = _from_doc(self._post_read_transform(doc))
        if self._assignments is not None:
            self._assignments.memo.seen(item)
        return item

    def _prior_holder(self, dataset_name: str, item_id: str, etag: str | None) -> Prior:
        """Who holds the version a write on `etag` replaces, when the repo has seen it."""
        if self._assignments is None:
            return UNKNOWN
        return self._assignments.memo.prior(dataset_name, item_id, etag)

    async def _current_or_none(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        """The stored item for a conflict message; None when it cannot be read cheaply."""
        try:
            return await self.get(dataset_name, item_id)
        except GroundTruthError:
            return None

    async def _count(self, query: ItemQuery) -> int:
        sql = count_items(query)

        async def fetch() -> int:
            results = self._container_proxy().query_items(sql.text, parameters=sql.parameters)
            return sum([value async for value in results])

        return await self._with_retries(fetch)


def _has_history_filters(query: ItemQuery) -> bool:
    """changed_by / changed_since: answered from the history container (_changed_items)."""
    return query.changed_by is not None or query.changed_since is not None


async def _known(total: int) -> int:
    return total
