"""Counts over the whole store: per dataset and status, drafts assigned per curator, and
each curator's decisions (approve, skip, delete) per UTC day over the last 7 days.

One paged walk through the repo (ceil(items / page size) queries on every backend, Cosmos
included), so it works everywhere and holds only counters. An item counts as a decision
of its last updater on the day of its last update, when it is no longer a draft.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from typing import Any

from gt_tui.domain.models import GroundTruthStatus, utc_now
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.exporting import PAGE_SIZE, iter_query, scan_query

STATUSES = tuple(status.value for status in GroundTruthStatus)
DECISION_DAYS = 7


@dataclass
class StoreStats:
    by_dataset: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    drafts_assigned: Counter = field(default_factory=Counter)
    today: date = field(default_factory=lambda: date(1970, 1, 1))
    decisions: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    """curator -> Counter of UTC day -> decisions, only days in the last DECISION_DAYS."""

    def days(self) -> list[date]:
        """The last DECISION_DAYS UTC days, oldest first, ending today."""
        return [self.today - timedelta(days=n) for n in range(DECISION_DAYS - 1, -1, -1)]

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for counts in self.by_dataset.values())

    def by_status(self) -> dict[str, int]:
        totals: Counter = Counter()
        for counts in self.by_dataset.values():
            totals.update(counts)
        return {status: totals.get(status, 0) for status in STATUSES}

    def to_json(self) -> dict[str, Any]:
        """Plain dict, every status present (zeros included), names sorted."""
        return {
            "total": self.total,
            "by_status": self.by_status(),
            "datasets": {
                name: {
                    **{status: counts.get(status, 0) for status in STATUSES},
                    "total": sum(counts.values()),
                }
                for name, counts in sorted(self.by_dataset.items())
            },
            "drafts_assigned": dict(sorted(self.drafts_assigned.items())),
            "decisions": {
                "days": [day.isoformat() for day in self.days()],
                "curators": {
                    user: {
                        "today": per_day.get(self.today, 0),
                        "last_7_days": sum(per_day.values()),
                        "per_day": [per_day.get(day, 0) for day in self.days()],
                    }
                    for user, per_day in sorted(self.decisions.items())
                },
            },
        }


async def collect_stats(
    repo: GroundTruthRepo, *, page_size: int = PAGE_SIZE, today: date | None = None
) -> StoreStats:
    """Walk every item once; `today` (UTC, default the current day) ends the decision days."""
    stats = StoreStats(today=today or utc_now().astimezone(UTC).date())
    first_day = stats.days()[0]
    async for item in iter_query(repo, scan_query(page_size=page_size)):
        stats.by_dataset[item.dataset_name][item.status.value] += 1
        if item.status == GroundTruthStatus.draft and item.assigned_to:
            stats.drafts_assigned[item.assigned_to] += 1
        elif item.status != GroundTruthStatus.draft and item.updated_by and item.updated_at:
            day = item.updated_at.astimezone(UTC).date()
            if first_day <= day <= stats.today:
                stats.decisions[item.updated_by][day] += 1
    return stats
