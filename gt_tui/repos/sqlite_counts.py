"""Grouped counts on SQLite: one GROUP BY statement over the filtered items."""

from __future__ import annotations

import sqlite3

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.grouping import SQLITE_GROUP_COLUMNS
from gt_tui.repos.sqlite_query import filter_sql


def count_groups(
    conn: sqlite3.Connection, query: ItemQuery, fields: tuple[CountField, ...]
) -> GroupCounts:
    columns = ", ".join(SQLITE_GROUP_COLUMNS[field] for field in fields)
    where, params = filter_sql(query, for_count=True).count_where()
    sql = (
        f"SELECT {columns}, count(*) FROM items WHERE {where} "  # noqa: S608 - fixed columns
        f"GROUP BY {columns}"
    )
    return {tuple(row[:-1]): row[-1] for row in conn.execute(sql, params)}
