"""New references in GroundTruthCurator's shape.

GTC's reference has seven sub-fields (url, title, content, keyExcerpt, type, bonus,
messageIndex) and its own items carry all of them; a reference added in gt-tui carries the
same keys, so GTC and any tool reading both see one shape. `messageIndex` is the index of
the turn the reference belongs to (GTC's "Turn #n" is messageIndex + 1); an item's own
reference has none. Content and type are not known when a curator types a URL: null.
"""

from __future__ import annotations

from gt_tui.domain.models import Reference


def new_reference(
    url: str,
    *,
    title: str | None = None,
    key_excerpt: str | None = None,
    turn: int | None = None,
) -> Reference:
    """A reference a curator adds: every GTC sub-field present, visitedAt only once opened."""
    return Reference(
        url=url,
        title=title,
        content=None,
        key_excerpt=key_excerpt,
        type=None,
        bonus=False,
        message_index=turn,
    )


def moved_reference(ref: Reference, turn: int | None) -> Reference:
    """`ref` (a copy) placed on another turn: its messageIndex follows when it has one."""
    moved = ref.model_copy(deep=True)
    if "message_index" in ref.model_fields_set or turn is not None:
        moved.message_index = turn
    return moved
