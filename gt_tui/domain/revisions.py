"""Revisions: what each write of an item changed, by whom, when and through which operation.

A revision holds, per top-level field of the stored document (by alias, `_etag` left out),
the value before and after the write. A field that did not exist on one side has no value
on that side (`FieldChange.has_before` / `has_after`), so `null` and "absent" stay
different. Because every write records one, the item as it was at any instant can be
rebuilt backwards from the stored item (`state_at`), and the fields that differ between
two instants follow from the same walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

ETAG_FIELD = "_etag"


class RevisionChange(StrEnum):
    """What the write did to the item as a whole."""

    created = "created"
    updated = "updated"
    removed = "removed"


class WriteNote(BaseModel):
    """Who writes an item, why and when: passed with a repo write, kept in its revision.

    Every field has a default, so a write without a note still records a revision: the
    operation then says create/update/remove, the actor is the item's updatedBy and the
    time is the moment of the write.
    """

    model_config = ConfigDict(frozen=True)

    op: str | None = None
    """The service operation: import, save, approve, undo, release, takeover, ..."""
    by: str | None = None
    at: datetime | None = None


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True
    )


class FieldChange(_Model):
    """One field's value before and after a write (absent on a side: has_* False)."""

    has_before: bool = True
    before: Any = None
    has_after: bool = True
    after: Any = None


class Revision(_Model):
    dataset_name: str
    item_id: str
    number: int = Field(ge=1)
    """1 for the item's first recorded write, then +1 per write."""
    at: datetime
    by: str | None = None
    op: str
    change: RevisionChange
    etag: str | None = None
    """The item's etag after the write (None when the write removed it)."""
    prev_etag: str | None = None
    """The item's etag before the write (None when the write created it)."""
    changes: dict[str, FieldChange] = Field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.dataset_name, self.item_id)

    def to_doc(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Revision:
        return cls.model_validate(doc)


class RevisionQuery(_Model):
    """Revisions written in [since, until), optionally of one dataset, by one user, or
    through one of `ops`."""

    since: datetime | None = None
    until: datetime | None = None
    dataset_name: str | None = None
    by: str | None = None
    ops: tuple[str, ...] = ()


def field_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[str, FieldChange]:
    """The top-level fields that differ between two stored documents (`_etag` ignored)."""
    before = before or {}
    after = after or {}
    changes: dict[str, FieldChange] = {}
    for name in sorted(set(before) | set(after)):
        if name == ETAG_FIELD:
            continue
        had, has = name in before, name in after
        if had and has and before[name] == after[name]:
            continue
        changes[name] = FieldChange(
            has_before=had,
            before=before.get(name),
            has_after=has,
            after=after.get(name),
        )
    return changes


def make_revision(
    *,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    note: WriteNote | None,
    number: int,
    prev_etag: str | None,
    etag: str | None,
    now: datetime | None = None,
) -> Revision:
    """The revision of one write: `before`/`after` are the stored documents (None when the
    item did not exist on that side)."""
    note = note or WriteNote()
    change = (
        RevisionChange.created
        if before is None
        else RevisionChange.removed
        if after is None
        else RevisionChange.updated
    )
    source = after if after is not None else before or {}
    actor = note.by if note.by is not None else source.get("updatedBy")
    return Revision(
        dataset_name=str(source.get("datasetName")),
        item_id=str(source.get("id")),
        number=number,
        at=(note.at or now or datetime.now(UTC)).astimezone(UTC),
        by=actor,
        op=note.op or {"created": "create", "updated": "update", "removed": "remove"}[change],
        change=change,
        etag=etag,
        prev_etag=prev_etag,
        changes=field_changes(before, after),
    )


def undo_revision(doc: dict[str, Any] | None, revision: Revision) -> dict[str, Any] | None:
    """The stored document before `revision`, given the one after it (None: absent)."""
    if revision.change == RevisionChange.created:
        return None
    result = dict(doc or {})
    for name, change in revision.changes.items():
        if change.has_before:
            result[name] = change.before
        else:
            result.pop(name, None)
    return result


def state_at(
    current: dict[str, Any] | None, revisions: Iterable[Revision], instant: datetime
) -> dict[str, Any] | None:
    """The item's document at `instant`, from its current document and its revisions (any
    order): every revision written after `instant` is undone, newest first. None when the
    item did not exist then."""
    later = sorted((r for r in revisions if r.at > instant), key=lambda r: r.number, reverse=True)
    doc = current
    for revision in later:
        doc = undo_revision(doc, revision)
    return doc
