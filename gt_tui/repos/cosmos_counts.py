"""Grouped counts on Cosmos: one cross-partition GROUP BY query over the filtered items
(the same filters as pages and counts, so documents that are not items stay out)."""

from __future__ import annotations

from typing import Any

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos_query import INDEX_FIELD, SqlQuery, _Params, _where, filter_parts

_EXPRESSIONS = {
    CountField.dataset_name: "c.datasetName",
    CountField.status: "c.status",
    CountField.assigned_to: "c.assignedTo",
    CountField.updated_by: "c.updatedBy",
    CountField.updated_day: f"SUBSTRING(c.{INDEX_FIELD}.updatedAt, 0, 10)",
    # from the stored fields (gt_tui/domain/shapes.py), so items without gt-tui's helper
    # fields (written by GTC) are counted by their shape too
    CountField.shape: "(IS_STRING(c.synthQuestion) ? 'rag' : 'agentic')",
}


def count_groups_query(
    query: ItemQuery, fields: tuple[CountField, ...], *, grouped: bool = True
) -> SqlQuery:
    """The GROUP BY query; with grouped=False the same projection one row per item (n=1),
    for servers without GROUP BY (the emulator seam adds the rows up)."""
    params = _Params()
    where = _where(filter_parts(query, params))
    expressions = [_EXPRESSIONS[field] for field in fields]
    select = ", ".join(f"{expr} AS g{n}" for n, expr in enumerate(expressions))
    if not grouped:
        return SqlQuery(f"SELECT {select}, 1 AS n FROM c{where}", params.items)  # noqa: S608 - fixed expressions, parameters only
    return SqlQuery(
        f"SELECT {select}, COUNT(1) AS n FROM c{where} GROUP BY {', '.join(expressions)}",  # noqa: S608 - fixed expressions, parameters only
        params.items,
    )


def group_counts_from(rows: list[dict[str, Any]], fields: tuple[CountField, ...]) -> GroupCounts:
    """Rows of count_groups_query as GroupCounts: a missing or empty value is None, and
    groups that differ only in null vs undefined are added up."""
    counts: GroupCounts = {}
    for row in rows:
        key = tuple(row.get(f"g{n}") or None for n in range(len(fields)))
        counts[key] = counts.get(key, 0) + int(row["n"])
    return counts
