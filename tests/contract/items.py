"""Item builders and page walkers shared by the contract suite (backend-agnostic)."""

from __future__ import annotations

from typing import Any

from gt_tui.domain import GroundTruthItem
from gt_tui.repos.base import ItemQuery


def make_item(item_id: str = "i-1", dataset: str = "ds", **fields: Any) -> GroundTruthItem:
    fields.setdefault("synth_question", "q?")
    return GroundTruthItem(id=item_id, dataset_name=dataset, **fields)


def key(item: GroundTruthItem) -> str:
    return f"{item.dataset_name}/{item.id}"


async def walk(repo: Any, query: ItemQuery) -> tuple[list[GroundTruthItem], list[int]]:
    """Follow next_cursor from the first page to the last: (items in order, totals seen)."""
    items: list[GroundTruthItem] = []
    totals: list[int] = []
    cursor = None
    for _ in range(10_000):
        page = await repo.query(query.model_copy(update={"cursor": cursor}))
        assert len(page.items) <= query.limit
        items.extend(page.items)
        totals.append(page.total)
        cursor = page.next_cursor
        if cursor is None:
            return items, totals
        assert page.items, "a page with a next_cursor must not be empty"
    raise AssertionError("paging did not end")
