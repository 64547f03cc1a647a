"""Grouped counts for the backends that evaluate in Python (memory), and the SQL column
and Cosmos expression of each CountField (fixed mappings: never built from input)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.filtering import sortable_utc


def group_value(item: GroundTruthItem, field: CountField) -> str | None:
    if field is CountField.dataset_name:
        return item.dataset_name
    if field is CountField.status:
        return item.status.value
    if field is CountField.assigned_to:
        return item.assigned_to or None
    if field is CountField.updated_by:
        return item.updated_by or None
    if field is CountField.shape:
        return item.shape
    return sortable_utc(item.updated_at)[:10]


def count_in_memory(
    items: Iterable[GroundTruthItem], fields: tuple[CountField, ...]
) -> GroupCounts:
    counts: Counter = Counter(tuple(group_value(item, f) for f in fields) for item in items)
    return dict(counts)


SQLITE_GROUP_COLUMNS = {
    CountField.dataset_name: "dataset_name",
    CountField.status: "status",
    CountField.assigned_to: "nullif(assigned_to, '')",
    CountField.updated_by: "nullif(updated_by, '')",
    CountField.updated_day: "substr(updated_at, 1, 10)",
    CountField.shape: "shape",
}
