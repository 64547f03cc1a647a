"""The repository protocol: the only way services reach storage.

Nothing here knows a storage engine: no SQL, no partition keys, no SDK types. A repo
persists what it is given; business rules live in gt_tui.services.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.queries import ItemPage, ItemQuery, SortField
from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote

__all__ = ["GroundTruthRepo", "ItemPage", "ItemQuery", "SortField"]


@runtime_checkable
class GroundTruthRepo(Protocol):
    """Storage of ground-truth items with optimistic concurrency on the etag.

    - upsert with etag None creates; an existing item -> ConcurrencyError.
    - upsert with an etag replaces only on an equal stored etag, else ConcurrencyError;
      a missing item -> NotFoundError. The new etag is on the returned copy only.
    - delete needs the current etag; None or stale -> ConcurrencyError; missing -> NotFoundError.
    - returned items are copies.
    - every write records a revision (gt_tui.domain.revisions): number, time, who,
      operation and the changed fields, from the `note` it is given (defaults when None).
    """

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None: ...

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> list[GroundTruthItem]: ...

    async def upsert(
        self, item: GroundTruthItem, *, note: WriteNote | None = None
    ) -> GroundTruthItem: ...

    async def delete(
        self, dataset_name: str, item_id: str, etag: str | None, *, note: WriteNote | None = None
    ) -> None: ...

    async def history(self, dataset_name: str, item_id: str) -> list[Revision]:
        """The item's revisions, oldest first (empty when none was recorded)."""
        ...

    async def revisions(self, query: RevisionQuery) -> list[Revision]:
        """Revisions written in [since, until) (of one dataset / by one user), in time order."""
        ...

    async def query(self, query: ItemQuery) -> ItemPage: ...

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        """How many items match `query` per distinct tuple of `fields` (one GROUP BY)."""
        ...

    async def tag_registry(self) -> list[str]:
        """Every tag in the global registry, sorted (the seed's `tags|global` document)."""
        ...

    async def add_to_tag_registry(self, tags: Iterable[str]) -> list[str]:
        """Union `tags` into the registry (safe under concurrent writers); the new list."""
        ...

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        """The dataset's curation instructions, None when it has none."""
        ...

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        """Write a dataset's instructions with the item rules: etag None creates (exists ->
        AlreadyExistsError); an etag replaces only on an equal stored etag (else
        ConcurrencyError; missing -> NotFoundError). The copy returned has the new etag."""
        ...

    async def health(self) -> None: ...

    async def close(self) -> None: ...
