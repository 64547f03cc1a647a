"""The writes a curator makes on an item, by name (the TUI and the undo stack share them)."""

from __future__ import annotations

from enum import StrEnum

from gt_tui.domain.models import GroundTruthStatus


class Operation(StrEnum):
    save = "save"
    approve = "approve"
    skip = "skip"
    delete = "delete"
    undo = "undo"

    @property
    def is_decision(self) -> bool:
        """Approve, skip and delete move the item out of the queue (and can be undone)."""
        return self in DECISION_STATUS

    @property
    def target_status(self) -> GroundTruthStatus:
        return DECISION_STATUS[self]

    @property
    def past_tense(self) -> str:
        return PAST_TENSE[self]


DECISION_STATUS: dict[Operation, GroundTruthStatus] = {
    Operation.approve: GroundTruthStatus.approved,
    Operation.skip: GroundTruthStatus.skipped,
    Operation.delete: GroundTruthStatus.deleted,
}

PAST_TENSE: dict[Operation, str] = {
    Operation.save: "saved",
    Operation.approve: "approved",
    Operation.skip: "skipped",
    Operation.delete: "deleted",
    Operation.undo: "undone",
}
