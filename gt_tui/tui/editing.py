"""What a curator can edit, what changed, and the 3-way merge behind "keep mine".

The detail screen keeps the version it loaded (the *base*), the curator's edits, and on an
ETag conflict the version someone else stored (*theirs*). Keep-mine re-applies only the
fields the curator changed against the base onto theirs, so their other changes survive.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.content_edits import copy_refs, copy_turns
from gt_tui.services.content_merge import MergeConflict, merge_references, merge_turns

EDITABLE_FIELDS: tuple[str, ...] = (
    "edited_question",
    "answer",
    "manual_tags",
    "comment",
    "refs",
    "history",
)
CONTENT_MERGED: dict[str, Any] = {"refs": merge_references, "history": merge_turns}
"""Fields merged element by element (services.content_merge), not replaced whole."""

FIELD_LABELS: dict[str, str] = {
    "synth_question": "synthetic question",
    "edited_question": "edited question",
    "answer": "answer",
    "refs": "references",
    "history": "history",
    "manual_tags": "manual tags",
    "computed_tags": "computed tags",
    "comment": "comment",
    "status": "status",
    "assigned_to": "assignee",
}

CONTENT_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)

Edits = dict[str, Any]


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags: trimmed, blanks dropped, duplicates removed, order kept."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def edits_of(item: GroundTruthItem) -> Edits:
    return {name: _copy(getattr(item, name)) for name in EDITABLE_FIELDS}


def _copy(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    if value and isinstance(value[0], HistoryTurn):
        return copy_turns(value)
    if value and isinstance(value[0], Reference):
        return copy_refs(value)
    return list(value)


def _copy_item(item: GroundTruthItem) -> GroundTruthItem:
    """A deep copy that leaves references and turns to `_copy` (edits replace them)."""
    copy = item.model_copy()
    for name, value in copy.__dict__.items():
        if name not in ("refs", "history") and isinstance(value, list | dict):
            copy.__dict__[name] = deepcopy(value)
    if copy.__pydantic_extra__:
        copy.__pydantic_extra__ = deepcopy(copy.__pydantic_extra__)
    return copy


def _norm(value: Any) -> Any:
    """Empty strings and None mean the same thing to a curator."""
    return None if value == "" else value


def changed_edit_fields(base: GroundTruthItem, edits: Edits) -> list[str]:
    return [name for name in EDITABLE_FIELDS if _norm(edits[name]) != _norm(getattr(base, name))]


def apply_edits(item: GroundTruthItem, edits: Edits) -> GroundTruthItem:
    """A copy of `item` carrying the edited fields (empty text stored as None). A field
    left as it was is not marked as given, so no new null is written for it."""
    copy = _copy_item(item)
    for name in EDITABLE_FIELDS:
        value = _norm(edits[name])
        if value == _norm(getattr(item, name)):
            copy.__dict__[name] = _copy(getattr(item, name))
        else:
            setattr(copy, name, _copy(value))
    return copy


def differing_fields(a: GroundTruthItem, b: GroundTruthItem) -> list[str]:
    """Content fields whose values differ between two versions of an item."""
    return [name for name in CONTENT_FIELDS if _norm(getattr(a, name)) != _norm(getattr(b, name))]


def merge_onto_latest(
    base: GroundTruthItem, edits: Edits, theirs: GroundTruthItem
) -> tuple[GroundTruthItem, list[str]]:
    """Re-apply my changed fields onto their version; returns (merged, fields both changed).

    Fields I changed win; fields only they changed are kept. The merged copy carries
    their etag, so saving it is an ordinary conditional write against the latest version.
    """
    mine = changed_edit_fields(base, edits)
    merged = theirs.model_copy(deep=True)
    clashes = []
    for name in mine:
        if name in CONTENT_MERGED:
            value, conflicts = CONTENT_MERGED[name](
                getattr(base, name), edits[name], getattr(theirs, name)
            )
            setattr(merged, name, value)
            if conflicts:
                clashes.append(name)
            continue
        theirs_value = _norm(getattr(theirs, name))
        if theirs_value != _norm(getattr(base, name)) and theirs_value != _norm(edits[name]):
            clashes.append(name)
        setattr(merged, name, _copy(_norm(edits[name])))
    return merged, clashes


def content_conflicts(
    base: GroundTruthItem, edits: Edits, theirs: GroundTruthItem
) -> list[MergeConflict]:
    """References and turns both sides changed differently (keep-mine keeps mine)."""
    found: list[MergeConflict] = []
    for name in changed_edit_fields(base, edits):
        if name in CONTENT_MERGED:
            found += CONTENT_MERGED[name](getattr(base, name), edits[name], getattr(theirs, name))[
                1
            ]
    return found
