"""Shared pieces of the service suites: items, seeding, a fixed clock, repo wrappers."""

from __future__ import annotations

import asyncio
import inspect
import random
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery

FIXED_NOW = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_item(item_id: str, dataset: str = "ds", **fields: Any) -> GroundTruthItem:
    fields.setdefault("synth_question", f"question {item_id}?")
    return GroundTruthItem(id=item_id, dataset_name=dataset, **fields)


async def seed(repo: Any, items: list[GroundTruthItem]) -> list[GroundTruthItem]:
    return [await repo.upsert(item) for item in items]


def pool(size: int, dataset: str = "ds", seed_value: int = 0, **fields: Any):
    """`size` unassigned drafts with reproducible sample keys."""
    rng = random.Random(seed_value)
    return [
        make_item(f"{dataset}-{n:05d}", dataset, sample_key=rng.random(), **fields)
        for n in range(size)
    ]


async def all_items(repo: Any) -> list[GroundTruthItem]:
    """Every stored item, read page by page (what the store says, not what services said)."""
    found: list[GroundTruthItem] = []
    cursor = None
    while True:
        page = await repo.query(ItemQuery(limit=1000, cursor=cursor))
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return found


async def assignee_counts(repo: Any) -> Counter[str]:
    return Counter(
        item.assigned_to
        for item in await all_items(repo)
        if item.assigned_to and item.status == GroundTruthStatus.draft
    )


class InterleavingRepo:
    """Yields to the event loop around every call, so concurrent callers really interleave.

    The in-memory repo never suspends, so without this, tasks started together would
    still run one after another and no claim race would ever happen.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)
        if not inspect.iscoroutinefunction(target):
            return target

        async def call(*args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(0)
            result = await target(*args, **kwargs)
            await asyncio.sleep(0)
            return result

        return call


class RecordingRepo:
    """Passes calls through to a repo and records (method, args) of each one."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args))
            return await target(*args, **kwargs)

        return call

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]
