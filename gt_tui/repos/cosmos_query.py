"""ItemQuery -> parameterized Cosmos SQL, and the document shape the SQL relies on.

Pure functions, no SDK: every value a user typed travels as a parameter, and ORDER BY
comes from the fixed SORT_PATHS mapping. Filters that need derived values (all tags,
tag count, reference urls, case-folded text, sortable timestamps) read helper fields
that `index_fields` computes on every write, stored under INDEX_FIELD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.questions import question_key
from gt_tui.domain.review import review_state
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.filtering import (
    has_answer,
    history_text,
    item_ref_urls,
    item_tool_names,
    sortable_utc,
    tool_call_count,
)

INDEX_FIELD = "gtIndex"
"""Top-level document field holding the derived, query-only helper values."""

SORT_PATHS: dict[SortField, str] = {
    SortField.id: "c.id",
    SortField.updated_at: f"c.{INDEX_FIELD}.updatedAt",
    SortField.reviewed_at: f"c.{INDEX_FIELD}.reviewedAt",
    SortField.total_references: "c.totalReferences",
    SortField.tag_count: f"c.{INDEX_FIELD}.tagCount",
    SortField.sample_key: "c.sampleKey",
    SortField.has_answer: f"c.{INDEX_FIELD}.hasAnswer",
    SortField.tool_call_count: f"c.{INDEX_FIELD}.toolCallCount",
}
"""The only ORDER BY expressions ever sent. Every path is written on every document
(never null or missing), because Cosmos leaves items without the ORDER BY field out."""

ITEM_DOC_TYPE = "ground-truth-item"
ITEM_ONLY = "(NOT IS_DEFINED(c.docType) OR IS_NULL(c.docType) OR c.docType = @docType)"
"""Every item query carries this: documents of other types (GTC's curation instructions,
anything else) are never listed, counted or returned; items without docType are items."""


def is_item_document(doc: dict[str, Any]) -> bool:
    """The same rule as ITEM_ONLY, for a document read by key."""
    return doc.get("docType") in (None, ITEM_DOC_TYPE)


def ordering_paths(sort: SortField) -> list[str]:
    """The ORDER BY keys in order: the sort's path, then id, then dataset (a total order)."""
    keys = [SORT_PATHS[sort], "c.id", "c.datasetName"]
    return keys[1:] if sort is SortField.id else keys


def index_path(sql_path: str) -> str:
    """`c.gtIndex.updatedAt` -> `/gtIndex/updatedAt` (an indexing-policy path)."""
    return "/" + "/".join(sql_path.split(".")[1:])


def index_fields(item: GroundTruthItem) -> dict[str, Any]:
    """The helper values the SQL filters and sorts on (never read back into the item)."""
    return {
        "tags": item.tags,
        "tagCount": len(item.tags),
        "refUrls": sorted(item_ref_urls(item)),
        "questionKey": question_key(item),
        "text": [
            (item.synth_question or "").casefold(),
            (item.edited_question or "").casefold(),
            (item.answer_text or "").casefold(),
            history_text(item).casefold(),
        ],
        "hasAnswer": has_answer(item),
        "shape": item.shape,
        "toolNames": sorted(item_tool_names(item)),
        "toolCallCount": tool_call_count(item),
        "updatedAt": sortable_utc(item.updated_at),
        "reviewedAt": sortable_utc(item.reviewed_at),
        "review": review_state(item),
    }


@dataclass(frozen=True)
class SqlQuery:
    text: str
    parameters: list[dict[str, Any]]


class _Params:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._numbered = 0

    def add(self, value: Any) -> str:
        name = f"@p{self._numbered}"
        self._numbered += 1
        self.items.append({"name": name, "value": value})
        return name


