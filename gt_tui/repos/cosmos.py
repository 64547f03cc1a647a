"""Azure Cosmos DB repository (async azure-cosmos SDK), production code only.

Writes are conditional on the etag (If-Match); paging is by keyset (see _query_page); every
SDK error is translated into a domain error here, so nothing above the repo sees a status
code. Emulator survival code does not live here: `CosmosEmulatorGroundTruthRepo`
overrides the small named seams marked "seam" below.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import PartitionKey
from azure.cosmos import exceptions as cosmos_errors
from azure.cosmos.aio import ContainerProxy, CosmosClient

from gt_tui.config import Settings
from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    GroundTruthError,
    NotFoundError,
)
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemPage, ItemQuery, SortField
from gt_tui.repos.cosmos_counts import count_groups_query, group_counts_from
from gt_tui.repos.cosmos_instructions import (
    instructions_body,
    instructions_from,
    read_instructions_doc,
    write_instructions_doc,
)
from gt_tui.repos.cosmos_layout import (
    SINGLE_LAYOUT,
    PartitionLayout,
    describe_layouts,
    sample_key_of_bucket,
)
from gt_tui.repos.cosmos_plans import (
    composites_of,
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
    load_indexing_policy,
    select_credential,
    translate_errors,
)
from gt_tui.repos.cosmos_tags import TAGS_PARTITION_KEY_PATH, add_to_registry, read_registry
from gt_tui.repos.filtering import decode_cursor, encode_cursor

log = logging.getLogger(__name__)

PARTITION_KEY_PATH = "/datasetName"
_SYSTEM_FIELDS = ("_rid", "_self", "_ts", "_attachments", INDEX_FIELD)
_EMULATOR_RETRIES = 3
_HEALTH_PROBE = "gt-tui-health-probe"
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


class CosmosGroundTruthRepo:
    """Ground-truth items in one Cosmos container partitioned by /datasetName.

    Build it, then `await open()` (done by gt_tui.repos.cosmos_factory.open_cosmos_repo):
    open checks the database and container and fails with an actionable message.
    """

    backend_name = "cosmos"

    def __init__(
        self,
        settings: Settings,
        *,
        default_credential: Callable[[], Any] | None = None,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        if not settings.cosmos_endpoint:
            raise BackendUnavailableError(
                "Cosmos backend selected but no endpoint is configured: set GT_COSMOS_ENDPOINT"
            )
        self._settings = settings
        self._endpoint = settings.cosmos_endpoint
        self._default_credential = default_credential
        self._client_options = dict(client_options or {})
        self._client: CosmosClient | None = None
        self._credential: Any = None
        self._container: ContainerProxy | None = None
        self._layout = PartitionLayout(SINGLE_LAYOUT)
        self._composites: frozenset[Any] = frozenset()

    def __repr__(self) -> str:
        where = f"{self._settings.cosmos_database}/{self._settings.cosmos_container}"
        return f"{type(self).__name__}({self._endpoint!r}, {where!r})"

    # ----- seams (overridden only by CosmosEmulatorGroundTruthRepo) -----

    def is_cosmos_emulator_in_use(self) -> bool:
        return False

    def _pre_write_transform(self, doc: dict[str, Any]) -> dict[str, Any]:
        """seam: last change to a document before it is sent."""
        return doc

    def _post_read_transform(self, doc: dict[str, Any]) -> dict[str, Any]:
        """seam: first change to a document after it is received."""
        return doc

    def _should_retry_emulator_exception(self, exc: Exception) -> bool:
        """seam: whether an error is a known intermittent emulator fault worth retrying."""
        return False

    def _extra_client_options(self) -> dict[str, Any]:
        """seam: CosmosClient options beyond those Settings gives."""
        return {}

    def _indexing_policy(self) -> dict[str, Any]:
        """seam: the policy a container is created with."""
        return load_indexing_policy()

    async def _read_document(self, dataset_name: str, item_id: str) -> dict[str, Any] | None:
        """seam: one stored document by key, None when missing (a point read). On the
        hierarchical layout the bucket is not known from (dataset, id): one query over
        the dataset finds the document instead (still one request)."""
        if self._layout.hierarchical:
            found = await self._fetch_all(
                SqlQuery(
                    "SELECT * FROM c WHERE c.datasetName = @ds AND c.id = @id",
                    [{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
                )
            )
            items = [doc for doc in found if is_item_document(doc)]
            return items[0] if items else None
        try:
            return await self._container_proxy().read_item(item_id, partition_key=dataset_name)
        except cosmos_errors.CosmosResourceNotFoundError:
            return None

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

    @property
    def layout(self) -> PartitionLayout:
        return self._layout

    # ----- for `gt-tui cosmos check|migrate` (gt_tui/repos/cosmos_admin.py) -----

    @property
    def endpoint(self) -> str:
        return self._endpoint

    @property
    def container_name(self) -> str:
        return self._settings.cosmos_container

    def raw_container(self) -> ContainerProxy:
        return self._container_proxy()

    def raw_database(self) -> Any:
        if self._client is None:
            raise BackendUnavailableError(f"Cosmos repo for {self._endpoint} is not open")
        return self._client.get_database_client(self._settings.cosmos_database)

    # ----- lifecycle -----

    async def open(self) -> None:
        """Connect, then check (or create) the database and container."""
        s = self._settings
        options = {
            "connection_verify": s.cosmos_connection_verify,
            "connection_timeout": s.cosmos_timeout_s,
            "read_timeout": s.cosmos_timeout_s,
            "retry_total": s.cosmos_retry_total,
            "retry_throttle_total": s.cosmos_retry_total,
            "retry_throttle_backoff_max": s.cosmos_retry_429_max_wait_s,
            **self._extra_client_options(),
            **self._client_options,
        }
        self._credential = select_credential(s, default_credential=self._default_credential)
        try:
            async with (
                asyncio.timeout(s.cosmos_timeout_s),
                translate_errors(self._endpoint, "connect"),
            ):
                self._client = CosmosClient(self._endpoint, credential=self._credential, **options)
                await self._client.__aenter__()
                self._container = await self._validate_or_create()
        except TimeoutError:
            await self.close()
            raise self._deadline_error() from None
        except BaseException:
            await self.close()
            raise

    async def _validate_or_create(self) -> ContainerProxy:
        s = self._settings
        assert self._client is not None
        where = f"on {self._endpoint}"
        async with translate_errors(self._endpoint, "connect"):
            if s.cosmos_create_if_missing:
                database = await self._client.create_database_if_not_exists(s.cosmos_database)
                container = await database.create_container_if_not_exists(
                    s.cosmos_container,
                    partition_key=PartitionKey(path=PARTITION_KEY_PATH),
                    indexing_policy=self._indexing_policy(),
                )
                await database.create_container_if_not_exists(
                    s.cosmos_tags_container,
                    partition_key=PartitionKey(path=TAGS_PARTITION_KEY_PATH),
                )
                return self._adopt(container, await container.read(), where)
            database = self._client.get_database_client(s.cosmos_database)
            try:
                await database.read()
            except cosmos_errors.CosmosResourceNotFoundError:
                raise BackendUnavailableError(
                    f"Cosmos database {s.cosmos_database!r} does not exist {where}: create it "
                    f"(and container {s.cosmos_container!r} partitioned by "
                    f"{describe_layouts()}) or set GT_COSMOS_CREATE_IF_MISSING=true"
                ) from None
            container = database.get_container_client(s.cosmos_container)
            try:
                properties = await container.read()
            except cosmos_errors.CosmosResourceNotFoundError:
                raise BackendUnavailableError(
                    f"Cosmos container {s.cosmos_container!r} does not exist in database "
                    f"{s.cosmos_database!r} {where}: create it partitioned by "
                    f"{describe_layouts()} or set GT_COSMOS_CREATE_IF_MISSING=true"
                ) from None
            return self._adopt(container, properties, where)

    def _adopt(
        self, container: ContainerProxy, properties: dict[str, Any], where: str
    ) -> ContainerProxy:
        """Take the container's layout and composite indexes (refusing other layouts)."""
        self._layout = PartitionLayout.from_container_properties(
            properties, container=self._settings.cosmos_container, where=where
        )
        self._composites = composites_of(properties.get("indexingPolicy"))
        return container

    async def close(self) -> None:
        client, credential = self._client, self._credential
        self._client = self._container = self._credential = None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()
        close = getattr(credential, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()

    async def health(self) -> None:
        """A data-plane probe of a few RU: look up an item that never exists, filtered on the
        partition key. Reading the container instead would spend the account's small
        metadata budget (health runs every few seconds on every workstation)."""
        probe = SqlQuery(
            "SELECT c.id FROM c WHERE c.datasetName = @probe AND c.id = @probe",
            [{"name": "@probe", "value": _HEALTH_PROBE}],
        )
        try:
            async with translate_errors(self._endpoint, "health check"):
                await self._fetch_all(probe)
        except NotFoundError as exc:  # a query never 404s for an item: the container is gone
            raise self._container_missing() from exc

    # ----- the global tag registry (gt_tui/repos/cosmos_tags.py) -----

    def _tags_container(self) -> ContainerProxy:
        if self._client is None:
            raise BackendUnavailableError("Cosmos repository is not open")
        database = self._client.get_database_client(self._settings.cosmos_database)
        return database.get_container_client(self._settings.cosmos_tags_container)

    async def tag_registry(self) -> builtins.list[str]:
        async with translate_errors(self._endpoint, "read the tag registry"):
            return await read_registry(self._tags_container(), self._settings.cosmos_tags_container)

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        async with translate_errors(self._endpoint, "write the tag registry"):
            return await add_to_registry(
                self._tags_container(), self._settings.cosmos_tags_container, tags
            )

    # ----- curation instructions (gt_tui/repos/cosmos_instructions.py) -----

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        async with translate_errors(self._endpoint, f"read the instructions of {dataset_name}"):
            doc = await self._with_retries(
                lambda: read_instructions_doc(self._container_proxy(), dataset_name)
            )
        return instructions_from(self._post_read_transform(doc)) if doc is not None else None

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        body = self._pre_write_transform(instructions_body(doc))
        where = f"curation instructions of {doc.dataset_name!r}"
        try:
            async with translate_errors(self._endpoint, f"write the {where}"):
                stored = await self._with_retries(
                    lambda: write_instructions_doc(self._container_proxy(), body, doc.etag)
                )
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(
                f"{where} already exist; a write over them needs their etag"
            ) from exc
        except ConcurrencyError as exc:
            raise ConcurrencyError(
                f"{where} were changed by someone else since they were read"
            ) from exc
        except NotFoundError as exc:
            raise NotFoundError(f"{where} not found") from exc
        return instructions_from(self._post_read_transform(stored))

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

    async def upsert(self, item: GroundTruthItem) -> GroundTruthItem:
        key = f"{item.dataset_name}/{item.id}"
        if item.doc_type != ITEM_DOC_TYPE:
            raise GroundTruthError(
                f"item {key}: docType {item.doc_type!r} is not {ITEM_DOC_TYPE!r}; item "
                "operations write only ground-truth items"
            )
        doc = _to_doc(item)
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
        return self._item_from(stored)

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

    async def delete(self, dataset_name: str, item_id: str, etag: str | None) -> None:
        """Conditional delete. Without an etag the delete is refused either way; an If-Match
        no item can carry asks Cosmos which refusal applies (404 missing, 412 present)."""
        key = f"{dataset_name}/{item_id}"
        container = self._container_proxy()
        partition_key: str | builtins.list[str] = dataset_name
        if self._layout.hierarchical:  # the bucket is in the document: read it first
            async with translate_errors(self._endpoint, f"delete {key}"):
                stored = await self._with_retries(
                    lambda: self._read_document(dataset_name, item_id)
                )
            if stored is None:
                raise NotFoundError(f"item {key} not found")
            partition_key = self._layout.key_of(stored)
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

    async def query(self, query: ItemQuery) -> ItemPage:
        async with translate_errors(self._endpoint, "query"):
            return await self._query_page(query)

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        """One cross-partition GROUP BY query (a few RU per thousand items scanned)."""
        async with translate_errors(self._endpoint, "count"):
            rows = await self._group_rows(query, fields)
        return group_counts_from(rows, fields)

    # ----- helpers -----

    def _container_proxy(self) -> ContainerProxy:
        if self._container is None:
            raise BackendUnavailableError(f"Cosmos repo for {self._endpoint} is not open")
        return self._container

    def _item_from(self, doc: dict[str, Any]) -> GroundTruthItem:
        return _from_doc(self._post_read_transform(doc))

    async def _current_or_none(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        """The stored item for a conflict message; None when it cannot be read cheaply."""
        try:
            return await self.get(dataset_name, item_id)
        except GroundTruthError:
            return None

    async def _fetch_all(self, sql: SqlQuery) -> builtins.list[dict[str, Any]]:
        """Every document a (TOP-bounded) query returns."""

        async def fetch() -> builtins.list[dict[str, Any]]:
            results = self._container_proxy().query_items(sql.text, parameters=sql.parameters)
            return [doc async for doc in results]

        return await self._with_retries(fetch)

    async def _count(self, query: ItemQuery) -> int:
        sql = count_items(query)

        async def fetch() -> int:
            results = self._container_proxy().query_items(sql.text, parameters=sql.parameters)
            return sum([value async for value in results])

        return await self._with_retries(fetch)

    async def _with_retries(self, call: Callable[[], Any]) -> Any:
        """Run call within one deadline (GT_COSMOS_TIMEOUT_S) shared by every attempt: the
        SDK's own retries and the emulator seam's cannot stack past it, so a frozen server
        costs one timeout, not minutes. Only errors the seam calls intermittent are redone."""
        try:
            async with asyncio.timeout(self._settings.cosmos_timeout_s):
                for attempt in range(_EMULATOR_RETRIES + 1):
                    try:
                        return await call()
                    except Exception as exc:
                        last = attempt == _EMULATOR_RETRIES
                        if last or not self._should_retry_emulator_exception(exc):
                            raise
                        log.debug("retrying after intermittent emulator error: %s", exc)
        except TimeoutError:
            raise self._deadline_error() from None
        raise AssertionError("unreachable")

    def _container_missing(self) -> BackendUnavailableError:
        """The container (or its database) was deleted while the app runs: degraded, and
        healed by itself once someone creates it again."""
        s = self._settings
        return BackendUnavailableError(
            f"Cosmos container {s.cosmos_container!r} in database {s.cosmos_database!r} "
            f"does not exist on {self._endpoint} any more (deleted?); gt-tui carries on "
            "when it is back"
        )

    def _deadline_error(self) -> BackendUnavailableError:
        return BackendUnavailableError(
            f"Cosmos endpoint {self._endpoint} did not answer within "
            f"{self._settings.cosmos_timeout_s:g}s (GT_COSMOS_TIMEOUT_S)"
        )


async def _known(total: int) -> int:
    return total
