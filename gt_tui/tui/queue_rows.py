"""What the queue table shows of an item, as plain strings (also the last-known queue's rows).

No pydantic at import: a paint-first start draws its first frame with `row_cells`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from gt_tui.tui.queue_snapshot import COLUMNS, QueueRow
from gt_tui.tui.text import age_text, one_line, plain_line

if TYPE_CHECKING:
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.services.browse import QueueCounts


def item_key(item: GroundTruthItem) -> str:
    return f"{item.dataset_name}\x1f{item.id}"


def item_id_of(key: str) -> str:
    """The item id in a row key made by `item_key`."""
    return key.partition("\x1f")[2]


def queue_row(item: GroundTruthItem) -> QueueRow:
    """What the table shows of one item, as plain strings cut to the column widths."""
    from gt_tui.services.derivations import GroundTruthDerivationsService

    widths = dict(COLUMNS)
    return QueueRow(
        key=item_key(item),
        id=one_line(item.id, widths["id"]),
        dataset=one_line(item.dataset_name, widths["dataset"]),
        question=one_line(item.question, widths["question"]),
        tags=one_line(", ".join(item.manual_tags), widths["tags"]),
        refs=str(GroundTruthDerivationsService.total_references(item)),
        assigned_at=item.assigned_at,
    )


def row_cells(row: QueueRow, now: datetime) -> tuple[Text, ...]:
    return (
        plain_line(row.id),
        plain_line(row.dataset),
        plain_line(row.question),
        plain_line(row.tags),
        Text(row.refs, justify="right"),
        Text(age_text(row.assigned_at, now), justify="right"),
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
