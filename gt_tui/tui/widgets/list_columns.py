"""Widths and cells shared by the item lists (queue, explorer).

GTC's ids are long (`docs-approve-on-import-104`, UUIDs): the id column gets the width its
longest loaded id needs first, and the question column takes what is left of the screen.
The tags column shows the manual tags (what a curator chose); the computed ones repeat
other columns (`dataset:` is the dataset column) or are derived.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from gt_tui.tui.text import one_line

if TYPE_CHECKING:  # no pydantic at import: the queue's first frame paints without it
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.domain.queries import SortField

MAX_ID_WIDTH = 64
"""An id longer than this is cut (with …): the rest of the row must stay readable."""
MIN_QUESTION_WIDTH = 20
CELL_PADDING = 2
"""DataTable's default cell padding: one cell each side of every column."""


def id_width(ids: Iterable[str], minimum: int = 4) -> int:
    """The id column's width: the longest id shown, within [minimum, MAX_ID_WIDTH]."""
    widest = max((cell_len(one_line(i)) for i in ids), default=minimum)
    return max(minimum, min(widest, MAX_ID_WIDTH))


def manual_tags_text(item: GroundTruthItem) -> str:
    return ", ".join(item.manual_tags)


def sort_value(item: GroundTruthItem, field: SortField) -> str:
    """The value an explorer list is sorted by, as its column shows it."""
    from gt_tui.domain.queries import SortField

    if field is SortField.updated_at:
        return f"{item.updated_at:%Y-%m-%d %H:%M}"
    if field is SortField.reviewed_at:
        return f"{item.reviewed_at:%Y-%m-%d %H:%M}" if item.reviewed_at else "-"
    if field is SortField.total_references:
        return str(item.total_references)
    if field is SortField.tag_count:
        return str(len(item.tags))
    if field is SortField.has_answer:
        return "yes" if item.answer else "no"
    if field is SortField.sample_key:
        return f"{item.sample_key:.4f}"
    return item.id


def fit_columns(table: DataTable, id_cells: int, room: int) -> None:
    """Give the id column `id_cells`, then the question column what is left of `room`
    (the table's width), at least MIN_QUESTION_WIDTH."""
    columns = table.columns
    id_key, question_key = ColumnKey("id"), ColumnKey("question")
    if id_key not in columns or question_key not in columns:
        return
    others = sum(
        column.width + CELL_PADDING
        for key, column in columns.items()
        if key not in (id_key, question_key)
    )
    question = max(MIN_QUESTION_WIDTH, room - others - id_cells - 2 * CELL_PADDING - 1)
    changed = (columns[id_key].width, columns[question_key].width) != (id_cells, question)
    columns[id_key].width = id_cells
    columns[question_key].width = question
    if changed:  # Textual re-measures the columns and repaints the rows
        table._require_update_dimensions = True
        table._clear_caches()
        table.refresh()
