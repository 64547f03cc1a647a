"""The table of an item's editable fields: how each is copied, compared, merged and journaled.

`ItemDraft` (item_draft.py) walks `EDITABLE` for everything it does per field, so adding an
editable field is one row here (with its kind) plus the model attribute and the draft's
typed attribute. A kind says what its values are: text, a tag list, references, turns.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from gt_tui.domain.agentic import ExpectedTools
from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.content_edits import copy_refs, copy_turns, reference_changes
from gt_tui.services.content_merge import MergeConflict, merge_references, merge_turns


def normal(value: Any) -> Any:
    """Empty text and None mean the same thing to a curator."""
    return None if value == "" else value


class FieldKind:
    """Whole values: copied as they are, replaced whole by a merge (mine wins a clash)."""

    element_wise = False
    """Merged part by part (references, turns) rather than replaced whole."""

    def copy(self, value: Any) -> Any:
        return list(value) if isinstance(value, list) else value

    def same(self, a: Any, b: Any) -> bool:
        return normal(a) == normal(b)

    def merge(self, base: Any, mine: Any, theirs: Any) -> tuple[Any, list[MergeConflict]]:
        """Mine onto theirs; the conflicts are parts both changed differently (mine kept)."""
        return self.copy(normal(mine)), []

    def to_json(self, value: Any) -> Any:
        return value

    def from_json(self, value: Any) -> Any:
        return value

    def summary(self, value: Any, width: int = 40) -> str:
        """A short reading of a value (the conflict prompt, the restore offer)."""
        from gt_tui.domain.text import one_line

        if isinstance(value, list):
            return one_line(", ".join(str(v) for v in value), width) if value else "(none)"
        return one_line(str(value), width) if value not in (None, "") else "(empty)"

    def change(self, label: str, base: Any, value: Any) -> str:
        """How the dirty marker names this field's change."""
        return label


class ReferencesKind(FieldKind):
    element_wise = True

    def copy(self, value: Any) -> Any:
        return copy_refs(value)

    def merge(self, base: Any, mine: Any, theirs: Any) -> tuple[Any, list[MergeConflict]]:
        return merge_references(base, mine, theirs)

    def to_json(self, value: Any) -> Any:
        return [ref.model_dump(mode="json", by_alias=True) for ref in value]

    def from_json(self, value: Any) -> Any:
        return [Reference.model_validate(ref) for ref in value]

    def summary(self, value: Any, width: int = 40) -> str:
        return _count(value, "reference")

    def change(self, label: str, base: Any, value: Any) -> str:
        changes = reference_changes(base, value)
        return f"{label} ({changes})" if changes else label


class TurnsKind(FieldKind):
    element_wise = True

    def copy(self, value: Any) -> Any:
        return copy_turns(value)

    def merge(self, base: Any, mine: Any, theirs: Any) -> tuple[Any, list[MergeConflict]]:
        return merge_turns(base, mine, theirs)

    def to_json(self, value: Any) -> Any:
        return None if value is None else [t.model_dump(mode="json", by_alias=True) for t in value]

    def from_json(self, value: Any) -> Any:
        return None if value is None else [HistoryTurn.model_validate(t) for t in value]

    def summary(self, value: Any, width: int = 40) -> str:
        return _count(value or [], "turn")

    def change(self, label: str, base: Any, value: Any) -> str:
        before, after = base or [], value or []
        if len(before) == len(after) and all(
            (a.role, a.msg, a.expected_behavior) == (b.role, b.msg, b.expected_behavior)
            for a, b in zip(before, after, strict=True)
        ):  # only the turns' references changed
            changes = reference_changes(
                [r for t in before for r in t.refs], [r for t in after for r in t.refs]
            )
            return f"turn references ({changes})"
        return "conversation"


class ModelKind(FieldKind):
    """One pydantic model (or None), e.g. an agentic item's expectedTools: copied deep,
    replaced whole by a merge, journaled as its stored JSON."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def copy(self, value: Any) -> Any:
        return None if value is None else value.model_copy(deep=True)

    def to_json(self, value: Any) -> Any:
        return None if value is None else value.model_dump(mode="json", by_alias=True)

    def from_json(self, value: Any) -> Any:
        return None if value is None else self.model.model_validate(value)

    def summary(self, value: Any, width: int = 40) -> str:
        from gt_tui.domain.text import one_line

        return "(none)" if value is None else one_line(str(self.to_json(value)), width)


def _count(value: Sequence[Any], noun: str) -> str:
    return f"{len(value)} {noun}{'s' if len(value) != 1 else ''}"


TEXT = FieldKind()
TAGS = FieldKind()
REFERENCES = ReferencesKind()
TURNS = TurnsKind()


@dataclass(frozen=True)
class DraftField:
    name: str
    """The GroundTruthItem attribute (and the draft's)."""
    label: str
    """How the curator reads it (dialogs, notices, the journal's restore offer)."""
    kind: FieldKind = TEXT


EDITABLE: tuple[DraftField, ...] = (
    DraftField("edited_question", "edited question"),
    DraftField("answer", "answer"),
    DraftField("manual_tags", "manual tags", TAGS),
    DraftField("comment", "comment"),
    DraftField("refs", "references", REFERENCES),
    DraftField("history", "history", TURNS),
    DraftField("expected_tools", "expected tools", ModelKind(ExpectedTools)),
)
"""What a curator edits, in the order dialogs list it."""

READ_ONLY: tuple[DraftField, ...] = (
    DraftField("synth_question", "synthetic question"),
    DraftField("computed_tags", "computed tags", TAGS),
    DraftField("status", "status"),
    DraftField("assigned_to", "assignee"),
)
"""Fields a conflict may show as changed by them (nobody edits them on the item screen)."""

SHOWN: tuple[DraftField, ...] = (
    READ_ONLY[0],
    EDITABLE[0],
    EDITABLE[1],
    EDITABLE[4],
    EDITABLE[5],
    EDITABLE[2],
    READ_ONLY[1],
    EDITABLE[3],
    EDITABLE[6],
    READ_ONLY[2],
    READ_ONLY[3],
)
"""Every field a conflict compares, in the order the item screen shows them."""

BY_NAME = {field.name: field for field in (*EDITABLE, *READ_ONLY)}


def label_of(name: str) -> str:
    return BY_NAME[name].label


@dataclass(frozen=True)
class FieldMerge:
    """One field of a conflict: who changed it, both values, what keep-mine does."""

    field: DraftField
    mine_changed: bool
    theirs_changed: bool
    mine: str
    """A short reading of my value."""
    theirs: str
    clash: bool = False
    """Both changed it differently: keep-mine replaces theirs (whole, or the parts in
    `conflicts` for references and turns)."""
    conflicts: tuple[MergeConflict, ...] = ()
    """References and turns: the parts both changed differently (mine kept)."""

    @property
    def by_both(self) -> bool:
        return self.mine_changed and self.theirs_changed


@dataclass(frozen=True)
class MergeResult:
    """My draft merged onto the latest stored version, computed once per conflict."""

    theirs: GroundTruthItem
    merged: GroundTruthItem
    """Their version with my changed fields (carries their etag: saving it is an ordinary
    conditional write against the latest version)."""
    rows: tuple[FieldMerge, ...]
    """Every shown field either side changed, in screen order."""

    @property
    def clashes(self) -> list[FieldMerge]:
        return [row for row in self.rows if row.clash]

    @property
    def conflicts(self) -> list[MergeConflict]:
        return [conflict for row in self.rows for conflict in row.conflicts]
