"""Counts over the whole store: per dataset and status, and drafts assigned per curator.

One paged walk through the repo, so it works on every backend and holds only counters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.exporting import PAGE_SIZE, iter_query, scan_query

STATUSES = tuple(status.value for status in GroundTruthStatus)


@dataclass
class StoreStats:
    by_dataset: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    drafts_assigned: Counter = field(default_factory=Counter)

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
        }


async def collect_stats(repo: GroundTruthRepo, *, page_size: int = PAGE_SIZE) -> StoreStats:
    stats = StoreStats()
    async for item in iter_query(repo, scan_query(page_size=page_size)):
        stats.by_dataset[item.dataset_name][item.status.value] += 1
        if item.status == GroundTruthStatus.draft and item.assigned_to:
            stats.drafts_assigned[item.assigned_to] += 1
    return stats
