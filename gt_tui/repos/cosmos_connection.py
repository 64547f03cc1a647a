"""The Cosmos connection under CosmosGroundTruthRepo: client options, opening and checking
the database and container, the health probe, one deadline per call, and the seams
`CosmosEmulatorGroundTruthRepo` overrides. Items themselves are in gt_tui/repos/cosmos.py.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from azure.cosmos import PartitionKey
from azure.cosmos import exceptions as cosmos_errors
from azure.cosmos.aio import ContainerProxy, CosmosClient

from gt_tui.config import Settings
from gt_tui.domain.errors import BackendUnavailableError, NotFoundError
from gt_tui.repos.cosmos_assignments import ASSIGNMENTS_PARTITION_KEY_PATH, AssignmentDocuments
from gt_tui.repos.cosmos_layout import SINGLE_LAYOUT, PartitionLayout, describe_layouts
from gt_tui.repos.cosmos_plans import composites_of
from gt_tui.repos.cosmos_query import SqlQuery
from gt_tui.repos.cosmos_support import load_indexing_policy, select_credential, translate_errors
from gt_tui.repos.cosmos_tags import TAGS_PARTITION_KEY_PATH

log = logging.getLogger("gt_tui.repos.cosmos")

PARTITION_KEY_PATH = "/datasetName"
_EMULATOR_RETRIES = 3
_HEALTH_PROBE = "gt-tui-health-probe"


class CosmosConnection:
    """One client and container; what CosmosGroundTruthRepo builds its operations on."""

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
        self._assignments: AssignmentDocuments | None = None
        self._assignments_absent = "not looked for yet"
        """Why no assignment documents are kept (for `cosmos check`)."""

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

    @property
    def assignments_absent(self) -> str:
        """Why no assignment documents are kept, when none are."""
        return self._assignments_absent

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
                await database.create_container_if_not_exists(
                    s.cosmos_history_container,
                    partition_key=PartitionKey(path=PARTITION_KEY_PATH),
                )
                self._assignments = await self._find_assignments(database)
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
            self._assignments = await self._find_assignments(database)
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

    async def _find_assignments(self, database: Any) -> AssignmentDocuments | None:
        """GTC's assignments container when the database has it (one read at start-up);
        never created. Partitioned otherwise than GTC's (/pk) it is left alone."""
        name = self._settings.cosmos_assignments_container
        if not name:
            self._assignments_absent = "turned off (GT_COSMOS_ASSIGNMENTS_CONTAINER is empty)"
            return None
        container = database.get_container_client(name)
        try:
            properties = await container.read()
        except cosmos_errors.CosmosResourceNotFoundError:
            self._assignments_absent = f"{name!r} is not in the database"
            return None
        paths = (properties.get("partitionKey") or {}).get("paths") or []
        if paths != [ASSIGNMENTS_PARTITION_KEY_PATH]:
            self._assignments_absent = (
                f"{name!r} is partitioned by {' + '.join(paths) or 'nothing'}, not "
                f"GroundTruthCurator's {ASSIGNMENTS_PARTITION_KEY_PATH}: left alone"
            )
            log.warning("assignments container %s", self._assignments_absent)
            return None
        return AssignmentDocuments(container, name, self._with_retries)

    @property
    def assignment_documents(self) -> AssignmentDocuments | None:
        """GTC's assignments container, when the database has one (see open)."""
        return self._assignments

    async def close(self) -> None:
        client, credential = self._client, self._credential
        self._client = self._container = self._credential = None
        self._assignments = None
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

    # ----- helpers -----

    def _container_proxy(self) -> ContainerProxy:
        if self._container is None:
            raise BackendUnavailableError(f"Cosmos repo for {self._endpoint} is not open")
        return self._container

    async def _fetch_all(self, sql: SqlQuery) -> builtins.list[dict[str, Any]]:
        """Every document a (TOP-bounded) query returns."""

        async def fetch() -> builtins.list[dict[str, Any]]:
            results = self._container_proxy().query_items(sql.text, parameters=sql.parameters)
            return [doc async for doc in results]

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
