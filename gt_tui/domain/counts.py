"""Grouped counts over items (GROUP BY on the store): what progress and stats read.

`CountField.updated_day` is the UTC calendar day of updatedAt as `YYYY-MM-DD`;
`CountField.shape` the item's shape, `rag` or `agentic`.
A result maps a tuple of group values (in the order asked, None for a missing value) to
the number of matching items.
"""

from __future__ import annotations

from enum import StrEnum


class CountField(StrEnum):
    dataset_name = "dataset_name"
    status = "status"
    assigned_to = "assigned_to"
    updated_by = "updated_by"
    updated_day = "updated_day"
    shape = "shape"


GroupCounts = dict[tuple[str | None, ...], int]
