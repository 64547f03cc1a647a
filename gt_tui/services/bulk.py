"""Bulk actions on every item of a filter (the explorer's, or `gt-tui bulk --filter`).

A bulk action is planned first: the filter's items are read, and those the action would
change are counted (the number the lead is shown and agrees to). Applying it writes each
of them with a conditional write on the etag read for the plan, so an item someone
changed meanwhile is reported, never overwritten. Everything written is kept in a
BulkRecord (the item before, the etag after), and undo puts each item back with a
conditional write on that etag: one changed since is reported and left as it is. Each
write's revision names it: `bulk-<action>` or `bulk-undo`, by the acting user.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from gt_tui.domain.errors import ConcurrencyError, NotFoundError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, format_utc
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.item_filter import ItemFilter
from gt_tui.services.tag_vocabulary import normalize_tags
from gt_tui.services.tagging import TagService
from gt_tui.services.validation import validate_user_id

PAGE = 1000
CONCURRENT_WRITES = 16
EXPECTATIONS = ("required", "optional", "notNeeded", "none")
"""Where `expect` puts a tool name in expectedTools (`none`: in no list)."""


class BulkAction(StrEnum):
    tag = "tag"
    untag = "untag"
    skip = "skip"
    release = "release"
    assign = "assign"
    delete = "delete"
    restore = "restore"
    expect = "expect"


@dataclass(frozen=True)
class BulkChange:
    """One action and its argument: a tag, a user id, or a tool name and a list."""

    action: BulkAction
    value: str | None = None
    expectation: str | None = None

    def __post_init__(self) -> None:
        needs_value = self.action in (
            BulkAction.tag,
            BulkAction.untag,
            BulkAction.assign,
            BulkAction.expect,
        )
        if needs_value and not (self.value or "").strip():
            raise ValueError(f"{self.action} needs {self._argument_name()}")
        if self.action == BulkAction.assign:
            validate_user_id(self.value or "")
        if self.action == BulkAction.expect and self.expectation not in EXPECTATIONS:
            raise ValueError(
                f"expect {self.value} needs one of {', '.join(EXPECTATIONS)} "
                f"(got {self.expectation!r})"
            )

    def _argument_name(self) -> str:
        return {
            BulkAction.tag: "a tag",
            BulkAction.untag: "a tag",
            BulkAction.assign: "a user id",
            BulkAction.expect: "a tool name",
        }.get(self.action, "no argument")

    @property
    def tag(self) -> str:
        normalized = normalize_tags([self.value or ""])
        return normalized[0] if normalized else ""

    def describe(self) -> str:
        if self.action == BulkAction.expect:
            return f"expect {self.value} {self.expectation}"
        if self.action in (BulkAction.tag, BulkAction.untag):
            return f"{self.action} {self.tag}"
        if self.action == BulkAction.assign:
            return f"assign to {self.value}"
        return str(self.action)

    def changed(self, item: GroundTruthItem, actor: str, now: datetime) -> GroundTruthItem | None:
        """`item` with the change made (etag kept), or None when it would change nothing
        or does not apply to it (expect on a RAG item, assign on an approved one)."""
        copy = self._apply(item)
        if copy is None:
            return None
        copy.updated_by = actor
        copy.updated_at = now
        if self.action == BulkAction.assign:
            copy.assigned_at = now
        return copy

    def _apply(self, item: GroundTruthItem) -> GroundTruthItem | None:
        action, status = self.action, item.status
        copy = item.model_copy(deep=True)
        if action == BulkAction.tag:
            if self.tag in item.manual_tags:
                return None
            copy.manual_tags = [*item.manual_tags, self.tag]
        elif action == BulkAction.untag:
            if self.tag not in item.manual_tags:
                return None
            copy.manual_tags = [t for t in item.manual_tags if t != self.tag]
        elif action in (BulkAction.skip, BulkAction.delete):
            target = GroundTruthStatus("skipped" if action == BulkAction.skip else "deleted")
            if status == target:
                return None
            copy.status, copy.assigned_to, copy.assigned_at = target, None, None
        elif action == BulkAction.restore:
            if status != GroundTruthStatus.deleted:
                return None
            copy.status, copy.assigned_to, copy.assigned_at = GroundTruthStatus.draft, None, None
        elif action == BulkAction.release:
            if status != GroundTruthStatus.draft or not item.assigned_to:
                return None
            copy.assigned_to, copy.assigned_at = None, None
        elif action == BulkAction.assign:
            if status not in (GroundTruthStatus.draft, GroundTruthStatus.skipped):
                return None
            if status == GroundTruthStatus.draft and item.assigned_to == self.value:
                return None
            copy.status, copy.assigned_to = GroundTruthStatus.draft, self.value
        else:
            return self._expect(item)
        return copy

    def _expect(self, item: GroundTruthItem) -> GroundTruthItem | None:
        """Put the tool name in one expectedTools list (or none), on agentic items only;
        done on the stored document, so it works whatever the item's model calls it."""
        doc = item.to_doc()
        agentic = "synthQuestion" not in doc or "toolCalls" in doc or "expectedTools" in doc
        if not agentic:
            return None
        expected = doc.get("expectedTools")
        expected = dict(expected) if isinstance(expected, dict) else {}
        name = (self.value or "").strip()
        before = {key: list(expected.get(key) or []) for key in EXPECTATIONS[:3]}
        after: dict[str, list[Any]] = {}
        kept_arguments = None
        for key, entries in before.items():
            for entry in entries:
                if isinstance(entry, dict) and entry.get("name") == name:
                    kept_arguments = entry.get("arguments")
            after[key] = [e for e in entries if not (isinstance(e, dict) and e.get("name") == name)]
        if self.expectation != "none":
            after[self.expectation or "required"].append(
                {"name": name, "arguments": kept_arguments}
            )
        if after == before:
            return None
        doc["expectedTools"] = {**expected, **after}
        copy = GroundTruthItem.model_validate(doc)
        copy.etag = item.etag
        return copy


