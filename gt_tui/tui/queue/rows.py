"""What the queue table shows of an item, cut to its columns (plain text, never markup)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.tui.text import age_text, plain_line

if TYPE_CHECKING:
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.services.browse import QueueCounts

COLUMNS = (("id", 64), ("dataset", 16), ("question", 120), ("tags", 18), ("refs", 4), ("age", 5))
"""The queue table's columns and how long a cell may be; the id and question columns are
then fitted to the screen (widgets/list_columns.py: whole ids first)."""
_WIDTHS = dict(COLUMNS)


def item_key(item: GroundTruthItem) -> str:
    return f"{item.dataset_name}\x1f{item.id}"


def row_cells(item: GroundTruthItem, now: datetime) -> tuple[Text, ...]:
    """What the table shows of one item, each cell one line cut to its column."""
    return (
        plain_line(item.id, _WIDTHS["id"]),
        plain_line(item.dataset_name, _WIDTHS["dataset"]),
        plain_line(item.question, _WIDTHS["question"]),
        plain_line(", ".join(item.manual_tags), _WIDTHS["tags"]),
        Text(str(GroundTruthDerivationsService.total_references(item)), justify="right"),
        Text(age_text(item.assigned_at, now), justify="right"),
    )


def matches(item: GroundTruthItem, needle: str) -> bool:
    needle = needle.casefold()
    haystack = " ".join([item.id, item.dataset_name, item.question, *item.tags])
    return needle in haystack.casefold()


def empty_state(counts: QueueCounts | None) -> Text:
    """What to do next when the queue is empty (and when the pool is empty too)."""
    text = Text.assemble(
        ("Your queue is empty.\n\n", "bold"),
        "Press n to get items assigned to you, e to explore all items, ? for help.",
    )
    if counts is not None and counts.pool_left == 0:
        text.append(
            "\n\nThe pool has no assignable items either: load some with "
            "`gt-tui import FILE.jsonl`, or try `gt-tui demo`."
        )
    return text
