"""Domain model: pydantic models, enums and errors. Imports nothing of the project."""

from __future__ import annotations

from gt_tui.domain.errors import (
    AlreadyExistsError,
    AssignmentConflictError,
    BackendUnavailableError,
    BackendUnusableError,
    ConcurrencyError,
    GroundTruthError,
    InvalidItemKeyError,
    InvalidUserIdError,
    NotFoundError,
    OwnershipError,
)
from gt_tui.domain.models import (
    GroundTruthItem,
    GroundTruthStatus,
    HistoryTurn,
    Reference,
    utc_now,
)
from gt_tui.domain.queries import ItemPage, ItemQuery, SortField

__all__ = [
    "AlreadyExistsError",
    "AssignmentConflictError",
    "BackendUnavailableError",
    "BackendUnusableError",
    "ConcurrencyError",
    "GroundTruthError",
    "GroundTruthItem",
    "GroundTruthStatus",
    "HistoryTurn",
    "InvalidItemKeyError",
    "InvalidUserIdError",
    "ItemPage",
    "ItemQuery",
    "NotFoundError",
    "OwnershipError",
    "Reference",
    "SortField",
    "utc_now",
]
