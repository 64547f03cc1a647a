"""The whole item as JSON in the curator's editor (`ctrl+e` with no text field focused):
what may come back. The item is checked by import's rules (external_editor.EditKind.item);
then it must still be the same item, and only the fields the item screen edits may differ
(they become unsaved edits in the ItemDraft, saved with `ctrl+s` as always). Anything else
(status, assignment, provenance, unknown fields) is named so the editor reopens with it."""

from __future__ import annotations

from typing import Any

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.draft_fields import EDITABLE

KEY_FIELDS = ("id", "datasetName")
DERIVED = frozenset({"_etag", "etag", "totalReferences", "tags"})
"""Keys the editor may show but that are not the curator's to change: set by the repo, a
service, or a merged view of other fields; ignored when they come back."""


def _alias(name: str) -> str:
    return GroundTruthItem.model_fields[name].alias or name


EDITABLE_KEYS = {_alias(field.name): field.name for field in EDITABLE}


def whole_item_problem(current: GroundTruthItem, returned: GroundTruthItem) -> str | None:
    """Why `returned` cannot become edits of `current` (None: it can)."""
    before, after = current.to_doc(), returned.to_doc()
    moved = [key for key in KEY_FIELDS if before.get(key) != after.get(key)]
    if moved:
        return (
            f"{' and '.join(moved)} cannot change here (they name the item); "
            f"keep {', '.join(f'{k}: {before.get(k)!r}' for k in moved)}"
        )
    skipped = DERIVED | set(EDITABLE_KEYS) | set(KEY_FIELDS)
    changed = sorted(
        key
        for key in before.keys() | after.keys()
        if key not in skipped and before.get(key, _ABSENT) != after.get(key, _ABSENT)
    )
    if changed:
        return f"only {', '.join(EDITABLE_KEYS)} can change here; put back {', '.join(changed)}"
    return None


def draft_values(returned: GroundTruthItem) -> dict[str, Any]:
    """The editable fields of what came back, for ItemDraft.with_values."""
    return {field.name: getattr(returned, field.name) for field in EDITABLE}


_ABSENT = object()
