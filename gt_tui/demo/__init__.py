"""The `gt-tui demo` data set and simulated peer curators."""

from gt_tui.demo.dataset import (
    DATASET_NAMES,
    ESCAPE_ITEM_ID,
    MARKUP_ITEM_ID,
    build_demo_items,
    seed_demo,
)
from gt_tui.demo.peers import PeerSimulator, peer_ids_for

__all__ = [
    "DATASET_NAMES",
    "ESCAPE_ITEM_ID",
    "MARKUP_ITEM_ID",
    "PeerSimulator",
    "build_demo_items",
    "peer_ids_for",
    "seed_demo",
]
