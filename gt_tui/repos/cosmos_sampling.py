"""Sample-key order over items that have no sampleKey (GTC's), on the hierarchical layout.

gt-tui writes a uniform random sampleKey on every item it writes, and the sampler reads
windows of the sample-key order. GTC's items have none, and writing one to every item
would write to items nobody took. Each of them has a random UUID bucket, though, and the
bucket's leading 48 bits are a uniform position in [0, 1) (cosmos_layout.sample_key_of_bucket)
that the single-field range index on /bucket orders. So a sample-key page is two reads:
items with a sampleKey ordered by it, and items without one ordered by bucket, merged by
position. Both are TOP-bounded: the cost follows the page size, not the pool.
"""

from __future__ import annotations

from typing import Any

from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos_layout import (
    POSITION_BITS,
    bucket_bound,
    position_floor,
    sample_key_of_bucket,
)
from gt_tui.repos.cosmos_query import SortPosition, SqlQuery, _Params, _where, filter_parts

_SLACK = 8
"""Rows read beyond the page: those sharing the edge's 48-bit prefix are dropped in Python."""


def select_unkeyed(query: ItemQuery, after: SortPosition | None, size: int) -> SqlQuery:
    """Items without a sampleKey in bucket order, from the window's start (or `after`)."""
    unbounded = query.model_copy(update={"sample_key_min": None, "sample_key_max": None})
    params = _Params()
    parts = filter_parts(unbounded, params)
    parts += ["NOT IS_DEFINED(c.sampleKey)", "IS_STRING(c.bucket)"]
    low = query.sample_key_min
    high = query.sample_key_max
    if after is not None and query.descending:
        high = after[0] if high is None else min(high, after[0])
    elif after is not None:
        low = after[0] if low is None else max(low, after[0])
    if low is not None:
        parts.append(f"c.bucket >= {params.add(bucket_bound(position_floor(low)))}")
    if high is not None and position_floor(high) + 1 < (1 << POSITION_BITS):
        parts.append(f"c.bucket < {params.add(bucket_bound(position_floor(high) + 1))}")
    top = params.add(size + _SLACK)
    direction = "DESC" if query.descending else "ASC"
    text = f"SELECT TOP {top} * FROM c" + _where(parts)  # noqa: S608 - parameters only
    return SqlQuery(f"{text} ORDER BY c.bucket {direction}", params.items)


def positioned(
    docs: list[dict[str, Any]], query: ItemQuery, after: SortPosition | None
) -> list[dict[str, Any]]:
    """The unkeyed documents inside the window, each given its bucket's position as the
    sampleKey it is ordered (and read) by; the SQL bounds were a 48-bit approximation."""
    kept: list[dict[str, Any]] = []
    for doc in docs:
        position = sample_key_of_bucket(doc.get("bucket"))
        if position is None:
            continue
        if query.sample_key_min is not None and position < query.sample_key_min:
            continue
        if query.sample_key_max is not None and position >= query.sample_key_max:
            continue
        key = (position, doc["id"], doc["datasetName"])
        if after is not None and (key >= after if query.descending else key <= after):
            continue
        kept.append({**doc, "sampleKey": position})
    return kept


def merge_by_position(
    keyed: list[dict[str, Any]], unkeyed: list[dict[str, Any]], query: ItemQuery, size: int
) -> list[dict[str, Any]]:
    """The first `size` of both reads in (sampleKey, id, dataset) order."""
    both = sorted(
        keyed + unkeyed,
        key=lambda doc: (doc["sampleKey"], doc["id"], doc["datasetName"]),
        reverse=query.descending,
    )
    return both[:size]
