"""Domain model: pydantic models, enums and errors. Imports nothing of the project."""

from gt_tui.domain.errors import (
    AlreadyExistsError,
    AssignmentConflictError,
    BackendUnavailableError,
    ConcurrencyError,
    GroundTruthError,
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

__all__ = [
    "AlreadyExistsError",
    "AssignmentConflictError",
    "BackendUnavailableError",
    "ConcurrencyError",
    "GroundTruthError",
    "GroundTruthItem",
    "GroundTruthStatus",
    "HistoryTurn",
    "InvalidUserIdError",
    "NotFoundError",
    "OwnershipError",
    "Reference",
    "utc_now",
]
