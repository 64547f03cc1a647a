"""Content warnings read before an approval: personal data, a repeated approved question.

They never block: the GT_CONFIRM dialog lists them above the decision, and under
GT_CONFIRM=never they come as a notice. GT_PII_DETECTION / GT_DUPLICATE_DETECTION turn
each detector off (ContentCheckService).

The personal-data scan is a few regexes over the item's text, so it runs at decision
time on exactly what is being approved. The duplicate lookup is a store query, so it is
run when an item opens (after its first paint) and kept for that question: a one-key
approval then reads the answer instead of waiting on the store. If the question was
edited since, or the lookup failed, the decision runs it again.
"""

from __future__ import annotations

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.questions import question_key
from gt_tui.services.content_checks import ContentCheckService
from gt_tui.services.pii import ContentWarning, item_pii
from gt_tui.tui.text import one_line


class ApprovalWarnings:
    """The warnings of one item screen, with the last duplicate lookup kept."""

    def __init__(self, checks: ContentCheckService) -> None:
        self._checks = checks
        self._looked_up: tuple[tuple[str, str, str], list[ContentWarning]] | None = None
        """((dataset, item id, question key), the duplicate warnings found for it)."""

    @staticmethod
    def _key(item: GroundTruthItem) -> tuple[str, str, str]:
        return (item.dataset_name, item.id, question_key(item))

    async def prefetch(self, item: GroundTruthItem) -> None:
        """Run the duplicate lookup for `item` now, so the approval does not wait for it."""
        if not self._checks.duplicates or item.status == GroundTruthStatus.approved:
            return
        key = self._key(item)
        if self._looked_up is not None and self._looked_up[0] == key:
            return
        try:
            found = await self._checks.duplicate_of(item)
        except GroundTruthError:
            return  # the decision tries again and says so if it fails there too
        self._looked_up = (key, found)

    async def lines(self, item: GroundTruthItem) -> list[str]:
        """One line per warning about `item` as it is about to be approved (masked)."""
        found = item_pii(item) if self._checks.pii else []
        if self._checks.duplicates and item.status != GroundTruthStatus.approved:
            key = self._key(item)
            if self._looked_up is not None and self._looked_up[0] == key:
                found.extend(self._looked_up[1])
            else:
                try:
                    duplicates = await self._checks.duplicate_of(item)
                except GroundTruthError as exc:
                    lines = [f"⚠ {one_line(w.message, 100)}" for w in found]
                    return [*lines, f"⚠ duplicate check not run: {one_line(str(exc), 80)}"]
                self._looked_up = (key, duplicates)
                found.extend(duplicates)
        return [f"⚠ {one_line(warning.message, 100)}" for warning in found]
