"""Counts over the whole store: per dataset and status, drafts assigned per curator, and
each curator's decisions (approve, skip, delete) per UTC day over the last 7 days.

STATS_QUERIES grouped counts (GROUP BY on SQLite and Cosmos; on Cosmos each is one
cross-partition query, whatever the number of items), so the cost does not grow with
the store's size in round trips. An item counts as a decision of its last updater on the
day of its last update, when it is no longer a draft.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from gt_tui.domain.counts import CountField
from gt_tui.domain.models import GroundTruthStatus, utc_now
from gt_tui.domain.queries import ItemQuery
from gt_tui.domain.shapes import SHAPES
from gt_tui.repos.base import GroundTruthRepo

STATUSES = tuple(status.value for status in GroundTruthStatus)
DECISION_DAYS = 7
DECIDED = (GroundTruthStatus.approved, GroundTruthStatus.skipped, GroundTruthStatus.deleted)
STATS_QUERIES = 3
"""Queries collect_stats makes, on every backend."""


@dataclass
class StoreStats:
    by_dataset: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_shape: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    """shape (rag, agentic) -> Counter of status -> items."""
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
            "shapes": {
                shape: {
                    **{status: self.by_shape[shape].get(status, 0) for status in STATUSES},
                    "total": sum(self.by_shape[shape].values()),
                }
                for shape in SHAPES
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


async def collect_stats(repo: GroundTruthRepo, *, today: date | None = None) -> StoreStats:
    """STATS_QUERIES grouped counts; `today` (UTC, default the current day) ends the days."""
    stats = StoreStats(today=today or utc_now().astimezone(UTC).date())
    first_day = stats.days()[0]
    per_status = await repo.count_groups(
        ItemQuery(), (CountField.dataset_name, CountField.status, CountField.shape)
    )
    for (dataset, status, shape), count in per_status.items():
        stats.by_dataset[str(dataset)][str(status)] += count
        stats.by_shape[str(shape or "rag")][str(status)] += count
    drafts = await repo.count_groups(
        ItemQuery(status=GroundTruthStatus.draft), (CountField.assigned_to,)
    )
    for (assignee,), count in drafts.items():
        if assignee:
            stats.drafts_assigned[assignee] += count
    since = datetime.combine(first_day, time(), tzinfo=UTC)
    decided = await repo.count_groups(
        ItemQuery(statuses=DECIDED, updated_at_min=since),
        (CountField.updated_by, CountField.updated_day),
    )
    for (user, day_text), count in decided.items():
        if not user or not day_text:
            continue
        day = date.fromisoformat(day_text)
        if first_day <= day <= stats.today:
            stats.decisions[user][day] += count
    return stats
