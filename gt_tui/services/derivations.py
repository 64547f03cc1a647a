"""Fields computed from an item's content, applied by services before every write."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.computed_tags import compute_tags, is_computed
from gt_tui.services.tag_vocabulary import normalize_tags


class GroundTruthDerivationsService:
    @staticmethod
    def total_references(item: GroundTruthItem) -> int:
        """References across history turns when there are any, otherwise the item's refs;
        an agentic item's rag-compat references."""
        if item.is_agentic:
            return len(item.all_references())
        in_history = sum(len(turn.refs) for turn in item.history or ())
        return in_history if in_history > 0 else len(item.refs)

    @staticmethod
    def manual_tags(item: GroundTruthItem) -> list[str]:
        """Normalized manual tags without those in a computed group (rules own those)."""
        return [tag for tag in normalize_tags(item.manual_tags) if not is_computed(tag)]

    def apply_derived_fields(self, item: GroundTruthItem) -> GroundTruthItem:
        """Set derived fields on `item` in place and return it (callers pass a copy)."""
        item.total_references = self.total_references(item)
        item.manual_tags = self.manual_tags(item)
        item.computed_tags = compute_tags(item)
        return item
