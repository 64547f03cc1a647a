"""Persistence adapters behind the GroundTruthRepo protocol."""

from gt_tui.repos.base import GroundTruthRepo, ItemPage, ItemQuery, SortField
from gt_tui.repos.memory import InMemoryGroundTruthRepo

__all__ = ["GroundTruthRepo", "InMemoryGroundTruthRepo", "ItemPage", "ItemQuery", "SortField"]
