"""What the explorer keeps while the app runs: its filters, sort and highlighted row, so
leaving it (to the queue, say) and coming back finds everything as it was. Kept per app
instance, in memory only."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from textual.app import App

from gt_tui.domain.queries import SortField

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
DEFAULT_SORT = "id:asc"


def parse_sort(value: object) -> tuple[SortField, bool]:
    """(field, descending) from a sort Select value; the default for anything else."""
    text = value if isinstance(value, str) else DEFAULT_SORT
    name, _, direction = text.partition(":")
    try:
        return SortField(name), direction == "desc"
    except ValueError:
        return SortField.id, False


@dataclass(frozen=True)
class ExplorerState:
    status: str | None = None
    dataset: str = ""
    tags: str = ""
    text: str = ""
    id_prefix: str = ""
    url: str = ""
    sort: str = DEFAULT_SORT
    warnings_only: bool = False
    row: int = 0


_KEPT: weakref.WeakKeyDictionary[App, ExplorerState] = weakref.WeakKeyDictionary()


def remember(app: App, state: ExplorerState) -> None:
    _KEPT[app] = state


def recall(app: App) -> ExplorerState | None:
    return _KEPT.get(app)
