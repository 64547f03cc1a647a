"""The `gt-tui demo` data set and simulated peer curators."""

from pathlib import Path

from gt_tui.demo.dataset import (
    DATASET_NAMES,
    ESCAPE_ITEM_ID,
    MARKUP_ITEM_ID,
    build_demo_items,
    seed_demo,
)
from gt_tui.demo.peers import PeerSimulator, peer_ids_for

DEMO_TAGS_FILE = Path(__file__).with_name("tags.json")
"""The demo's tag vocabulary: the seed system's groups, its topics, and a `review` group
for what the simulated peers mark (GT_TAGS_FILE still wins when it is set)."""

__all__ = [
    "DATASET_NAMES",
    "DEMO_TAGS_FILE",
    "ESCAPE_ITEM_ID",
    "MARKUP_ITEM_ID",
    "PeerSimulator",
    "build_demo_items",
    "peer_ids_for",
    "seed_demo",
]
