"""Warnings about an item's content: personal data and repeats of approved questions.

Warnings never block a write or a decision; they are shown (import lines, the approval
dialog, the explorer filter). GT_PII_DETECTION / GT_DUPLICATE_DETECTION turn each off.
"""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.questions import question_key
from gt_tui.repos.base import GroundTruthRepo, ItemPage, ItemQuery
from gt_tui.services.pii import ContentWarning, item_pii


class ContentCheckService:
    def __init__(self, repo: GroundTruthRepo, *, pii: bool = True, duplicates: bool = True):
        self._repo = repo
        self.pii = pii
        self.duplicates = duplicates

    async def warnings(self, item: GroundTruthItem) -> list[ContentWarning]:
        return [*self.personal_data(item), *await self.repeated_question(item)]

    def personal_data(self, item: GroundTruthItem) -> list[ContentWarning]:
        """The personal-data warnings (none under GT_PII_DETECTION=false); no I/O."""
        return item_pii(item) if self.pii else []

    async def repeated_question(self, item: GroundTruthItem) -> list[ContentWarning]:
        """The duplicate warning, when the detector is on and `item` is not approved
        already (an approved item is what others repeat); one indexed lookup."""
        if not self.duplicates or item.status == GroundTruthStatus.approved:
            return []
        return await self.duplicate_of(item)

    async def page_with_warnings(self, query: ItemQuery, *, max_scan: int = 200) -> ItemPage:
        """The next items matching `query` that have warnings (the explorer's filter).

        Warnings are computed, not stored (a duplicate depends on other items), so this
        reads whole pages of `query` from its cursor and keeps the warned items, until it
        has `query.limit` of them, has read `max_scan` items, or reaches the end. The
        returned cursor resumes after the last page read; `total` is -1 (not counted).
        """
        found: list[GroundTruthItem] = []
        scanned = 0
        cursor = query.cursor
        while True:
            page = await self._repo.query(
                query.model_copy(update={"cursor": cursor, "include_total": False})
            )
            scanned += len(page.items)
            for item in page.items:
                if await self.warnings(item):
                    found.append(item)
            cursor = page.next_cursor
            if cursor is None or len(found) >= query.limit or scanned >= max_scan:
                return ItemPage(items=found, next_cursor=cursor, total=-1)

    async def duplicate_of(self, item: GroundTruthItem) -> list[ContentWarning]:
        """An approved item of the same dataset asking the same normalized question."""
        key = question_key(item)
        if not key:
            return []
        page = await self._repo.query(
            ItemQuery(
                dataset_name=item.dataset_name,
                question_key=key,
                status=GroundTruthStatus.approved,
                exclude_ids=(item.id,),
                limit=3,
                include_total=False,
            )
        )
        if not page.items:
            return []
        ids = ", ".join(other.id for other in page.items[:2])
        more = " and more" if len(page.items) > 2 else ""
        return [ContentWarning("duplicate", "question", f"{ids}{more}")]
