"""Errors the domain speaks in. Repos and services translate everything else into these."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gt_tui.domain.models import GroundTruthItem


class GroundTruthError(Exception):
    """Base class of every gt-tui error."""


class ConcurrencyError(GroundTruthError):
    """The write lost an optimistic-concurrency race (HTTP 412): etag missing or stale.

    `current` is the stored item when the backend could supply it, so the UI can show
    what changed and offer a reload.
    """

    def __init__(self, message: str, *, current: GroundTruthItem | None = None) -> None:
        super().__init__(message)
        self.current = current


class AlreadyExistsError(ConcurrencyError):
    """A create (a write without etag) hit an item that already exists."""


class NotFoundError(GroundTruthError):
    """The item does not exist."""


class OwnershipError(GroundTruthError):
    """The item is assigned to someone else."""

    def __init__(self, message: str, *, owner: str | None = None) -> None:
        super().__init__(message)
        self.owner = owner


class TakeoverNotAllowedError(OwnershipError):
    """A takeover of someone else's item by a user not listed in GT_LEADS."""


class AssignmentConflictError(GroundTruthError):
    """A claim of an item that another user holds as a draft."""

    def __init__(self, message: str, *, owner: str | None = None) -> None:
        super().__init__(message)
        self.owner = owner


class InvalidUserIdError(GroundTruthError, ValueError):
    """A user id outside [A-Za-z0-9@._-]{1,128}."""


class InvalidItemKeyError(GroundTruthError, ValueError):
    """An id or dataset name that some backend cannot store (Cosmos forbids / \\ ? #).

    `field` is the alias of the offending field (`id` or `datasetName`)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class ApprovalRefusedError(GroundTruthError):
    """Approve refused by the approval gate; `problems` lists (field, problem) pairs."""

    def __init__(self, message: str, *, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class BackendUnavailableError(GroundTruthError):
    """The storage backend is down or not initialised: the degraded state."""


class BackendUnusableError(BackendUnavailableError):
    """The backend answers but cannot be used as it is: not a database, a newer schema.
    Retrying does not help; the file or the settings must change."""
