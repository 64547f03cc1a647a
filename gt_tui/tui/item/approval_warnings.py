"""Content warnings read before an approval: personal data, a repeated approved question.

They never block: the GT_CONFIRM dialog lists them above the decision, and under
GT_CONFIRM=never they come as a notice. Which detectors apply (GT_PII_DETECTION,
GT_DUPLICATE_DETECTION, not for an approved item) is ContentCheckService's rule.

The personal-data scan is a few regexes over the item's text, so it runs at decision
time on exactly what is being approved. The duplicate lookup is a store query, so it is
run when an item opens (after its first paint) and kept for that question: a one-key
approval then reads the answer instead of waiting on the store. If the question was
edited since, or the lookup failed, the decision runs it again.
"""

from __future__ import annotations

import contextlib

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.questions import question_key
from gt_tui.services.content_checks import ContentCheckService
from gt_tui.services.pii import ContentWarning
from gt_tui.tui.text import one_line


class ApprovalWarnings:
    """The warnings of one item screen, with the last duplicate lookup kept."""

    def __init__(self, checks: ContentCheckService) -> None:
        self._checks = checks
        self._looked_up: tuple[tuple[str, str, str], list[ContentWarning]] | None = None
        """((dataset, item id, question key), the duplicate warnings found for it)."""

    async def _repeated_question(self, item: GroundTruthItem) -> list[ContentWarning]:
        """The duplicate warnings for `item`: the kept lookup when it is for the same
        question, else a new one (kept in turn). A failed lookup raises and keeps nothing."""
        key = (item.dataset_name, item.id, question_key(item))
        if self._looked_up is None or self._looked_up[0] != key:
            self._looked_up = (key, await self._checks.repeated_question(item))
        return self._looked_up[1]

    async def prefetch(self, item: GroundTruthItem) -> None:
        """Run the duplicate lookup for `item` now, so the approval does not wait for it."""
        with contextlib.suppress(GroundTruthError):  # the decision tries again and says so
            await self._repeated_question(item)

    async def lines(self, item: GroundTruthItem) -> list[str]:
        """One line per warning about `item` as it is about to be approved (masked)."""
        texts = [one_line(w.message, 100) for w in self._checks.personal_data(item)]
        try:
            texts.extend(one_line(w.message, 100) for w in await self._repeated_question(item))
        except GroundTruthError as exc:
            texts.append(f"duplicate check not run: {one_line(str(exc), 80)}")
        return [f"⚠ {text}" for text in texts]
