"""The progress screen's numbers in one call: the store's stats (per dataset per status,
per curator per day) plus the caller's own pace since a given instant (the app's start).

PROGRESS_QUERIES grouped counts on every backend; on Cosmos each is one cross-partition
GROUP BY query, so a refresh costs 4 queries however many items the container holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from gt_tui.domain.counts import CountField
from gt_tui.domain.queries import ItemQuery
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.review import ReviewService, ReviewSummary
from gt_tui.services.stats import DECIDED, STATS_QUERIES, StoreStats, collect_stats
from gt_tui.services.validation import validate_user_id

PROGRESS_QUERIES = STATS_QUERIES + 1
MIN_PACE_MINUTES = 1.0
"""Below this much time since the start, a pace would mean little: none is given."""


@dataclass(frozen=True)
class Progress:
    stats: StoreStats
    user_id: str
    since: datetime
    now: datetime
    my_decisions: int
    """Items whose last change is my decision (approve, skip, delete) since `since`."""
    review: ReviewSummary | None = None
    """Under GT_REVIEW=leads: pending reviews and each curator's sent-back rate (2 more
    queries); None when the review stage is off."""

    @property
    def hours(self) -> float:
        return max((self.now - self.since).total_seconds(), 0.0) / 3600

    @property
    def pace_per_hour(self) -> float | None:
        if self.hours * 60 < MIN_PACE_MINUTES:
            return None
        return self.my_decisions / self.hours


class ProgressService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        clock: Clock | None = None,
        review: ReviewService | None = None,
    ) -> None:
        self._repo = repo
        self._clock = clock or system_clock
        self._review = review if review is not None and review.enabled else None

    async def datasets(self) -> list[tuple[str, int]]:
        """Every dataset with its number of items, by name (one grouped count)."""
        counts = await self._repo.count_groups(ItemQuery(), (CountField.dataset_name,))
        return sorted((str(name), count) for (name,), count in counts.items())

    async def progress(self, user_id: str, since: datetime) -> Progress:
        validate_user_id(user_id)
        now = self._clock()
        stats = await collect_stats(self._repo, today=now.astimezone(UTC).date())
        mine = await self._repo.count_groups(
            ItemQuery(statuses=DECIDED, updated_at_min=since), (CountField.updated_by,)
        )
        return Progress(
            stats=stats,
            user_id=user_id,
            since=since,
            now=now,
            my_decisions=mine.get((user_id,), 0),
            review=await self._review.summary() if self._review is not None else None,
        )
