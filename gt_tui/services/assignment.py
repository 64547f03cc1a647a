"""Self-serve assignment: curators top up their own queue with atomic claims."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from gt_tui.domain.errors import (
    AssignmentConflictError,
    ConcurrencyError,
    NotFoundError,
    TakeoverNotAllowedError,
)
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo, ItemQuery
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.sampling import AssignmentSamplingService
from gt_tui.services.validation import validate_user_id

__all__ = ["AssignmentService", "validate_user_id"]

log = logging.getLogger(__name__)

# claim() re-reads and retries a lost compare-and-set this often before giving up.
MAX_CLAIM_ATTEMPTS = 5


class AssignmentService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        sampler: AssignmentSamplingService | None = None,
        clock: Clock | None = None,
        leads: Iterable[str] = (),
    ) -> None:
        self._repo = repo
        self.leads = frozenset(leads)
        """GT_LEADS: who may take over an item someone else holds."""
        self._sampler = sampler or AssignmentSamplingService(repo)
        self._clock = clock or system_clock
        self._derive = GroundTruthDerivationsService()
        self.claim_conflicts = 0
        """Lost claim races since start (benchmarks and stats read it)."""

    async def my_assignments(self, user_id: str) -> list[GroundTruthItem]:
        """The user's draft queue, oldest assignment first."""
        validate_user_id(user_id)
        items: list[GroundTruthItem] = []
        cursor: str | None = None
        while True:
            page = await self._repo.query(
                ItemQuery(
                    assigned_to=user_id,
                    status=GroundTruthStatus.draft,
                    limit=1000,
                    cursor=cursor,
                    include_total=False,
                )
            )
            items.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        items.sort(
            key=lambda i: (
                i.assigned_at is None,
                i.assigned_at or i.updated_at,
                i.dataset_name,
                i.id,
            )
        )
        return items

    def _note(self, op: str, user_id: str) -> WriteNote:
        return WriteNote(op=op, by=user_id, at=self._clock())

    def _assigned_copy(self, item: GroundTruthItem, user_id: str) -> GroundTruthItem:
        claimed = item.model_copy(deep=True)
        claimed.assigned_to = user_id
        claimed.assigned_at = self._clock()
        claimed.status = GroundTruthStatus.draft
        return self._derive.apply_derived_fields(claimed)

    async def self_assign(self, user_id: str, limit: int) -> list[GroundTruthItem]:
        """Top the user's draft queue up to `limit`; existing assignments come first.

        Each round samples as many fresh candidates as are missing, excluding everything
        already tried, and claims them one by one with a conditional write; a lost race
        ends the round, so the next one starts from a new random window. It ends when the
        queue is full or a round finds nothing new: every round tries at least one new
        item, so it cannot loop forever.
        """
        validate_user_id(user_id)
        queue = await self.my_assignments(user_id)
        tried: set[str] = {item.id for item in queue}
        while len(queue) < limit:
            need = limit - len(queue)
            candidates = await self._sampler.sample_candidates(
                user_id=user_id, limit=need, exclude_ids=sorted(tried)
            )
            fresh = [c for c in candidates if c.id not in tried]
            if not fresh:
                break  # nothing eligible left that we have not already tried
            for candidate in fresh:
                if len(queue) >= limit:
                    break
                tried.add(candidate.id)
                if candidate.assigned_to:
                    continue
                try:
                    queue.append(
                        await self._repo.upsert(
                            self._assigned_copy(candidate, user_id),
                            note=self._note("assign", user_id),
                        )
                    )
                except (ConcurrencyError, NotFoundError):
                    # Someone else is claiming in this stretch of the sample window:
                    # jump to a fresh random window instead of trailing behind them.
                    self.claim_conflicts += 1
                    break
        return queue

    async def claim(self, user_id: str, dataset_name: str, item_id: str) -> GroundTruthItem:
        """Take one item: unassigned or already mine -> mine as a draft.

        Raises AssignmentConflictError when another user holds it as a draft.
        """
        validate_user_id(user_id)
        for _ in range(MAX_CLAIM_ATTEMPTS):
            item = await self._repo.get(dataset_name, item_id)
            if item is None:
                raise NotFoundError(f"item {dataset_name}/{item_id} not found")
            if item.assigned_to == user_id and item.status == GroundTruthStatus.draft:
                return item
            if item.assigned_to and item.status == GroundTruthStatus.draft:
                raise AssignmentConflictError(
                    f"item {dataset_name}/{item_id} is assigned to {item.assigned_to}",
                    owner=item.assigned_to,
                )
            try:
                return await self._repo.upsert(
                    self._assigned_copy(item, user_id), note=self._note("claim", user_id)
                )
            except ConcurrencyError:
                self.claim_conflicts += 1
                continue
        raise ConcurrencyError(
            f"item {dataset_name}/{item_id} kept changing; claim gave up after "
            f"{MAX_CLAIM_ATTEMPTS} attempts"
        )

    def may_take_over(self, user_id: str) -> bool:
        return user_id in self.leads

    async def take_over(self, user_id: str, seen: GroundTruthItem) -> GroundTruthItem:
        """A lead takes `seen` (the version shown in the confirmation) from its holder.

        One conditional write on `seen`'s etag: if the holder saved after the lead looked,
        their save wins and this raises ConcurrencyError (the lead can look again). The
        holder's next save then meets the new etag and gets the conflict prompt.
        """
        validate_user_id(user_id)
        if not self.may_take_over(user_id):
            holder = seen.assigned_to or "another curator"
            raise TakeoverNotAllowedError(
                f"item {seen.dataset_name}/{seen.id} is held by {holder}; only users in "
                "GT_LEADS may take it over",
                owner=seen.assigned_to,
            )
        taken = self._assigned_copy(seen, user_id)
        taken.updated_by = user_id
        taken.updated_at = taken.assigned_at or self._clock()
        try:
            return await self._repo.upsert(taken, note=self._note("takeover", user_id))
        except NotFoundError:
            raise
        except ConcurrencyError as exc:
            current = exc.current or await self._repo.get(seen.dataset_name, seen.id)
            who = (current.updated_by if current else None) or "someone"
            raise ConcurrencyError(
                f"item {seen.dataset_name}/{seen.id} was not taken over: {who} changed it "
                "after you looked; look again",
                current=current,
            ) from exc
