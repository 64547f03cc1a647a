"""The explorer's sort choices, as labels and Select values."""

from __future__ import annotations

from gt_tui.domain.queries import SortField
from gt_tui.tui.context import DEFAULT_SORT

SORT_LABELS = {
    SortField.id: "id",
    SortField.updated_at: "last change",
    SortField.reviewed_at: "reviewed",
    SortField.total_references: "references",
    SortField.tag_count: "tag count",
    SortField.has_answer: "has answer",
    SortField.sample_key: "sample key (random)",
    SortField.tool_call_count: "tool calls",
}
SORT_CHOICES = [
    (
        f"{SORT_LABELS[field]} {'↓' if descending else '↑'}",
        f"{field.value}:{'desc' if descending else 'asc'}",
    )
    for field in SortField
    for descending in (False, True)
]
"""Every sort field in both directions, as (label, Select value) pairs."""


def parse_sort(value: object) -> tuple[SortField, bool]:
    """(field, descending) from a sort Select value; the default for anything else."""
    text = value if isinstance(value, str) else DEFAULT_SORT
    name, _, direction = text.partition(":")
    try:
        return SortField(name), direction == "desc"
    except ValueError:
        return SortField.id, False
