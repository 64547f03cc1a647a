"""How a page query is served by the indexes a container has.

gt-tui orders every page by (sort value, id, dataset). A container with gt-tui's policy
has a composite index for that ORDER BY, so one `TOP n ... ORDER BY a, b, c` request is a
page. GTC's container has other composite indexes, and Cosmos refuses a multi-field
ORDER BY that no composite index serves. Its single-field range indexes serve any
one-field ORDER BY, so there the page is read one key at a time: order by the sort value
alone, and only when the page ends inside a run of equal values, read that run ordered
by id (then, for equal ids, by dataset). Most pages stay one request; a tie at the page
edge adds one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos_query import (
    SortPosition,
    SqlQuery,
    index_path,
    ordering_paths,
    select_level,
    value_at,
)

Fetch = Callable[[SqlQuery], Awaitable[list[dict[str, Any]]]]
Composite = tuple[tuple[str, str], ...]


def composites_of(policy: dict[str, Any] | None) -> frozenset[Composite]:
    """The composite indexes of an indexing policy as ((path, order), ...) tuples."""
    found: set[Composite] = set()
    for composite in (policy or {}).get("compositeIndexes") or []:
        found.add(
            tuple(
                (str(part.get("path")), str(part.get("order") or "ascending")) for part in composite
            )
        )
    return frozenset(found)


def needed_composite(query: ItemQuery) -> Composite | None:
    """The composite index the one-request plan needs (None: one field, no composite)."""
    paths = ordering_paths(query.sort)
    if len(paths) < 2:
        return None
    order = "descending" if query.descending else "ascending"
    return tuple((index_path(path), order) for path in paths)


def served_by(needed: Composite, composites: frozenset[Composite]) -> bool:
    """Cosmos serves an ORDER BY from a composite of the same paths in the same order,
    either with the same directions or with every direction reversed."""
    flip = {"ascending": "descending", "descending": "ascending"}
    reversed_needed = tuple((path, flip[order]) for path, order in needed)
    return needed in composites or reversed_needed in composites


def _full_key(doc: dict[str, Any], paths: list[str]) -> tuple[Any, ...]:
    return tuple(value_at(doc, path) for path in paths)


def _in_order(docs: Iterable[dict[str, Any]], paths: list[str], descending: bool) -> list[Any]:
    return sorted(docs, key=lambda doc: _full_key(doc, paths), reverse=descending)


async def page_by_single_fields(
    fetch: Fetch,
    query: ItemQuery,
    after: SortPosition | None,
    size: int,
) -> list[dict[str, Any]]:
    """The first `size` matches after `after` in (sort, id, dataset) order, read with
    single-field ORDER BY requests only."""
    paths = ordering_paths(query.sort)

    async def first(level: int, equal: list[tuple[str, Any]], wanted: int) -> list[Any]:
        path = paths[level]
        # one row more than wanted: it says whether the wanted ones end inside a tie
        docs = await fetch(select_level(query, after, equal, path, wanted + 1))
        if len(docs) <= wanted or level == len(paths) - 1:
            return _in_order(docs, paths, query.descending)[:wanted]
        edge = value_at(docs[wanted], path)
        if value_at(docs[wanted - 1], path) != edge:
            return _in_order(docs[:wanted], paths, query.descending)
        before = [doc for doc in docs if value_at(doc, path) != edge]
        tied = await first(level + 1, [*equal, (path, edge)], wanted - len(before))
        return _in_order(before, paths, query.descending) + tied

    return await first(0, [], size)
