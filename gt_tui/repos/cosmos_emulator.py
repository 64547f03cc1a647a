"""Cosmos emulator survival code, kept out of the production repo.

`CosmosEmulatorGroundTruthRepo` is `CosmosGroundTruthRepo` with a few named seams
overridden for local Cosmos-compatible servers (the Azure Cosmos DB emulator, or the
@vercel/cosmosdb-server the tests run). Each override says which server gap it covers.
"""

from __future__ import annotations

import re
from typing import Any

from azure.core.exceptions import ServiceRequestError
from azure.cosmos import exceptions as cosmos_errors

from gt_tui.domain.counts import CountField
from gt_tui.repos.base import ItemPage, ItemQuery
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_counts import count_groups_query
from gt_tui.repos.cosmos_query import is_item_document
from gt_tui.repos.filtering import page_in_memory

ENCODING_MARKER = "gtTextEncoding"
ENCODING_NAME = "ascii-escape-v1"
_UNENCODED_KEYS = frozenset({"id", "datasetName", "_etag", ENCODING_MARKER})
_ESCAPE = re.compile(r"\\\\|\\u[0-9a-f]{4}|\\U[0-9a-f]{8}")
_INTERMITTENT_STATUSES = frozenset({408, 503})


def escape_text(value: str) -> str:
    """Printable ASCII only: backslash doubled, everything else as \\uXXXX / \\UXXXXXXXX."""
    out: list[str] = []
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def unescape_text(value: str) -> str:
    """Exact inverse of escape_text."""

    def replace(match: re.Match[str]) -> str:
        escape = match.group(0)
        return "\\" if escape == "\\\\" else chr(int(escape[2:], 16))

    return _ESCAPE.sub(replace, value)


def _map_strings(value: Any, convert: Any) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_map_strings(entry, convert) for entry in value]
    if isinstance(value, dict):
        return {key: _map_strings(entry, convert) for key, entry in value.items()}
    return value


class CosmosEmulatorGroundTruthRepo(CosmosGroundTruthRepo):
    """The production repo plus workarounds for local emulators; same constructor."""

    backend_name = "cosmos-emulator"

    def is_cosmos_emulator_in_use(self) -> bool:
        return True

    def _unicode_workaround(self) -> bool:
        return self._settings.cosmos_emulator_unicode_workaround

    def _pre_write_transform(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Some emulator builds mangle non-ASCII text and backslashes: store them escaped."""
        if not self._unicode_workaround():
            return doc
        encoded = {
            key: value if key in _UNENCODED_KEYS else _map_strings(value, escape_text)
            for key, value in doc.items()
        }
        encoded[ENCODING_MARKER] = ENCODING_NAME
        return encoded

    def _post_read_transform(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Undo _pre_write_transform on documents it wrote (marked), whatever the setting."""
        if doc.get(ENCODING_MARKER) != ENCODING_NAME:
            return doc
        decoded = {
            key: value if key in _UNENCODED_KEYS else _map_strings(value, unescape_text)
            for key, value in doc.items()
        }
        decoded.pop(ENCODING_MARKER, None)
        return decoded

    def _should_retry_emulator_exception(self, exc: Exception) -> bool:
        """Emulators drop or refuse requests now and then under load; these are safe to redo."""
        if isinstance(exc, cosmos_errors.CosmosHttpResponseError):
            return exc.status_code in _INTERMITTENT_STATUSES
        return isinstance(exc, ServiceRequestError)

    def _indexing_policy(self) -> dict[str, Any]:
        """cosmosdb-server serves an ORDER BY only from a composite index of the same
        directions; real Cosmos also serves the reverse, so production ships ascending only."""
        policy = super()._indexing_policy()
        composites = policy.get("compositeIndexes", [])
        mirrored = [
            [{**part, "order": "descending"} for part in composite] for composite in composites
        ]
        return {**policy, "compositeIndexes": [*composites, *mirrored]}

    def _extra_client_options(self) -> dict[str, Any]:
        """An emulator is one local endpoint: region discovery only adds a 500 ms cross-region
        retry to every server error (and cosmosdb-server errors on a missing item, below)."""
        return {"enable_endpoint_discovery": False}

    async def _read_document(self, dataset_name: str, item_id: str) -> dict[str, Any] | None:
        """cosmosdb-server answers a point read of a missing item with HTTP 500 instead of
        404: keep the point read, and on a 500 ask a query whether the item exists (scoped by
        WHERE: partition-scoped queries fail there)."""
        try:
            return await super()._read_document(dataset_name, item_id)
        except cosmos_errors.CosmosHttpResponseError as exc:
            if exc.status_code != 500:
                raise
        docs = self._container_proxy().query_items(
            "SELECT * FROM c WHERE c.datasetName = @ds AND c.id = @id",
            parameters=[{"name": "@ds", "value": dataset_name}, {"name": "@id", "value": item_id}],
        )
        found = [doc async for doc in docs]
        return found[0] if found else None

    async def _group_rows(
        self, query: ItemQuery, fields: tuple[CountField, ...]
    ) -> list[dict[str, Any]]:
        """cosmosdb-server has no GROUP BY: read the projected fields, one row per item
        (n = 1), and let the caller add them up."""
        return await self._fetch_all(count_groups_query(query, fields, grouped=False))

    async def _query_page(self, query: ItemQuery) -> ItemPage:
        """With escaped text stored, SQL text filters and sorts would compare escaped
        strings: read the (dataset-scoped) documents and evaluate the query in memory."""
        if not self._unicode_workaround():
            return await super()._query_page(query)
        sql = "SELECT * FROM c"
        parameters: list[dict[str, Any]] = []
        if query.dataset_name is not None:
            sql += " WHERE c.datasetName = @ds"
            parameters.append({"name": "@ds", "value": query.dataset_name})
        docs = self._container_proxy().query_items(sql, parameters=parameters)
        items = [self._item_from(doc) async for doc in docs if is_item_document(doc)]
        page, next_cursor, total = page_in_memory(items, query)
        return ItemPage(items=page, next_cursor=next_cursor, total=total)
