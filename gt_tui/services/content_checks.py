"""Warnings about an item's content: personal data and repeats of approved questions.

Warnings never block a write or a decision; they are shown (import lines, the approval
dialog, the explorer filter). GT_PII_DETECTION / GT_DUPLICATE_DETECTION turn each off.
"""

from __future__ import annotations

from collections.abc import Sequence

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

    async def warnings_of_many(
        self, items: Sequence[GroundTruthItem]
    ) -> list[list[ContentWarning]]:
        """warnings() of each item, with one duplicate lookup per dataset for all of them
        (an import's write batch) instead of one per item."""
        repeats = await self._duplicates_of_many(items) if self.duplicates else {}
        return [
            [*self.personal_data(item), *repeats.get(index, [])] for index, item in enumerate(items)
        ]

    async def _duplicates_of_many(
        self, items: Sequence[GroundTruthItem]
    ) -> dict[int, list[ContentWarning]]:
        asking: dict[str, dict[str, list[int]]] = {}
        for index, item in enumerate(items):
            if item.status == GroundTruthStatus.approved:
                continue
            key = question_key(item)
            if key:
                asking.setdefault(item.dataset_name, {}).setdefault(key, []).append(index)
        found: dict[int, list[ContentWarning]] = {}
        for dataset, by_key in asking.items():
            approved: dict[str, list[str]] = {}
            query = ItemQuery(
                dataset_name=dataset,
                question_keys=tuple(by_key),
                status=GroundTruthStatus.approved,
                limit=1000,
                include_total=False,
            )
            while True:
                page = await self._repo.query(query)
                for other in page.items:
                    approved.setdefault(question_key(other), []).append(other.id)
                if page.next_cursor is None:
                    break
                query = query.model_copy(update={"cursor": page.next_cursor})
            for key, indexes in by_key.items():
                for index in indexes:
                    others = [i for i in approved.get(key, ()) if i != items[index].id]
                    if others:
                        found[index] = [_duplicate_warning(others)]
        return found

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
        return [_duplicate_warning([other.id for other in page.items])]


def _duplicate_warning(other_ids: Sequence[str]) -> ContentWarning:
    """Names the first two approved items asking the same question, "and more" after."""
    ids = ", ".join(other_ids[:2])
    more = " and more" if len(other_ids) > 2 else ""
    return ContentWarning("duplicate", "question", f"{ids}{more}")
