"""Bring stored computed tags (and normalized manual tags) up to the current rules.

Walks the matching items page by page (keyset by id, so writes do not disturb the walk),
derives each one again and counts those that differ. With `apply` each changed item is
written with a conditional write on the etag it was read with; a conflict re-reads the
item and derives again. A second run finds nothing to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gt_tui.domain.errors import ConcurrencyError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.tagging import TagService

MAX_ATTEMPTS = 5
PAGE_SIZE = 200


@dataclass
class RecomputeSummary:
    scanned: int = 0
    changed: int = 0
    written: int = 0
    retried: int = 0
    gone: int = 0
    applied: bool = False

    def format(self) -> str:
        if not self.applied:
            return (
                f"{self.changed} of {self.scanned} items would change "
                "(dry run; --apply writes them)"
            )
        text = f"{self.written} of {self.scanned} items changed"
        if self.retried:
            text += f", {self.retried} conflicts retried"
        if self.gone:
            text += f", {self.gone} deleted meanwhile"
        return text


def _fields(item: GroundTruthItem) -> tuple:
    return (item.manual_tags, item.computed_tags, item.total_references)


class RecomputeTagsService:
    def __init__(
        self, repo: GroundTruthRepo, tags: TagService | None = None, user_id: str | None = None
    ) -> None:
        self._repo = repo
        self._note = WriteNote(op="recompute-tags", by=user_id)
        self._tags = tags or TagService(repo)
        self._derive = GroundTruthDerivationsService()

    def derived(self, item: GroundTruthItem) -> GroundTruthItem | None:
        """The item with current derived fields, or None when nothing changes."""
        candidate = self._derive.apply_derived_fields(item.model_copy(deep=True))
        return None if _fields(candidate) == _fields(item) else candidate

    async def _write(self, item: GroundTruthItem, summary: RecomputeSummary) -> None:
        current: GroundTruthItem | None = item
        for _ in range(MAX_ATTEMPTS):
            if current is None:
                summary.gone += 1
                return
            candidate = self.derived(current)
            if candidate is None:
                return  # someone else's write already brought it up to date
            try:
                stored = await self._repo.upsert(candidate, note=self._note)
            except ConcurrencyError:
                summary.retried += 1
                current = await self._repo.get(item.dataset_name, item.id)
                continue
            summary.written += 1
            await self._tags.record(stored.tags)
            return
        raise ConcurrencyError(
            f"item {item.dataset_name}/{item.id} kept changing; run recompute-tags again"
        )

    async def recompute(
        self,
        *,
        dataset: str | None = None,
        status: GroundTruthStatus | None = None,
        apply: bool = False,
        on_total: Callable[[int], None] = lambda total: None,
        on_progress: Callable[[int], None] = lambda advanced: None,
    ) -> RecomputeSummary:
        summary = RecomputeSummary(applied=apply)
        query = ItemQuery(dataset_name=dataset, status=status, sort=SortField.id, limit=PAGE_SIZE)
        first = True
        while True:
            page = await self._repo.query(query)
            if first:
                on_total(page.total)
                first = False
            for item in page.items:
                summary.scanned += 1
                if self.derived(item) is not None:
                    summary.changed += 1
                    if apply:
                        await self._write(item, summary)
            on_progress(len(page.items))
            if page.next_cursor is None:
                return summary
            query = query.model_copy(update={"cursor": page.next_cursor, "include_total": False})
