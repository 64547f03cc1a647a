"""Read-side queries the workstation needs: pages of items, one item, queue counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from pydantic import BaseModel

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import GroundTruthRepo, ItemPage, ItemQuery
from gt_tui.services.sampling import eligible_query
from gt_tui.services.validation import validate_user_id


class QueueCounts(BaseModel):
    in_queue: int
    approved_today: int
    pool_left: int


class BrowseService:
    """Thin read service so the TUI never talks to a repo directly."""

    def __init__(self, repo: GroundTruthRepo) -> None:
        self._repo = repo

    async def page(self, query: ItemQuery) -> ItemPage:
        return await self._repo.query(query)

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        return await self._repo.get(dataset_name, item_id)

    async def counts(self, user_id: str, today: date) -> QueueCounts:
        """My queue size, my approvals since UTC midnight of `today`, and the assignable pool."""
        validate_user_id(user_id)
        in_queue = await self._repo.query(
            ItemQuery(assigned_to=user_id, status=GroundTruthStatus.draft, limit=1)
        )
        pool = await self._repo.query(
            eligible_query(user_id).model_copy(update={"include_total": True, "limit": 1})
        )
        return QueueCounts(
            in_queue=in_queue.total,
            approved_today=await self._approved_since(user_id, today),
            pool_left=pool.total,
        )

    async def _approved_since(self, user_id: str, today: date) -> int:
        """One count on the backend (it used to read approved items, 200 a page, newest
        first, on every queue load: whole documents on Cosmos, only to count them)."""
        page = await self._repo.query(
            ItemQuery(
                status=GroundTruthStatus.approved,
                updated_by=user_id,
                reviewed_at_min=datetime.combine(today, time.min, tzinfo=UTC),
                limit=1,
            )
        )
        return page.total
