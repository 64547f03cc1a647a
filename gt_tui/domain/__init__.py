"""Domain model: pydantic models, enums and errors. Imports nothing of the project.

The names below load on first use (module `__getattr__`): importing a submodule such as
`gt_tui.domain.errors` or `gt_tui.domain.text` runs this file first, and the paint-first
start (gt_tui.tui.paint_first) shows its first frame before pydantic is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "gt_tui.domain.errors": (
        "AlreadyExistsError",
        "AssignmentConflictError",
        "BackendUnavailableError",
        "BackendUnusableError",
        "ConcurrencyError",
        "GroundTruthError",
        "InvalidItemKeyError",
        "InvalidUserIdError",
        "NotFoundError",
        "OwnershipError",
    ),
    "gt_tui.domain.models": (
        "GroundTruthItem",
        "GroundTruthStatus",
        "HistoryTurn",
        "Reference",
        "utc_now",
    ),
    "gt_tui.domain.queries": ("ItemPage", "ItemQuery", "SortField"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