@dataclass
class Conflict:
    """An item left as it is because it changed after it was read."""

    dataset_name: str
    item_id: str
    reason: str

    def format(self) -> str:
        return f"{self.dataset_name}/{self.item_id}: {self.reason}"


@dataclass
class BulkPlan:
    change: BulkChange
    item_filter: ItemFilter
    matched: int = 0
    items: list[GroundTruthItem] = field(default_factory=list)
    """The items the change would change, as read (their etags make the writes conditional)."""

    @property
    def count(self) -> int:
        return len(self.items)

    def summary(self) -> str:
        same = self.matched - self.count
        text = (
            f"{self.change.describe()}: {self.matched} items match the filter, "
            f"{self.count} to change"
        )
        return text + (f" ({same} need no change or do not apply)" if same else "")


@dataclass
class BulkEntry:
    dataset_name: str
    item_id: str
    before: dict[str, Any]
    """The item as read for the plan (its stored document)."""
    after_etag: str | None
    undone: bool = False


@dataclass
class BulkRecord:
    """One applied bulk action: enough to undo it item by item."""

    id: str
    action: str
    filter: str
    actor: str
    at: str
    entries: list[BulkEntry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "filter": self.filter,
            "actor": self.actor,
            "at": self.at,
            "entries": [entry.__dict__ for entry in self.entries],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BulkRecord:
        entries = [BulkEntry(**entry) for entry in data.get("entries", [])]
        fields = {k: data[k] for k in ("id", "action", "filter", "actor", "at")}
        return cls(**fields, entries=entries)

    @property
    def pending(self) -> list[BulkEntry]:
        return [entry for entry in self.entries if not entry.undone]


@dataclass
class BulkResult:
    changed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    record: BulkRecord | None = None


class BulkService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        *,
        tags: TagService | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._repo = repo
        self._tags = tags or TagService(repo)
        self._clock = clock or system_clock
        self._derive = GroundTruthDerivationsService()

    def tag_problems(self, change: BulkChange) -> list[str]:
        """What the vocabulary says of the tag `tag` would add (GT_TAG_POLICY decides
        whether that refuses the action); empty for every other action."""
        if change.action != BulkAction.tag:
            return []
        return self._tags.problems([change.tag])

    @property
    def refuses_tag_problems(self) -> bool:
        return self._tags.policy == "reject"

    async def plan(self, change: BulkChange, item_filter: ItemFilter) -> BulkPlan:
        """Read every item of the filter and keep those `change` would change."""
        plan = BulkPlan(change, item_filter)
        query = item_filter.query(limit=PAGE).model_copy(update={"include_total": False})
        cursor: str | None = None
        now = self._clock()
        while True:
            page = await self._repo.query(query.model_copy(update={"cursor": cursor}))
            for item in page.items:
                plan.matched += 1
                if change.changed(item, "bulk", now) is not None:
                    plan.items.append(item)
            cursor = page.next_cursor
            if cursor is None:
                return plan

    async def apply(self, actor: str, plan: BulkPlan) -> BulkResult:
        """Write the plan's items, each conditional on the etag it was read with."""
        validate_user_id(actor)
        now = self._clock()
        record = BulkRecord(
            id=f"{now.strftime('%Y%m%dT%H%M%S%f')}-{plan.change.action}",
            action=plan.change.describe(),
            filter=plan.item_filter.line(),
            actor=actor,
            at=format_utc(now),
        )
        result = BulkResult(record=record)

        note = WriteNote(op=f"bulk-{plan.change.action}", by=actor, at=now)

        async def write(item: GroundTruthItem) -> None:
            changed = plan.change.changed(item, actor, now)
            if changed is None:
                return
            stored = await self._conditional(changed, item, result, note)
            if stored is not None:
                record.entries.append(
                    BulkEntry(item.dataset_name, item.id, item.to_doc(), stored.etag)
                )

        await _bounded([write(item) for item in plan.items])
        if plan.change.action == BulkAction.tag and record.entries:
            await self._tags.record([plan.change.tag])
        result.changed = len(record.entries)
        record.entries.sort(key=lambda e: (e.dataset_name, e.item_id))
        result.conflicts.sort(key=lambda c: (c.dataset_name, c.item_id))
        return result

    async def undo(self, actor: str, record: BulkRecord) -> BulkResult:
        """Put back every item of `record` not undone yet, each conditional on the etag
        the bulk action left; marks the entries undone in `record`."""
        validate_user_id(actor)
        now = self._clock()
        result = BulkResult(record=record)
        note = WriteNote(op="bulk-undo", by=actor, at=now)

        async def revert(entry: BulkEntry) -> None:
            before = GroundTruthItem.model_validate(entry.before)
            before.etag = entry.after_etag
            before.updated_by = actor
            before.updated_at = now
            read = before.model_copy()
            undone = await self._conditional(before, read, result, note, since="the bulk action")
            if undone is not None:
                entry.undone = True
                result.changed += 1

        await _bounded([revert(entry) for entry in record.pending])
        result.conflicts.sort(key=lambda c: (c.dataset_name, c.item_id))
        return result

    async def _conditional(
        self,
        item: GroundTruthItem,
        read: GroundTruthItem,
        result: BulkResult,
        note: WriteNote,
        since: str = "it was read",
    ) -> GroundTruthItem | None:
        try:
            return await self._repo.upsert(self._derive.apply_derived_fields(item), note=note)
        except (ConcurrencyError, NotFoundError):
            result.conflicts.append(await self._conflict(read, since))
            return None

    async def _conflict(self, read: GroundTruthItem, since: str) -> Conflict:
        current = await self._repo.get(read.dataset_name, read.id)
        if current is None:
            reason = f"removed after {since}"
        else:
            who = current.updated_by or "someone"
            holder = f", held by {current.assigned_to}" if current.assigned_to else ""
            reason = (
                f"changed meanwhile: {who} wrote it after {since} "
                f"({current.status}{holder}); left as is"
            )
        return Conflict(read.dataset_name, read.id, reason)


async def _bounded(writes: list[Awaitable[None]]) -> None:
    gate = asyncio.Semaphore(CONCURRENT_WRITES)

    async def run(write: Awaitable[None]) -> None:
        async with gate:
            await write

    await asyncio.gather(*(run(write) for write in writes))
