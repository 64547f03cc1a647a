"""In-memory repository: the fake beside the real adapters, used by tests and the demo."""

from __future__ import annotations

import asyncio
import builtins
import uuid

from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemPage, ItemQuery
from gt_tui.repos.filtering import page_in_memory


class InMemoryGroundTruthRepo:
    """Dict-backed store with the same etag rules as the durable backends.

    Every check-and-write runs under one asyncio lock with no await inside, so it is
    atomic under any number of tasks on one event loop. `available = False` simulates an
    outage (BackendUnavailableError) for degraded-mode tests and the demo.
    """

    backend_name = "memory"

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], GroundTruthItem] = {}
        self._lock = asyncio.Lock()
        self.available = True

    def _check_available(self) -> None:
        if not self.available:
            raise BackendUnavailableError("in-memory backend switched off (simulated outage)")

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        self._check_available()
        stored = self._items.get((dataset_name, item_id))
        return stored.model_copy(deep=True) if stored else None

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        self._check_available()
        found = [
            item.model_copy(deep=True)
            for (ds, _), item in self._items.items()
            if ds == dataset_name and (status is None or item.status == status)
        ]
        return sorted(found, key=lambda item: item.id)

    async def upsert(self, item: GroundTruthItem) -> GroundTruthItem:
        self._check_available()
        key = (item.dataset_name, item.id)
        async with self._lock:
            stored = self._items.get(key)
            if item.etag is None:
                if stored is not None:
                    raise AlreadyExistsError(
                        f"item {item.dataset_name}/{item.id} already exists; "
                        "a write to an existing item needs its etag",
                        current=stored.model_copy(deep=True),
                    )
            elif stored is None:
                raise NotFoundError(f"item {item.dataset_name}/{item.id} not found")
            elif stored.etag != item.etag:
                raise ConcurrencyError(
                    f"item {item.dataset_name}/{item.id} was changed by someone else",
                    current=stored.model_copy(deep=True),
                )
            new = item.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
            self._items[key] = new
            return new.model_copy(deep=True)

    async def delete(self, dataset_name: str, item_id: str, etag: str | None) -> None:
        self._check_available()
        key = (dataset_name, item_id)
        async with self._lock:
            stored = self._items.get(key)
            if stored is None:
                raise NotFoundError(f"item {dataset_name}/{item_id} not found")
            if etag is None or stored.etag != etag:
                raise ConcurrencyError(
                    f"item {dataset_name}/{item_id}: delete needs the current etag",
                    current=stored.model_copy(deep=True),
                )
            del self._items[key]

    async def query(self, query: ItemQuery) -> ItemPage:
        self._check_available()
        page, next_cursor, total = page_in_memory(self._items.values(), query)
        return ItemPage(
            items=[item.model_copy(deep=True) for item in page],
            next_cursor=next_cursor,
            total=total,
        )

    async def health(self) -> None:
        self._check_available()

    async def close(self) -> None:
        return None
