"""Curation: save edits and move items between statuses, with ownership and etags."""

from __future__ import annotations

from gt_tui.domain.errors import ApprovalRefusedError, OwnershipError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.review import review_of, set_review
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.approval import ApprovalGate, ApprovalProblem
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.review import pending_review
from gt_tui.services.tagging import TagService
from gt_tui.services.validation import validate_item_key, validate_user_id

_TRANSITION_OP = {
    GroundTruthStatus.approved: "approve",
    GroundTruthStatus.skipped: "skip",
    GroundTruthStatus.deleted: "delete",
    GroundTruthStatus.draft: "restore",
}


class CurationService:
    """Every write passes the caller's etag through: a stale item raises ConcurrencyError."""

    def __init__(
        self,
        repo: GroundTruthRepo,
        clock: Clock | None = None,
        tags: TagService | None = None,
        gate: ApprovalGate | None = None,
        review_leads: frozenset[str] | None = None,
    ) -> None:
        self._repo = repo
        self._review_leads = review_leads
        """GT_REVIEW=leads: these users' approvals stand, everyone else's wait for review
        (gt_tui/services/review.py); None: no review stage."""
        self._clock = clock or system_clock
        self._derive = GroundTruthDerivationsService()
        self._tags = tags or TagService(repo)
        self._gate = gate or ApprovalGate()

    def approval_problems(self, item: GroundTruthItem) -> list[ApprovalProblem]:
        """Why `item` cannot be approved as it is; empty when it can."""
        return self._gate.problems(item)

    def derived(self, item: GroundTruthItem) -> GroundTruthItem:
        """A copy of `item` with derived fields (totalReferences) following its edits."""
        return self._derive.apply_derived_fields(item.model_copy(deep=True))

    def _editable_copy(self, user_id: str, item: GroundTruthItem) -> GroundTruthItem:
        validate_user_id(user_id)
        if item.assigned_to and item.assigned_to != user_id:
            raise OwnershipError(
                f"item {item.dataset_name}/{item.id} is assigned to {item.assigned_to}",
                owner=item.assigned_to,
            )
        copy = item.model_copy(deep=True)
        copy.updated_by = user_id
        copy.updated_at = self._clock()
        return copy

    async def _write(self, item: GroundTruthItem, op: str) -> GroundTruthItem:
        """One conditional write; its revision names `op`, the actor and the time."""
        if item.etag is None:  # a create: only keys every backend can store
            validate_item_key(item.dataset_name, item.id)
        note = WriteNote(op=op, by=item.updated_by, at=item.updated_at)
        stored = await self._repo.upsert(self._derive.apply_derived_fields(item), note=note)
        await self._tags.record(stored.tags)
        return stored

    async def _transition(
        self, user_id: str, item: GroundTruthItem, status: GroundTruthStatus
    ) -> GroundTruthItem:
        copy = self._editable_copy(user_id, item)
        copy.status = status
        copy.assigned_to = None
        copy.assigned_at = None
        if status == GroundTruthStatus.approved:
            copy.reviewed_at = copy.updated_at
            if self._review_leads is not None and user_id not in self._review_leads:
                set_review(copy, pending_review(user_id, copy.updated_at, review_of(item)))
        return await self._write(copy, _TRANSITION_OP[status])

    async def save(
        self, user_id: str, item: GroundTruthItem, *, op: str = "save"
    ) -> GroundTruthItem:
        """Store edits; status and assignment stay as they are (TagPolicyError when the
        manual tags break the vocabulary under GT_TAG_POLICY=reject). Edits to an approved
        item are that curator's review of the new content: updatedBy and reviewedAt say
        who changed it and when, instead of the earlier review's time. `op` names the write
        in the item's history: `merge` for keep-mine after a conflict, `revert` for fields
        brought back from an old revision."""
        self._tags.check(item)
        copy = self._editable_copy(user_id, item)
        if copy.status == GroundTruthStatus.approved:
            copy.reviewed_at = copy.updated_at
        return await self._write(copy, op)

    async def approve(self, user_id: str, item: GroundTruthItem) -> GroundTruthItem:
        """Approve, unless the approval gate finds problems: then ApprovalRefusedError
        lists them and nothing is written."""
        validate_user_id(user_id)
        self._tags.check(item)
        problems = self.approval_problems(item)
        if problems:
            listed = "; ".join(str(problem) for problem in problems)
            raise ApprovalRefusedError(
                f"cannot approve {item.dataset_name}/{item.id}: {listed}", problems=problems
            )
        return await self._transition(user_id, item, GroundTruthStatus.approved)

    async def skip(self, user_id: str, item: GroundTruthItem) -> GroundTruthItem:
        return await self._transition(user_id, item, GroundTruthStatus.skipped)

    async def delete(self, user_id: str, item: GroundTruthItem) -> GroundTruthItem:
        """Soft delete: status deleted; restore() brings it back."""
        return await self._transition(user_id, item, GroundTruthStatus.deleted)

    async def revert(
        self, user_id: str, before: GroundTruthItem, etag: str | None
    ) -> GroundTruthItem:
        """Write `before` back (status, assignment, fields), conditional on `etag`: the
        version a decision produced. Undo uses it; ConcurrencyError if it changed since."""
        validate_user_id(user_id)
        copy = before.model_copy(deep=True)
        copy.etag = etag
        copy.updated_by = user_id
        copy.updated_at = self._clock()
        return await self._write(copy, "undo")

    async def restore(self, user_id: str, item: GroundTruthItem) -> GroundTruthItem:
        return await self._transition(user_id, item, GroundTruthStatus.draft)
