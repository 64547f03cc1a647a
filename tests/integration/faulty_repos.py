"""Repo wrappers that inject write failures (fakes over mocks: the real repo underneath)."""

from __future__ import annotations

from typing import Any

from gt_tui.domain import GroundTruthError


class WriteRefused(GroundTruthError):
    """The injected failure: what a backend says when it refuses one item."""


class FailingItemRepo:
    """Delegates to `inner`, but every write of an item whose id is in `failing` fails
    with `error`; a batch (create_many) holding one fails whole, as a transaction does.
    The inner repo's own batches and transactions are used, so SQLite's rollback is the
    real one."""

    def __init__(self, inner: Any, failing: set[str], error: Exception | None = None) -> None:
        self._inner = inner
        self._failing = failing
        self._error = error or WriteRefused("the store refused this item")
        self.attempts = 0
        if hasattr(inner, "create_many"):
            self.create_many = self._create_many
            self.import_batch_size = inner.import_batch_size
        if hasattr(inner, "atomic"):
            self.atomic = inner.atomic

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def upsert(self, item, *, note=None):
        self.attempts += 1
        if item.id in self._failing:
            raise self._error
        return await self._inner.upsert(item, note=note)

    async def _create_many(self, items, *, note=None):
        self.attempts += len(items)
        if any(item.id in self._failing for item in items):
            raise self._error  # a batch is one transaction: it fails whole
        return await self._inner.create_many(items, note=note)
