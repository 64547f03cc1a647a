"""One typed draft of an item: what the curator changed, applying it, and the one merge.

The item screen keeps an `ItemDraft`: the stored version the editors started from (`base`)
and the curator's value of every editable field (the table in draft_fields.py). Sections
of the screen each change their part; the draft says what changed, applies it to an item
for a write, and on an ETag conflict merges itself once onto the latest stored version
(`merge_onto`), returning a typed result the conflict prompt shows and keep-mine saves.
The edit journal stores it (`to_json` / `with_json`). Pure: no I/O, `base` never mutated.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from gt_tui.domain.agentic import ExpectedTools
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.content_edits import ContentDraft
from gt_tui.services.draft_fields import (
    EDITABLE,
    SHOWN,
    DraftField,
    FieldMerge,
    MergeResult,
    normal,
)


@dataclass(eq=False, kw_only=True)
class ItemDraft(ContentDraft):
    """The curator's values of one item's editable fields (references and turns, with their
    edit operations, come from ContentDraft)."""

    base: GroundTruthItem
    """The stored version the editors started from (the base of the 3-way merge)."""
    edited_question: str | None
    answer: str | None
    manual_tags: list[str]
    comment: str | None
    expected_tools: ExpectedTools | None
    """An agentic item's tool expectations (the trace section edits them)."""

    @classmethod
    def of(cls, item: GroundTruthItem, values: GroundTruthItem | None = None) -> ItemDraft:
        """A draft of `item` holding its own values, or (with `values`) another version's."""
        source = values if values is not None else item
        copies = {field.name: field.kind.copy(stored(source, field)) for field in EDITABLE}
        return cls(base=item, turn_refs=not item.is_agentic, **copies)

    # -- what changed ---------------------------------------------------------------------

    def changed(self) -> list[DraftField]:
        return [
            field
            for field in EDITABLE
            if not field.kind.same(getattr(self, field.name), stored(self.base, field))
        ]

    def changed_names(self) -> list[str]:
        return [field.name for field in self.changed()]

    @property
    def dirty(self) -> bool:
        return bool(self.changed())

    def change_labels(self) -> list[str]:
        """How the dirty marker names each change ("references (1 added)")."""
        return [
            field.kind.change(field.label, stored(self.base, field), getattr(self, field.name))
            for field in self.changed()
        ]

    # -- applying ---------------------------------------------------------------------------

    def apply(self) -> GroundTruthItem:
        """A copy of the base carrying the changed fields (empty text stored as None). A
        field left as it was is not marked as given, so no new null is written for it."""
        copy = _copy_item(self.base)
        for field in EDITABLE:
            value = getattr(self, field.name)
            if field.kind.same(value, stored(self.base, field)):
                copy.__dict__[field.name] = field.kind.copy(getattr(self.base, field.name))
            else:
                store(copy, field, field.kind.copy(normal(value)))
        return copy

    def preview(self) -> GroundTruthItem:
        """The base carrying the changed fields, to read from (the derived counts the screen
        shows after each edit). Unlike `apply`, the parts nobody edited are shared with the
        base, not copied: an agentic item's trace can be megabytes. Never write or mutate it."""
        copy = self.base.model_copy()
        for field in self.changed():
            store(copy, field, normal(getattr(self, field.name)))
        return copy

    def merge_onto(self, theirs: GroundTruthItem) -> MergeResult:
        """Re-apply my changed fields onto their version: fields I changed win, fields only
        they changed are kept, references and turns merge part by part."""
        mine = {field.name for field in self.changed()}
        merged = theirs.model_copy(deep=True)
        rows: list[FieldMerge] = []
        for field in SHOWN:
            base_value = stored(self.base, field)
            theirs_value = stored(theirs, field)
            theirs_changed = not field.kind.same(theirs_value, base_value)
            mine_changed = field.name in mine
            if not (mine_changed or theirs_changed):
                continue
            mine_value = getattr(self, field.name) if mine_changed else base_value
            clash, conflicts = False, []
            if mine_changed:
                value, conflicts = field.kind.merge(base_value, mine_value, theirs_value)
                store(merged, field, value)
                if field.kind.element_wise:
                    clash = bool(conflicts)
                else:
                    clash = theirs_changed and not field.kind.same(theirs_value, mine_value)
            rows.append(
                FieldMerge(
                    field,
                    mine_changed,
                    theirs_changed,
                    field.kind.summary(mine_value),
                    field.kind.summary(theirs_value),
                    clash,
                    tuple(conflicts),
                )
            )
        return MergeResult(theirs=theirs, merged=merged, rows=tuple(rows))

    # -- the journal ------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The changed fields as JSON values (what the edit journal stores)."""
        return {
            field.name: field.kind.to_json(getattr(self, field.name)) for field in self.changed()
        }

    def with_json(self, fields: Mapping[str, Any]) -> ItemDraft:
        """A draft of the same base with journaled `fields` over its values (unknown names
        ignored; a value that does not validate raises pydantic's ValidationError)."""
        return self.with_values(
            {
                field.name: field.kind.from_json(fields[field.name])
                for field in EDITABLE
                if field.name in fields
            }
        )

    def with_values(self, values: Mapping[str, Any]) -> ItemDraft:
        """A draft of the same base holding `values` (editable field name -> value, e.g. an
        earlier revision's) as unsaved edits; other names are ignored."""
        draft = ItemDraft.of(self.base)
        for field in EDITABLE:
            if field.name in values:
                setattr(draft, field.name, field.kind.copy(values[field.name]))
        return draft


def stored(item: GroundTruthItem, field: DraftField) -> Any:
    """`item`'s value of a draft field: an agentic item's references are its rag-compat
    ones (`plugins["rag-compat"].data.references`)."""
    if field.name == "refs" and item.is_agentic:
        return item.rag_compat_references
    return getattr(item, field.name)


def store(item: GroundTruthItem, field: DraftField, value: Any) -> None:
    """Set `item`'s value of a draft field; an agentic item's references go back into the
    rag-compat slot (its other data and the other plugin slots untouched)."""
    if field.name == "refs" and item.is_agentic:
        item.set_rag_compat_references(value)
    else:
        setattr(item, field.name, value)


def _copy_item(item: GroundTruthItem) -> GroundTruthItem:
    """A deep copy that leaves the editable fields to `apply` (it replaces them)."""
    copy = item.model_copy()
    editable = {field.name for field in EDITABLE}
    for name, value in copy.__dict__.items():
        if name not in editable and isinstance(value, list | dict):
            copy.__dict__[name] = deepcopy(value)
    if copy.__pydantic_extra__:
        copy.__pydantic_extra__ = deepcopy(copy.__pydantic_extra__)
    return copy
