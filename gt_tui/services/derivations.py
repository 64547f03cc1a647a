"""Fields computed from an item's content, applied by services before every write."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem


class GroundTruthDerivationsService:
    @staticmethod
    def total_references(item: GroundTruthItem) -> int:
        """References across history turns when there are any, otherwise the item's refs."""
        in_history = sum(len(turn.refs) for turn in item.history or ())
        return in_history if in_history > 0 else len(item.refs)

    def apply_derived_fields(self, item: GroundTruthItem) -> GroundTruthItem:
        """Set derived fields on `item` in place and return it (callers pass a copy)."""
        item.total_references = self.total_references(item)
        return item
