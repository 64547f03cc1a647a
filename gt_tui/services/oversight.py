"""Oversight of held work: who holds which drafts, releasing and reassigning them.

Every change is one conditional write on the etag read with the item. When the holder
saves in between, their save wins: the change is not retried, it is reported as a
conflict, so an operator never overwrites somebody's in-flight edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gt_tui.domain.errors import ConcurrencyError, NotFoundError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo, ItemQuery
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.validation import validate_user_id

_DURATION = re.compile(r"(\d+)([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> timedelta:
    """`30m`, `12h`, `7d`, `2w` (or combined, `1d12h`) -> timedelta; ValueError says why."""
    compact = text.strip().lower()
    if not compact or _DURATION.sub("", compact):
        raise ValueError(f"invalid duration {text!r}: use a number and s, m, h, d or w (e.g. 7d)")
    return timedelta(
        seconds=sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _DURATION.findall(compact))
    )


def held_since(item: GroundTruthItem) -> datetime:
    """When the holder took it: assignedAt, or the last update for items without one."""
    return item.assigned_at or item.updated_at


@dataclass
class Conflict:
    """A change not made because the item changed after it was read."""

    dataset_name: str
    item_id: str
    reason: str


@dataclass
class ReleaseReport:
    released: list[GroundTruthItem] = field(default_factory=list)
    """The drafts returned to the pool (with --dry-run: the ones that would be)."""
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False


class OversightService:
    def __init__(self, repo: GroundTruthRepo, clock: Clock | None = None) -> None:
        self._repo = repo
        self._clock = clock or system_clock

    async def held_drafts(
        self, holder: str | None = None, older_than: timedelta | None = None
    ) -> list[GroundTruthItem]:
        """Assigned drafts (of one holder, or everyone's), oldest hold first."""
        if holder is not None:
            validate_user_id(holder)
        now = self._clock()
        found: list[GroundTruthItem] = []
        cursor: str | None = None
        while True:
            page = await self._repo.query(
                ItemQuery(
                    status=GroundTruthStatus.draft,
                    assigned_to=holder,
                    limit=1000,
                    cursor=cursor,
                    include_total=False,
                )
            )
            found.extend(
                item
                for item in page.items
                if item.assigned_to and (older_than is None or now - held_since(item) >= older_than)
            )
            cursor = page.next_cursor
            if cursor is None:
                break
        found.sort(key=lambda i: (held_since(i), i.assigned_to or "", i.dataset_name, i.id))
        return found

    async def release(
        self,
        actor: str,
        holder: str,
        *,
        older_than: timedelta | None = None,
        dry_run: bool = False,
    ) -> ReleaseReport:
        """Return the holder's matching drafts to the pool, each with a conditional write."""
        validate_user_id(actor)
        report = ReleaseReport(dry_run=dry_run)
        for item in await self.held_drafts(holder, older_than):
            if dry_run:
                report.released.append(item)
                continue
            released = item.model_copy(deep=True)
            released.assigned_to = None
            released.assigned_at = None
            released.updated_by = actor
            released.updated_at = self._clock()
            try:
                note = WriteNote(op="release", by=actor, at=released.updated_at)
                report.released.append(await self._repo.upsert(released, note=note))
            except (ConcurrencyError, NotFoundError) as exc:
                report.conflicts.append(await self._conflict(item, exc))
        return report

    async def reassign(
        self, actor: str, dataset_name: str, item_id: str, to: str
    ) -> GroundTruthItem:
        """Make the item a draft held by `to`; ConcurrencyError if it changed meanwhile."""
        validate_user_id(actor)
        validate_user_id(to)
        item = await self._repo.get(dataset_name, item_id)
        if item is None:
            raise NotFoundError(f"item {dataset_name}/{item_id} not found")
        moved = item.model_copy(deep=True)
        moved.assigned_to = to
        moved.assigned_at = self._clock()
        moved.status = GroundTruthStatus.draft
        moved.updated_by = actor
        moved.updated_at = self._clock()
        try:
            note = WriteNote(op="reassign", by=actor, at=moved.updated_at)
            return await self._repo.upsert(moved, note=note)
        except (ConcurrencyError, NotFoundError) as exc:
            conflict = await self._conflict(item, exc)
            raise ConcurrencyError(
                f"item {dataset_name}/{item_id} not reassigned: {conflict.reason}"
            ) from exc

    async def _conflict(self, read: GroundTruthItem, exc: Exception) -> Conflict:
        current = await self._repo.get(read.dataset_name, read.id)
        if current is None:
            reason = "it was removed after it was read"
        else:
            who = current.updated_by or "someone"
            holder = f", now held by {current.assigned_to}" if current.assigned_to else ""
            reason = f"{who} saved it after it was read ({current.status}{holder}); left as is"
        return Conflict(read.dataset_name, read.id, reason)
