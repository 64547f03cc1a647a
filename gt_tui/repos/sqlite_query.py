"""ItemQuery -> parameterised SQL for the SQLite backend.

SQL text is assembled only from the fixed fragments below; every value the query carries
is a bound parameter, and ORDER BY comes from SORT_COLUMNS. The semantics mirror
gt_tui.repos.filtering (the in-memory reference), row for row and in the same order:
(sort value, id, dataset_name), keyset-paged with the same cursors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.filtering import cursor_position, sortable_utc

SORT_COLUMNS: dict[SortField, str] = {
    SortField.id: "id",
    SortField.updated_at: "updated_at",
    SortField.reviewed_at: "reviewed_at",
    SortField.total_references: "total_references",
    SortField.tag_count: "tag_count",
    SortField.sample_key: "sample_key",
    SortField.has_answer: "has_answer",
}


@dataclass
class SqlQuery:
    """The WHERE clause and parameters shared by the page and the count statements."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def where_sql(self) -> str:
        return " AND ".join(self.where) if self.where else "1"


def filter_sql(query: ItemQuery, *, for_count: bool = False) -> SqlQuery:
    """The filters of `query` (not the cursor) as a WHERE clause.

    A page is read along a sort index and stops at `limit`, so its status, dataset, tag
    and ref-url terms are written unindexable (`+status`, `+pk`, ...): otherwise the
    planner would fetch every row of a common status, dataset or tag and sort them all,
    which makes a sampling read O(pool). Walking a sort index costs at most one index
    scan (dataset_name and pk are in every sort index). A count has no order and may
    drive from those indexes. Text search and assigned_to always drive from their
    indexes: a searched phrase or one curator's items are few.
    """
    sql = SqlQuery()
    status_column = "status" if for_count else "+status"
    pk_column = "pk" if for_count else "+pk"
    dataset_column = "dataset_name" if for_count else "+dataset_name"
    if query.status is not None:
        sql.add(f"{status_column} = ?", query.status.value)
    if query.statuses:
        sql.add(
            f"{status_column} IN (SELECT value FROM json_each(?))",  # noqa: S608 - fixed
            json.dumps([status.value for status in query.statuses]),
        )
    if query.dataset_name is not None:
        sql.add(f"{dataset_column} = ?", query.dataset_name)
    if query.dataset_prefix is not None:
        # substr counts characters like str.startswith; LIKE would treat % and _ as wildcards.
        sql.add("substr(dataset_name, 1, ?) = ?", len(query.dataset_prefix), query.dataset_prefix)
    for tag in query.tags:
        sql.add(f"{pk_column} IN (SELECT item_pk FROM item_tags WHERE tag = ?)", tag)  # noqa: S608
    for tag in query.exclude_tags:
        sql.add("pk NOT IN (SELECT item_pk FROM item_tags WHERE tag = ?)", tag)
    if query.assigned_to is not None:
        sql.add("assigned_to = ?", query.assigned_to)
    if query.unassigned:
        # coalesce() keeps the planner off the assignee index: unassigned is most rows.
        sql.add("coalesce(assigned_to, '') = ''")
    if query.updated_by_not is not None:
        if query.updated_by_not_status is None:
            sql.add("NOT (updated_by IS ?)", query.updated_by_not)
        else:
            sql.add(
                "NOT (updated_by IS ? AND status = ?)",
                query.updated_by_not,
                query.updated_by_not_status.value,
            )
    if query.text:
        needle = query.text.casefold()
        if len(needle) >= 3 and "\x00" not in needle:
            # Candidates from the trigram index; instr() below keeps the exact semantics.
            sql.add(
                "pk IN (SELECT rowid FROM item_search WHERE item_search MATCH ?)",
                '"' + needle.replace('"', '""') + '"',
            )
        sql.add(
            "(instr(search_synth, ?) > 0 OR instr(search_edited, ?) > 0 "
            "OR instr(search_answer, ?) > 0 OR instr(search_history, ?) > 0)",
            needle,
            needle,
            needle,
            needle,
        )
    if query.question_key is not None:
        sql.add("question_key = ?", query.question_key)
    if query.ref_url is not None:
        sql.add(
            f"{pk_column} IN (SELECT item_pk FROM item_ref_urls WHERE url = ?)",  # noqa: S608
            query.ref_url,
        )
    if query.ref_url_contains is not None:
        # instr() is literal (LIKE would read % and _ as wildcards) and case-sensitive.
        sql.add(
            "pk IN (SELECT item_pk FROM item_ref_urls WHERE instr(url, ?) > 0)",
            query.ref_url_contains,
        )
    if query.id_prefix is not None:
        # The range lets the id index drive; substr() keeps str.startswith semantics.
        sql.add(
            "id >= ? AND substr(id, 1, ?) = ?",
            query.id_prefix,
            len(query.id_prefix),
            query.id_prefix,
        )
    if query.exclude_ids:
        sql.add("id NOT IN (SELECT value FROM json_each(?))", json.dumps(list(query.exclude_ids)))
    if query.sample_key_min is not None:
        sql.add("sample_key >= ?", query.sample_key_min)
    if query.sample_key_max is not None:
        sql.add("sample_key < ?", query.sample_key_max)
    if query.updated_at_min is not None:
        sql.add("updated_at >= ?", sortable_utc(query.updated_at_min))
    return sql


def order_columns(query: ItemQuery) -> list[str]:
    column = SORT_COLUMNS[query.sort]
    return ["id", "dataset_name"] if column == "id" else [column, "id", "dataset_name"]


def page_sql(query: ItemQuery) -> tuple[str, list[Any]]:
    """SELECT of one page (limit + 1 rows, to know whether another page follows).

    Selected columns: doc, sort value, id, dataset_name.
    """
    sql = filter_sql(query)
    columns = order_columns(query)
    position = cursor_position(query)
    if position is not None:
        value, item_id, dataset_name = position
        values = [item_id, dataset_name] if len(columns) == 2 else [value, item_id, dataset_name]
        operator = "<" if query.descending else ">"
        placeholders = ", ".join("?" for _ in columns)
        sql.add(f"({', '.join(columns)}) {operator} ({placeholders})", *values)
    direction = " DESC" if query.descending else ""
    order_by = ", ".join(column + direction for column in columns)
    text = (
        f"SELECT doc, {SORT_COLUMNS[query.sort]}, id, dataset_name FROM items "  # noqa: S608 - fixed fragments
        f"WHERE {sql.where_sql()} ORDER BY {order_by} LIMIT ?"
    )
    return text, [*sql.params, query.limit + 1]


def count_sql(query: ItemQuery) -> tuple[str, list[Any]]:
    sql = filter_sql(query, for_count=True)
    return f"SELECT count(*) FROM items WHERE {sql.where_sql()}", sql.params  # noqa: S608 - fixed fragments
