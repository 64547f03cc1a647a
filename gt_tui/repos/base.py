"""The repository protocol: the only way services reach storage.

Nothing here knows a storage engine: no SQL, no partition keys, no SDK types. A repo
persists what it is given; business rules live in gt_tui.services.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus


class SortField(StrEnum):
    id = "id"
    updated_at = "updated_at"
    reviewed_at = "reviewed_at"
    total_references = "total_references"
    tag_count = "tag_count"
    sample_key = "sample_key"
    has_answer = "has_answer"


class ItemQuery(BaseModel):
    """A filter, a sort and a page request over ground-truth items.

    Filters combine with AND. `status` is one status; `statuses` any of several.
    `updated_by_not` leaves out items last updated by that user; with
    `updated_by_not_status` set it does so only among items of that status. `tags`
    must all be present (manual or computed); `exclude_tags` must all be absent.
    `text` matches case-insensitively inside the synthetic question, the edited
    question, the answer and every history message. `ref_url` matches a
    reference url exactly, on the item or on any history turn; `ref_url_contains` matches
    a part of one (case-sensitive, literal). `id_prefix` keeps ids starting with it.
    The has_answer sort puts items without an answer (None or empty) first.
    `sample_key_min` (inclusive) / `sample_key_max` (exclusive) bound the per-item random
    sampling key, so a sampler can read a random window of the pool cheaply.
    `include_total=False` lets a backend skip counting (`ItemPage.total` is then -1).
    """

    model_config = ConfigDict(frozen=True)

    status: GroundTruthStatus | None = None
    statuses: tuple[GroundTruthStatus, ...] = ()
    dataset_name: str | None = None
    dataset_prefix: str | None = None
    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    assigned_to: str | None = None
    unassigned: bool = False
    updated_by_not: str | None = None
    updated_by_not_status: GroundTruthStatus | None = None
    text: str | None = None
    ref_url: str | None = None
    ref_url_contains: str | None = None
    id_prefix: str | None = None
    exclude_ids: tuple[str, ...] = ()
    sample_key_min: float | None = None
    sample_key_max: float | None = None
    sort: SortField = SortField.id
    descending: bool = False
    limit: int = Field(default=50, ge=1, le=1000)
    cursor: str | None = None
    include_total: bool = True


class ItemPage(BaseModel):
    """One page of a query. `next_cursor` is None on the last page; `total` counts all matches."""

    items: list[GroundTruthItem]
    next_cursor: str | None = None
    total: int = 0


@runtime_checkable
class GroundTruthRepo(Protocol):
    """Storage of ground-truth items with optimistic concurrency on the etag.

    - upsert with etag None creates; an existing item -> ConcurrencyError.
    - upsert with an etag replaces only on an equal stored etag, else ConcurrencyError;
      a missing item -> NotFoundError. The new etag is on the returned copy only.
    - delete needs the current etag; None or stale -> ConcurrencyError; missing -> NotFoundError.
    - returned items are copies.
    """

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None: ...

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> list[GroundTruthItem]: ...

    async def upsert(self, item: GroundTruthItem) -> GroundTruthItem: ...

    async def delete(self, dataset_name: str, item_id: str, etag: str | None) -> None: ...

    async def query(self, query: ItemQuery) -> ItemPage: ...

    async def tag_registry(self) -> list[str]:
        """Every tag in the global registry, sorted (the seed's `tags|global` document)."""
        ...

    async def add_to_tag_registry(self, tags: Iterable[str]) -> list[str]:
        """Union `tags` into the registry (safe under concurrent writers); the new list."""
        ...

    async def health(self) -> None: ...

    async def close(self) -> None: ...