def filter_parts(query: ItemQuery, params: _Params) -> list[str]:
    """One SQL condition per filter the query sets (combined with AND), items only."""
    idx = f"c.{INDEX_FIELD}"
    params.items.append({"name": "@docType", "value": ITEM_DOC_TYPE})
    parts: list[str] = [ITEM_ONLY]
    if query.status is not None:
        parts.append(f"c.status = {params.add(query.status.value)}")
    if query.statuses:
        values = [status.value for status in query.statuses]
        parts.append(f"ARRAY_CONTAINS({params.add(values)}, c.status)")
    if query.dataset_name is not None:
        parts.append(f"c.datasetName = {params.add(query.dataset_name)}")
    if query.dataset_prefix is not None:
        parts.append(f"STARTSWITH(c.datasetName, {params.add(query.dataset_prefix)})")
    parts.extend(f"ARRAY_CONTAINS({idx}.tags, {params.add(tag)})" for tag in query.tags)
    parts.extend(f"NOT ARRAY_CONTAINS({idx}.tags, {params.add(tag)})" for tag in query.exclude_tags)
    if query.assigned_to is not None:
        parts.append(f"c.assignedTo = {params.add(query.assigned_to)}")
    if query.review is not None:
        parts.append(f"{idx}.review = {params.add(query.review)}")
    if query.unassigned:
        parts.append("(NOT IS_DEFINED(c.assignedTo) OR IS_NULL(c.assignedTo) OR c.assignedTo = '')")
    if query.updated_by_not is not None:
        same_user = f"(IS_STRING(c.updatedBy) AND c.updatedBy = {params.add(query.updated_by_not)}"
        if query.updated_by_not_status is not None:
            same_user += f" AND c.status = {params.add(query.updated_by_not_status.value)}"
        parts.append(f"NOT {same_user})")
    if query.text:
        needle = params.add(query.text.casefold())
        parts.append(
            f"EXISTS(SELECT VALUE t FROM t IN {idx}.text WHERE CONTAINS(t, {needle}))"  # noqa: S608 - fixed text and a parameter name
        )
    if query.question_key is not None:
        parts.append(f"{idx}.questionKey = {params.add(query.question_key)}")
    if query.question_keys:
        parts.append(f"ARRAY_CONTAINS({params.add(list(query.question_keys))}, {idx}.questionKey)")
    if query.ref_url is not None:
        parts.append(f"ARRAY_CONTAINS({idx}.refUrls, {params.add(query.ref_url)})")
    if query.ref_url_contains is not None:
        part = params.add(query.ref_url_contains)
        parts.append(
            f"EXISTS(SELECT VALUE u FROM u IN {idx}.refUrls WHERE CONTAINS(u, {part}))"  # noqa: S608 - fixed text and a parameter name
        )
    if query.id_prefix is not None:
        parts.append(f"STARTSWITH(c.id, {params.add(query.id_prefix)})")
    if query.tool is not None:
        parts.append(f"ARRAY_CONTAINS({idx}.toolNames, {params.add(query.tool)})")
    if query.shape is not None:
        parts.append(f"{idx}.shape = {params.add(query.shape)}")
    if query.exclude_ids:
        parts.append(f"NOT ARRAY_CONTAINS({params.add(list(query.exclude_ids))}, c.id)")
    if query.sample_key_min is not None:
        parts.append(f"c.sampleKey >= {params.add(query.sample_key_min)}")
    if query.sample_key_max is not None:
        parts.append(f"c.sampleKey < {params.add(query.sample_key_max)}")
    if query.updated_at_min is not None:
        parts.append(f"{idx}.updatedAt >= {params.add(sortable_utc(query.updated_at_min))}")
    if query.updated_by is not None:
        parts.append(f"c.updatedBy = {params.add(query.updated_by)}")
    if query.reviewed_at_min is not None:
        parts.append(f"{idx}.reviewedAt >= {params.add(sortable_utc(query.reviewed_at_min))}")
    return parts


def _where(parts: list[str]) -> str:
    return " WHERE " + " AND ".join(parts) if parts else ""


def order_by_clause(sort: SortField, descending: bool) -> str:
    """ORDER BY the mapped path, then id, then dataset (ids repeat across datasets), so the
    order is total, pages never overlap, and it is the order every other backend uses."""
    direction = "DESC" if descending else "ASC"
    keys = ordering_paths(sort)
    return " ORDER BY " + ", ".join(f"{key} {direction}" for key in keys)


SortPosition = tuple[Any, str, str]
"""(sort value, id, datasetName) of a row: the keyset a page continues after."""


def value_at(doc: dict[str, Any], sql_path: str) -> Any:
    """The stored value a `c.a.b` path points at."""
    value: Any = doc
    for step in sql_path.split(".")[1:]:
        value = value[step]
    return value


def sort_position(doc: dict[str, Any], sort: SortField) -> SortPosition:
    """The stored values the sort's ORDER BY keys point at, read from a document."""
    return value_at(doc, SORT_PATHS[sort]), doc["id"], doc["datasetName"]


def after_position(
    sort: SortField,
    descending: bool,
    after: SortPosition,
    params: _Params,
) -> str:
    """Rows strictly after `after` in the ORDER BY order (a lexicographic keyset bound)."""
    op = "<" if descending else ">"
    value, item_id, dataset = after
    item_id, dataset = params.add(item_id), params.add(dataset)
    tail = f"(c.id {op} {item_id} OR (c.id = {item_id} AND c.datasetName {op} {dataset}))"
    if sort is SortField.id:
        return tail
    path, value = SORT_PATHS[sort], params.add(value)
    return f"({path} {op} {value} OR ({path} = {value} AND {tail}))"


def select_page(query: ItemQuery, after: SortPosition | None, size: int) -> SqlQuery:
    """The first `size` matches after the keyset position (from the start when None)."""
    params = _Params()
    parts = filter_parts(query, params)
    if after is not None:
        parts.append(after_position(query.sort, query.descending, after, params))
    top = params.add(size)
    order_by = order_by_clause(query.sort, query.descending)
    text = f"SELECT TOP {top} * FROM c" + _where(parts) + order_by  # noqa: S608 - parameters only
    return SqlQuery(text, params.items)


def select_level(
    query: ItemQuery,
    after: SortPosition | None,
    equal: list[tuple[str, Any]],
    path: str,
    size: int,
) -> SqlQuery:
    """The first `size` matches after the keyset position whose `equal` paths hold the given
    values, ordered by the single field `path` (a plan any range index serves)."""
    params = _Params()
    parts = filter_parts(query, params)
    if after is not None:
        parts.append(after_position(query.sort, query.descending, after, params))
    parts.extend(f"{fixed} = {params.add(value)}" for fixed, value in equal)
    top = params.add(size)
    direction = "DESC" if query.descending else "ASC"
    text = f"SELECT TOP {top} * FROM c" + _where(parts)  # noqa: S608 - parameters only
    return SqlQuery(f"{text} ORDER BY {path} {direction}", params.items)


def select_items(query: ItemQuery) -> SqlQuery:
    """Every match in order (no TOP, no keyset)."""
    params = _Params()
    text = "SELECT * FROM c" + _where(filter_parts(query, params))  # noqa: S608 - parameters only
    order_by = order_by_clause(query.sort, query.descending)
    return SqlQuery(text + order_by, params.items)


def count_items(query: ItemQuery) -> SqlQuery:
    params = _Params()
    where = _where(filter_parts(query, params))
    return SqlQuery("SELECT VALUE COUNT(1) FROM c" + where, params.items)  # noqa: S608 - parameters only
