"""A repo wrapper that keeps the app alive while the real backend is down.

It opens the real repo through an async factory. Until that succeeds every call raises
BackendUnavailableError with the reason, and a background task retries with capped
exponential backoff; once the backend answers, calls go through with no restart.
"""

from __future__ import annotations

import asyncio
import builtins
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import BackendUnavailableError, BackendUnusableError
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote
from gt_tui.repos import batching
from gt_tui.repos.base import GroundTruthRepo, ItemPage, ItemQuery

log = logging.getLogger(__name__)

RepoFactory = Callable[[], Awaitable[GroundTruthRepo]]
CLOSE_BUDGET_S = 5.0
"""Longest close() waits for the reconnect task; a factory stuck past that is abandoned."""


class ReconnectingRepo:
    def __init__(
        self,
        factory: RepoFactory,
        backend_name: str,
        *,
        initial_backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
    ) -> None:
        self._factory = factory
        self.backend_name = backend_name
        self._initial_backoff_s = initial_backoff_s
        self._max_backoff_s = max_backoff_s
        self._inner: GroundTruthRepo | None = None
        self.last_error: str = "backend not started yet"
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        self.unusable = False
        """The last failure is permanent (not a database, newer schema): no retries."""

    @property
    def inner(self) -> GroundTruthRepo | None:
        return self._inner

    async def connect_once(self) -> bool:
        """Try to open the backend now; True when it is up."""
        async with self._lock:
            if self._inner is not None:
                return True
            try:
                inner = await self._factory()
            except Exception as exc:  # noqa: BLE001 - any failure means degraded
                _reraise_pending_cancel()
                self.unusable = isinstance(exc, BackendUnusableError)
                self.last_error = _describe(exc)
                log.warning("backend %s unavailable: %s", self.backend_name, self.last_error)
                return False
            if self._closed:  # closed while the factory ran: do not keep what it opened
                await inner.close()
                return False
            self._inner = inner
            self.last_error = ""
            return True

    def start_reconnecting(self) -> None:
        """Retry in the background until connected (idempotent)."""
        if self._closed or self.unusable or self._inner is not None:
            return
        if self._task and not self._task.done():
            return
        self._task = asyncio.get_running_loop().create_task(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        delay = self._initial_backoff_s
        while not self._closed and not await self.connect_once():
            if self.unusable:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_backoff_s)

    def _repo(self) -> GroundTruthRepo:
        if self._inner is None:
            if self.unusable:
                raise BackendUnusableError(self.last_error)
            self.start_reconnecting()
            raise BackendUnavailableError(f"{self.backend_name} unavailable: {self.last_error}")
        return self._inner

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        return await self._repo().get(dataset_name, item_id)

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        return await self._repo().list(dataset_name, status)

    async def upsert(
        self, item: GroundTruthItem, *, note: WriteNote | None = None
    ) -> GroundTruthItem:
        return await self._repo().upsert(item, note=note)

    async def delete(
        self, dataset_name: str, item_id: str, etag: str | None, *, note: WriteNote | None = None
    ) -> None:
        await self._repo().delete(dataset_name, item_id, etag, note=note)

    async def history(self, dataset_name: str, item_id: str) -> builtins.list[Revision]:
        return await self._repo().history(dataset_name, item_id)

    async def revisions(self, query: RevisionQuery) -> builtins.list[Revision]:
        return await self._repo().revisions(query)

    async def query(self, query: ItemQuery) -> ItemPage:
        return await self._repo().query(query)

    async def get_many(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], GroundTruthItem]:
        return await batching.get_many(self._repo(), keys)

    async def get_docs(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        return await batching.get_docs(self._repo(), keys)

    async def create_many(
        self, items: Sequence[GroundTruthItem], *, note: WriteNote | None = None
    ) -> builtins.list[Exception | None]:
        return await batching.create_many(self._repo(), items, note=note)

    @property
    def import_batch_size(self) -> int:
        return (
            batching.batch_size(self._inner) if self._inner is not None else batching.DEFAULT_BATCH
        )

    def atomic(self) -> AbstractAsyncContextManager[None] | None:
        return batching.atomic_scope(self._repo())

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        return await self._repo().count_groups(query, fields)

    async def tag_registry(self) -> builtins.list[str]:
        return await self._repo().tag_registry()

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        return await self._repo().add_to_tag_registry(tags)

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        return await self._repo().get_instructions(dataset_name)

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        return await self._repo().put_instructions(doc)

    async def health(self) -> None:
        await self._repo().health()

    async def close(self, *, budget_s: float = CLOSE_BUDGET_S) -> None:
        """Stop reconnecting and close the backend, within budget_s whatever the loop does:
        a cancel swallowed by an SDK call is repeated, and a loop that still runs is left."""
        self._closed = True
        task = self._task
        if task is not None:
            deadline = asyncio.get_running_loop().time() + budget_s
            while not task.done():
                task.cancel()
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    log.warning("backend %s: reconnect task did not stop", self.backend_name)
                    break
                await asyncio.wait({task}, timeout=min(remaining, 0.1))
            if task.done() and not task.cancelled():
                task.exception()  # retrieved, so asyncio does not log it at exit
        if self._inner is not None:
            await self._inner.close()
            self._inner = None


def _reraise_pending_cancel() -> None:
    """asyncio.wait_for in Python 3.11 can turn a cancel into the inner error; a pending
    cancel request must still stop the loop."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def _describe(exc: BaseException) -> str:
    """The first line of the error; its class name only when it says nothing else (so no
    message reads `ValueError: ...`; an OS error's reason is its strerror)."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f": {exc.filename}" if exc.filename else "")
    else:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if not text:
        return type(exc).__name__
    return text
