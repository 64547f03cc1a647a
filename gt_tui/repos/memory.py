"""In-memory repository: the fake beside the real adapters, used by tests and the demo."""

from __future__ import annotations

import asyncio
import bisect
import builtins
import heapq
import uuid
from collections.abc import Iterable, Iterator, Sequence

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, utc_now
from gt_tui.domain.questions import question_key
from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote, make_revision
from gt_tui.repos.base import ItemPage, ItemQuery, SortField
from gt_tui.repos.filtering import cursor_after, cursor_position, matches, page_in_memory
from gt_tui.repos.grouping import count_in_memory
from gt_tui.repos.instructions_rules import check_instructions_write

Key = tuple[str, str]
# (dataset_name, status, has an assignee): the buckets of the sample-key index, like a
# database index on (status, assigned, dataset_name, sample_key).
BucketKey = tuple[str, GroundTruthStatus, bool]


def _bucket_of(item: GroundTruthItem) -> BucketKey:
    return (item.dataset_name, item.status, bool(item.assigned_to))


class InMemoryGroundTruthRepo:
    """Dict-backed store with the same etag rules as the durable backends.

    Every check-and-write runs under one asyncio lock with no await inside, so it is
    atomic under any number of tasks on one event loop. `available = False` simulates an
    outage (BackendUnavailableError) for degraded-mode tests and the demo.

    Two secondary indexes keep the sampler's reads O(limit) instead of O(pool), as a real
    database's indexes would: items by assignee, and per (dataset, status, assigned)
    bucket a list sorted by (sample_key, id). They only narrow which items are looked
    at; every candidate still goes through the same `matches` filter as a full scan.
    """

    backend_name = "memory"

    def __init__(self) -> None:
        self._items: dict[Key, GroundTruthItem] = {}
        self._by_assignee: dict[str, set[Key]] = {}
        self._by_sample_key: dict[BucketKey, list[tuple[float, str]]] = {}
        self._by_question_key: dict[str, set[Key]] = {}
        self._lock = asyncio.Lock()
        self._tag_registry: set[str] = set()
        self._instructions: dict[str, CurationInstructions] = {}
        self._history: dict[Key, builtins.list[Revision]] = {}
        self._creations_unrecorded: dict[Key, tuple[GroundTruthItem, WriteNote]] = {}
        """insert_new's items and notes whose creation revision is built when first read
        (`_revisions_of`): documenting every item of a seed is most of its cost."""
        self.available = True

    def _check_available(self) -> None:
        if not self.available:
            raise BackendUnavailableError("in-memory backend switched off (simulated outage)")

    async def tag_registry(self) -> builtins.list[str]:
        self._check_available()
        return sorted(self._tag_registry)

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        self._check_available()
        self._tag_registry.update(tags)
        return sorted(self._tag_registry)

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        self._check_available()
        stored = self._instructions.get(dataset_name)
        return stored.model_copy(deep=True) if stored else None

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        self._check_available()
        stored = self._instructions.get(doc.dataset_name)
        check_instructions_write(stored.etag if stored else None, doc)
        new = doc.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
        self._instructions[doc.dataset_name] = new
        return new.model_copy(deep=True)

    # -- index maintenance (called with the lock held, no awaits) -------------------

    def _unindex(self, item: GroundTruthItem) -> None:
        key = (item.dataset_name, item.id)
        same_question = self._by_question_key.get(question_key(item))
        if same_question is not None:
            same_question.discard(key)
            if not same_question:
                del self._by_question_key[question_key(item)]
        if item.assigned_to:
            owned = self._by_assignee.get(item.assigned_to)
            if owned is not None:
                owned.discard(key)
                if not owned:
                    del self._by_assignee[item.assigned_to]
        bucket = self._by_sample_key.get(_bucket_of(item))
        if bucket is not None:
            entry = (item.sample_key, item.id)
            at = bisect.bisect_left(bucket, entry)
            if at < len(bucket) and bucket[at] == entry:
                del bucket[at]
            if not bucket:
                del self._by_sample_key[_bucket_of(item)]

    def _index(self, item: GroundTruthItem) -> None:
        self._by_question_key.setdefault(question_key(item), set()).add(
            (item.dataset_name, item.id)
        )
        if item.assigned_to:
            self._by_assignee.setdefault(item.assigned_to, set()).add((item.dataset_name, item.id))
        bisect.insort(
            self._by_sample_key.setdefault(_bucket_of(item), []), (item.sample_key, item.id)
        )

    # -- protocol -------------------------------------------------------------------

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        self._check_available()
        stored = self._items.get((dataset_name, item_id))
        return stored.model_copy(deep=True) if stored else None

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        self._check_available()
        found = [
            item.model_copy(deep=True)
            for (ds, _), item in self._items.items()
            if ds == dataset_name and (status is None or item.status == status)
        ]
        return sorted(found, key=lambda item: item.id)

    async def upsert(
        self, item: GroundTruthItem, *, note: WriteNote | None = None
    ) -> GroundTruthItem:
        self._check_available()
        key = (item.dataset_name, item.id)
        async with self._lock:
            stored = self._items.get(key)
            if item.etag is None:
                if stored is not None:
                    raise AlreadyExistsError(
                        f"item {item.dataset_name}/{item.id} already exists; "
                        "a write to an existing item needs its etag",
                        current=stored.model_copy(deep=True),
                    )
            elif stored is None:
                raise NotFoundError(f"item {item.dataset_name}/{item.id} not found")
            elif stored.etag != item.etag:
                raise ConcurrencyError(
                    f"item {item.dataset_name}/{item.id} was changed by someone else",
                    current=stored.model_copy(deep=True),
                )
            new = item.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
            if stored is not None:
                self._unindex(stored)
            self._items[key] = new
            self._index(new)
            self._record(key, stored, new, note)
            return new.model_copy(deep=True)

    async def insert_new(
        self, items: Sequence[GroundTruthItem], notes: Sequence[WriteNote | None]
    ) -> None:
        """Store items none of which is stored yet, each with its revision (notes[i] for
        items[i]; built when first read, as of this write), taking them over as they are:
        no copy in or out, so the caller hands them over and keeps no reference it
        changes. For filling a fresh store (the demo's seed); a write that may meet a
        stored item is `upsert`'s. AlreadyExistsError, and nothing stored, when one of
        them is stored (or given twice) or carries an etag.
        """
        self._check_available()
        if len(notes) != len(items):
            raise ValueError("insert_new: one note per item")
        async with self._lock:
            keys = [(item.dataset_name, item.id) for item in items]
            seen: set[Key] = set()
            for item, key in zip(items, keys, strict=True):
                if key in self._items or key in seen or item.etag is not None:
                    raise AlreadyExistsError(
                        f"item {item.dataset_name}/{item.id} is stored already (or carries "
                        "an etag, or is given twice): insert_new only adds new items"
                    )
                seen.add(key)
            written = utc_now()
            for item, key, note in zip(items, keys, notes, strict=True):
                item.etag = f'"{uuid.uuid4()}"'
                self._items[key] = item
                self._index(item)
                if note is None or note.at is None:  # the revision's time is the write's
                    note = (note or WriteNote()).model_copy(update={"at": written})
                self._creations_unrecorded[key] = (item, note)

    async def delete(
        self, dataset_name: str, item_id: str, etag: str | None, *, note: WriteNote | None = None
    ) -> None:
        self._check_available()
        key = (dataset_name, item_id)
        async with self._lock:
            stored = self._items.get(key)
            if stored is None:
                raise NotFoundError(f"item {dataset_name}/{item_id} not found")
            if etag is None or stored.etag != etag:
                raise ConcurrencyError(
                    f"item {dataset_name}/{item_id}: delete needs the current etag",
                    current=stored.model_copy(deep=True),
                )
            del self._items[key]
            self._unindex(stored)
            self._record(key, stored, None, note)

    def _record(
        self,
        key: Key,
        before: GroundTruthItem | None,
        after: GroundTruthItem | None,
        note: WriteNote | None,
    ) -> None:
        """The write's revision, under the same lock as the write (nothing in between)."""
        revisions = self._revisions_of(key)
        revisions.append(
            make_revision(
                before=before.to_doc() if before is not None else None,
                after=after.to_doc() if after is not None else None,
                note=note,
                number=len(revisions) + 1,
                prev_etag=before.etag if before is not None else None,
                etag=after.etag if after is not None else None,
            )
        )

    def _revisions_of(self, key: Key) -> builtins.list[Revision]:
        """The item's revisions, its creation by insert_new recorded first if still due.
        The item is the object stored then: writes replace stored items, never change them."""
        revisions = self._history.setdefault(key, [])
        unrecorded = self._creations_unrecorded.pop(key, None)
        if unrecorded is not None:
            item, note = unrecorded
            revisions.insert(
                0,
                make_revision(
                    before=None,
                    after=item.to_doc(),
                    note=note,
                    number=1,
                    prev_etag=None,
                    etag=item.etag,
                ),
            )
        return revisions

    def _all_revisions(self) -> dict[Key, builtins.list[Revision]]:
        for key in builtins.list(self._creations_unrecorded):
            self._revisions_of(key)
        return self._history

    async def history(self, dataset_name: str, item_id: str) -> builtins.list[Revision]:
        self._check_available()
        key = (dataset_name, item_id)
        if key not in self._history and key not in self._creations_unrecorded:
            return []
        return [r.model_copy(deep=True) for r in self._revisions_of(key)]

    async def revisions(self, query: RevisionQuery) -> builtins.list[Revision]:
        self._check_available()
        found = [
            revision.model_copy(deep=True)
            for revisions in self._all_revisions().values()
            for revision in revisions
            if (query.since is None or revision.at >= query.since)
            and (query.until is None or revision.at < query.until)
            and (query.dataset_name is None or revision.dataset_name == query.dataset_name)
            and (query.by is None or revision.by == query.by)
            and (not query.ops or revision.op in query.ops)
        ]
        return sorted(found, key=lambda r: (r.at, r.dataset_name, r.item_id, r.number))

    async def query(self, query: ItemQuery) -> ItemPage:
        self._check_available()
        changed = query.changed_by is not None or query.changed_since is not None
        if (
            query.sort == SortField.sample_key
            and not query.descending
            and not query.include_total
            and not changed
        ):
            page, next_cursor, total = self._page_by_sample_key(query)
        else:
            page, next_cursor, total = page_in_memory(self._candidates(query), query)
        return ItemPage(
            items=[item.model_copy(deep=True) for item in page],
            next_cursor=next_cursor,
            total=total,
        )

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        self._check_available()
        found = (i for i in self._candidates(query) if matches(i, query))
        return count_in_memory(found, fields)

    async def health(self) -> None:
        self._check_available()

    async def close(self) -> None:
        return None

    # -- index-backed reads ---------------------------------------------------------

    def _candidates(self, query: ItemQuery) -> builtins.list[GroundTruthItem]:
        """A superset of the query's matches: one assignee's items when it names one,
        the items asking one normalized question when it names that."""
        if query.changed_by is not None or query.changed_since is not None:
            return [self._items[key] for key in self._changed(query) if key in self._items]
        if query.question_key is not None:
            keys = self._by_question_key.get(query.question_key, ())
            return [self._items[key] for key in keys]
        if query.question_keys:
            found = set().union(*(self._by_question_key.get(k, ()) for k in query.question_keys))
            return [self._items[key] for key in found]
        if query.assigned_to is not None:
            keys = self._by_assignee.get(query.assigned_to, ())
            return [self._items[key] for key in keys]
        return builtins.list(self._items.values())

    def _changed(self, query: ItemQuery) -> builtins.list[Key]:
        """Items with a revision by query.changed_by / since query.changed_since."""
        return [
            key
            for key, revisions in self._all_revisions().items()
            if any(
                (query.changed_by is None or r.by == query.changed_by)
                and (query.changed_since is None or r.at >= query.changed_since)
                for r in revisions
            )
        ]

    def _buckets(self, query: ItemQuery) -> builtins.list[BucketKey]:
        statuses = set(query.statuses) if query.statuses else set(GroundTruthStatus)
        if query.status is not None:
            statuses &= {query.status}
        chosen = []
        for bucket in self._by_sample_key:
            dataset, status, assigned = bucket
            if status not in statuses or (assigned and query.unassigned):
                continue
            if query.assigned_to is not None and not assigned:
                continue
            if query.dataset_name is not None and dataset != query.dataset_name:
                continue
            if query.dataset_prefix is not None and not dataset.startswith(query.dataset_prefix):
                continue
            chosen.append(bucket)
        return chosen

    def _walk_from(self, bucket: BucketKey, low: float) -> Iterator[tuple[float, str, str]]:
        entries = self._by_sample_key[bucket]
        dataset = bucket[0]
        for at in range(bisect.bisect_left(entries, (low,)), len(entries)):
            sample_key, item_id = entries[at]
            yield sample_key, item_id, dataset

    def _page_by_sample_key(
        self, query: ItemQuery
    ) -> tuple[builtins.list[GroundTruthItem], str | None, int]:
        """Ascending sample_key pages read from the index: cost follows the page size."""
        after = cursor_position(query)  # (sample_key, id, dataset_name) or None
        low = query.sample_key_min if query.sample_key_min is not None else 0.0
        if after is not None:
            low = max(low, after[0])
        walks = [self._walk_from(bucket, low) for bucket in self._buckets(query)]
        found: builtins.list[GroundTruthItem] = []
        for sample_key, item_id, dataset in heapq.merge(*walks):
            if query.sample_key_max is not None and sample_key >= query.sample_key_max:
                break
            if after is not None and (sample_key, item_id, dataset) <= after:
                continue
            item = self._items[(dataset, item_id)]
            if matches(item, query):
                found.append(item)
                if len(found) > query.limit:
                    break
        page = found[: query.limit]
        next_cursor = None
        if len(found) > query.limit:
            last = page[-1]
            next_cursor = cursor_after(query, last.sample_key, last.id, last.dataset_name)
        return page, next_cursor, -1
