"""Batched creates and all-or-nothing scopes, for every repo.

A repo may offer a native `create_many(items)` (SQLite: one transaction per batch, still
one compare-and-set INSERT per item) and `atomic()` (SQLite: one transaction around many
writes). These helpers use them when present and fall back to bounded concurrent creates
(Cosmos, memory), so services never ask which backend they run on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.revisions import WriteNote

DEFAULT_CONCURRENCY = 32
"""Creates in flight at once on a backend without batches (Cosmos: one request each)."""
DEFAULT_BATCH = 64


def batch_size(repo: Any) -> int:
    """How many items a service should hand over per create_many call."""
    return int(getattr(repo, "import_batch_size", DEFAULT_BATCH))


async def create_many(
    repo: Any,
    items: Sequence[GroundTruthItem],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    note: WriteNote | None = None,
) -> list[Exception | None]:
    """Create each item (etag None); per item None when created, else the error it met
    (AlreadyExistsError for one already stored). BackendUnavailableError on the batch as
    a whole is raised: the backend is gone, not the item."""
    native = getattr(repo, "create_many", None)
    if native is not None:
        return list(await native(items, note=note))
    gate = asyncio.Semaphore(max(1, concurrency))

    async def create(item: GroundTruthItem) -> None:
        async with gate:
            await repo.upsert(item, note=note)

    outcomes = await asyncio.gather(*(create(item) for item in items), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
            raise outcome  # cancellation, KeyboardInterrupt
    return [outcome if isinstance(outcome, Exception) else None for outcome in outcomes]


async def get_many(
    repo: Any, keys: Sequence[tuple[str, str]], *, concurrency: int = DEFAULT_CONCURRENCY
) -> dict[tuple[str, str], GroundTruthItem]:
    """The stored items of `keys` (dataset_name, id), missing ones left out: one read on a
    repo with a native `get_many` (SQLite), else bounded concurrent gets."""
    native = getattr(repo, "get_many", None)
    if native is not None:
        return dict(await native(keys))
    gate = asyncio.Semaphore(max(1, concurrency))

    async def get(key: tuple[str, str]) -> GroundTruthItem | None:
        async with gate:
            return await repo.get(*key)

    found = await asyncio.gather(*(get(key) for key in keys))
    return {key: item for key, item in zip(keys, found, strict=True) if item is not None}


async def get_docs(
    repo: Any, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored documents (item.to_doc() shape) of `keys`, missing ones left out: what
    comparing many items needs, without building an item per document where the repo can
    hand the documents over (SQLite's `get_docs`)."""
    native = getattr(repo, "get_docs", None)
    if native is not None:
        return dict(await native(keys))
    return {key: item.to_doc() for key, item in (await get_many(repo, keys)).items()}


def atomic_scope(repo: Any) -> AbstractAsyncContextManager[None] | None:
    """A scope whose writes commit together or not at all, or None when the backend cannot
    offer one (Cosmos has no transaction across partitions)."""
    native = getattr(repo, "atomic", None)
    return native() if native is not None else None
