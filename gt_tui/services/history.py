"""Item history for people: one item's revisions, the store as it was at an instant (a
release rebuilt), what changed between two instants, and gaps in the record.

Everything is computed from the repo's revisions (gt_tui/domain/revisions.py) and the
current items: an item at instant T is its current document with every revision written
after T undone, newest first.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.review import REVIEW_FIELD
from gt_tui.domain.revisions import (
    Revision,
    RevisionChange,
    RevisionQuery,
    field_changes,
    state_at,
)
from gt_tui.repos import batching
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.exporting import iter_export

Key = tuple[str, str]

BOOKKEEPING_FIELDS = frozenset({"updatedAt", "updatedBy", "assignedTo", "assignedAt", "_etag"})
"""Fields a diff does not count as a change of the item: who holds it and when it was last
written say nothing about its content (a claim then a release is no change)."""


NO_REVISION = "no revision recorded"

NOT_RESTORED = BOOKKEEPING_FIELDS | {
    "id",
    "datasetName",
    "status",
    "reviewedAt",
    "computedTags",
    "tags",
    "totalReferences",
    "sampleKey",
    "docType",
    "bucket",
    "schemaVersion",
    REVIEW_FIELD,
}
"""Fields an old revision never brings back as edits: keys, decisions and what is derived
(status and assignment change through decisions; derived fields follow the edits)."""


def restorable(revision: Revision) -> dict[str, Any]:
    """The fields `revision` changed that a curator edits, as they were before it (alias ->
    value; a field absent then comes back as None): what `enter` in the history pane turns
    into unsaved edits."""
    return {
        name: change.before if change.has_before else None
        for name, change in revision.changes.items()
        if name not in NOT_RESTORED and revision.change != RevisionChange.created
    }


def with_restored(item: GroundTruthItem, fields: dict[str, Any]) -> GroundTruthItem:
    """`item` (the version on screen, its etag kept) with `fields` (alias -> value, from
    `restorable`) put back: what the item screen loads as unsaved edits."""
    doc = {**item.to_doc(), **fields}
    return GroundTruthItem.from_doc(doc).model_copy(update={"etag": item.etag})


def _by_item(revisions: Iterable[Revision]) -> dict[Key, list[Revision]]:
    grouped: dict[Key, list[Revision]] = defaultdict(list)
    for revision in revisions:
        grouped[revision.key].append(revision)
    return grouped


def _etag_at(current_etag: str | None, revisions: list[Revision], instant: datetime) -> str | None:
    earlier = [r for r in revisions if r.at <= instant]
    if earlier:
        return max(earlier, key=lambda r: r.number).etag
    later = [r for r in revisions if r.at > instant]
    return min(later, key=lambda r: r.number).prev_etag if later else current_etag


def _present(doc: dict[str, Any] | None) -> bool:
    """In the set: stored and not (soft) deleted."""
    return doc is not None and doc.get("status") != GroundTruthStatus.deleted.value


@dataclass
class ItemChange:
    dataset_name: str
    item_id: str
    fields: list[str]


@dataclass
class ReleaseDiff:
    """Items added, changed (with the fields) and removed between two instants. An item is
    in the set at an instant when it is stored and not deleted."""

    since: datetime
    until: datetime
    added: list[Key] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def keys(found: list[Key]) -> list[dict[str, str]]:
            return [{"datasetName": ds, "id": item_id} for ds, item_id in found]

        return {
            "from": self.since.isoformat().replace("+00:00", "Z"),
            "to": self.until.isoformat().replace("+00:00", "Z"),
            "added": keys(self.added),
            "changed": [
                {"datasetName": c.dataset_name, "id": c.item_id, "fields": c.fields}
                for c in self.changed
            ],
            "removed": keys(self.removed),
        }


@dataclass
class HistoryGap:
    dataset_name: str
    item_id: str
    problem: str


class HistoryService:
    def __init__(self, repo: GroundTruthRepo) -> None:
        self._repo = repo

    async def item_history(self, dataset_name: str, item_id: str) -> list[Revision]:
        """The item's revisions, newest first."""
        return sorted(
            await self._repo.history(dataset_name, item_id), key=lambda r: r.number, reverse=True
        )

    async def changed_keys(
        self, *, by: str | None = None, since: datetime | None = None
    ) -> set[Key]:
        """Items with a revision by `by` and/or written since `since` (explorer filters)."""
        found = await self._repo.revisions(RevisionQuery(by=by, since=since))
        return {revision.key for revision in found}

    async def items_as_of(
        self,
        instant: datetime,
        *,
        dataset: str | None = None,
        status: GroundTruthStatus | None = None,
    ) -> AsyncIterator[GroundTruthItem]:
        """Every item as it was at `instant`, in (dataset, id) order: items created later
        are left out, items removed since are back, fields are as they were."""
        later = _by_item(
            await self._repo.revisions(RevisionQuery(since=instant, dataset_name=dataset))
        )
        later = {key: revs for key, revs in later.items() if any(r.at > instant for r in revs)}
        seen: set[Key] = set()

        async def current() -> AsyncIterator[tuple[Key, GroundTruthItem | None]]:
            async for item in iter_export(self._repo, dataset=dataset):
                key = (item.dataset_name, item.id)
                seen.add(key)
                yield key, item

        async def gone() -> AsyncIterator[tuple[Key, GroundTruthItem | None]]:
            # a removal revision means the item is not stored any more
            for key in sorted(later):
                if any(r.change == RevisionChange.removed for r in later[key]):
                    yield key, None

        async for key, item in _merge(current(), gone()):
            if item is None and key in seen:
                continue
            revisions = later.get(key)
            if revisions is None:
                doc: dict[str, Any] | None = item.to_doc() if item is not None else None
            else:
                doc = state_at(item.to_doc() if item is not None else None, revisions, instant)
                if doc is not None:
                    doc["_etag"] = _etag_at(item.etag if item else None, revisions, instant)
            if doc is None:
                continue
            then = GroundTruthItem.from_doc(doc)
            if status is None or then.status == status:
                yield then

    async def diff(
        self, since: datetime, until: datetime, *, dataset: str | None = None
    ) -> ReleaseDiff:
        """What changed between `since` and `until` (see ReleaseDiff), from the items
        written in between: each is rebuilt at both instants and compared."""
        result = ReleaseDiff(since=since, until=until)
        after_since = _by_item(
            await self._repo.revisions(RevisionQuery(since=since, dataset_name=dataset))
        )
        touched = sorted(
            key for key, revs in after_since.items() if any(since < r.at <= until for r in revs)
        )
        stored_keys = [  # an item removed by its last revision is not read
            key
            for key in touched
            if max(after_since[key], key=lambda r: r.number).change != RevisionChange.removed
        ]
        current = await batching.get_docs(self._repo, stored_keys)
        for dataset_name, item_id in touched:
            revisions = after_since[(dataset_name, item_id)]
            now = current.get((dataset_name, item_id))
            before, after = state_at(now, revisions, since), state_at(now, revisions, until)
            key = (dataset_name, item_id)
            if not _present(before) and _present(after):
                result.added.append(key)
            elif _present(before) and not _present(after):
                result.removed.append(key)
            elif _present(before) and _present(after):
                fields = sorted(set(field_changes(before, after)) - BOOKKEEPING_FIELDS)
                if fields:
                    result.changed.append(ItemChange(dataset_name, item_id, fields))
        return result

    async def verify(self) -> list[HistoryGap]:
        """Items whose record has a hole: no revision at all, numbers or etags that do not
        follow on, or a stored etag that is not the last revision's (a write whose
        revision was never written, e.g. a crash between the two on Cosmos)."""
        grouped = _by_item(await self._repo.revisions(RevisionQuery()))
        gaps: list[HistoryGap] = []
        stored_keys: set[Key] = set()
        async for item in iter_export(self._repo):
            key = (item.dataset_name, item.id)
            stored_keys.add(key)
            revisions = sorted(grouped.get(key, []), key=lambda r: r.number)
            if not revisions:
                gaps.append(HistoryGap(*key, NO_REVISION))
                continue
            problem = _chain_problem(revisions)
            if problem is None and revisions[-1].etag != item.etag:
                problem = (
                    f"stored version {item.etag} has no revision (last recorded: "
                    f"#{revisions[-1].number}, {revisions[-1].op})"
                )
            if problem:
                gaps.append(HistoryGap(*key, problem))
        for key, revisions in sorted(grouped.items()):
            if key in stored_keys:
                continue
            last = max(revisions, key=lambda r: r.number)
            if last.change != RevisionChange.removed:
                gaps.append(HistoryGap(*key, "removed without a revision"))
        return gaps


def _chain_problem(revisions: list[Revision]) -> str | None:
    for previous, revision in itertools.pairwise(revisions):
        if revision.number != previous.number + 1:
            return f"revisions #{previous.number + 1}..#{revision.number - 1} missing"
        if revision.prev_etag != previous.etag:
            return f"a write between #{previous.number} and #{revision.number} has no revision"
    return None


async def _merge(
    *sources: AsyncIterator[tuple[Key, GroundTruthItem | None]],
) -> AsyncIterator[tuple[Key, GroundTruthItem | None]]:
    """Merge key-ordered async streams (small helper: heapq over the heads)."""
    heads: list[tuple[Key, int, GroundTruthItem | None]] = []
    for index, source in enumerate(sources):
        first = await anext(source, None)
        if first is not None:
            heapq.heappush(heads, (first[0], index, first[1]))
    while heads:
        key, index, item = heapq.heappop(heads)
        yield key, item
        following = await anext(sources[index], None)
        if following is not None:
            heapq.heappush(heads, (following[0], index, following[1]))
