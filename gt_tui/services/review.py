"""The review stage (GT_REVIEW=leads): a curator's approval waits for a lead (GT_LEADS),
who accepts it or sends it back with a note; sent back, the item is a draft again, held
by the curator who approved it, with the note on it (gt_tui/domain/review.py).

Review writes leave `updatedBy` / `updatedAt` to the approval (decisions per curator stay
the curator's); who reviewed is in the record and in the item's history (operations
`review-accept` / `review-send-back`), where each curator's sent-back rate comes from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gt_tui.domain.errors import GroundTruthError, OwnershipError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.queries import ItemQuery, SortField
from gt_tui.domain.review import REVIEW_FIELD, ItemReview, ReviewState, review_of, set_review
from gt_tui.domain.revisions import RevisionQuery, WriteNote
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.validation import validate_user_id

ACCEPT_OP = "review-accept"
SEND_BACK_OP = "review-send-back"
REVIEW_PAGE = 200


class ReviewError(GroundTruthError):
    """A review action that cannot be done (not pending, no note)."""


class ReviewNotAllowedError(OwnershipError):
    """Only leads (GT_LEADS) review."""


def pending_review(user_id: str, approved_at: Any, previous: ItemReview | None) -> ItemReview:
    """The record an approval under review gets (a sent-back note stays visible to the lead)."""
    return ItemReview(
        state=ReviewState.pending,
        approved_by=user_id,
        approved_at=approved_at,
        note=previous.note if previous is not None else None,
    )


@dataclass
class CuratorReviews:
    reviewed: int = 0
    sent_back: int = 0

    @property
    def sent_back_rate(self) -> float:
        return self.sent_back / self.reviewed if self.reviewed else 0.0


@dataclass
class ReviewSummary:
    pending: int = 0
    curators: dict[str, CuratorReviews] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "curators": {
                user: {
                    "reviewed": counts.reviewed,
                    "sent_back": counts.sent_back,
                    "sent_back_rate": round(counts.sent_back_rate, 4),
                }
                for user, counts in sorted(self.curators.items())
            },
        }


class ReviewService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        *,
        leads: Iterable[str] = (),
        enabled: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self._repo = repo
        self.leads = frozenset(leads)
        self.enabled = enabled
        self._clock = clock or system_clock

    def is_lead(self, user_id: str) -> bool:
        return user_id in self.leads

    def _check_lead(self, user_id: str) -> None:
        validate_user_id(user_id)
        if not self.is_lead(user_id):
            raise ReviewNotAllowedError(f"only leads (GT_LEADS) review approvals; {user_id} is not")

    async def pending(self, limit: int = REVIEW_PAGE) -> list[GroundTruthItem]:
        """Approved items waiting for review, oldest approval first."""
        query = ItemQuery(
            status=GroundTruthStatus.approved,
            review=ReviewState.pending.value,
            sort=SortField.reviewed_at,
            limit=limit,
            include_total=False,
        )
        return (await self._repo.query(query)).items

    def _pending_record(self, item: GroundTruthItem) -> ItemReview:
        review = review_of(item)
        if item.status != GroundTruthStatus.approved or review is None:
            raise ReviewError(f"item {item.dataset_name}/{item.id} is not waiting for review")
        if review.state != ReviewState.pending:
            raise ReviewError(
                f"item {item.dataset_name}/{item.id} was already reviewed ({review.state.value})"
            )
        return review

    async def accept(self, lead: str, item: GroundTruthItem) -> GroundTruthItem:
        """The approval stands; conditional on `item`'s etag (ConcurrencyError if changed)."""
        self._check_lead(lead)
        review = self._pending_record(item)
        now = self._clock()
        accepted = item.model_copy(deep=True)
        set_review(
            accepted,
            review.model_copy(
                update={"state": ReviewState.accepted, "reviewed_by": lead, "reviewed_at": now}
            ),
        )
        return await self._repo.upsert(accepted, note=WriteNote(op=ACCEPT_OP, by=lead, at=now))

    async def send_back(self, lead: str, item: GroundTruthItem, note: str) -> GroundTruthItem:
        """Back to draft, held by who approved it, with `note` (required) on the item."""
        self._check_lead(lead)
        if not note or not note.strip():
            raise ReviewError("sending an item back needs a note saying why")
        review = self._pending_record(item)
        now = self._clock()
        back = item.model_copy(deep=True)
        back.status = GroundTruthStatus.draft
        back.assigned_to = review.approved_by or item.updated_by
        back.assigned_at = now
        back.reviewed_at = None
        set_review(
            back,
            review.model_copy(
                update={
                    "state": ReviewState.sent_back,
                    "reviewed_by": lead,
                    "reviewed_at": now,
                    "note": note.strip(),
                }
            ),
        )
        return await self._repo.upsert(back, note=WriteNote(op=SEND_BACK_OP, by=lead, at=now))

    async def summary(self) -> ReviewSummary:
        """Pending reviews, and per curator how many approvals were reviewed and sent back
        (from the history's review operations): two queries on any backend."""
        summary = ReviewSummary()
        counted = await self._repo.query(
            ItemQuery(status=GroundTruthStatus.approved, review=ReviewState.pending.value, limit=1)
        )
        summary.pending = counted.total
        outcomes = await self._repo.revisions(RevisionQuery(ops=(ACCEPT_OP, SEND_BACK_OP)))
        reviewed: Counter[str] = Counter()
        sent_back: Counter[str] = Counter()
        for revision in outcomes:
            change = revision.changes.get(REVIEW_FIELD)
            before = change.before if change is not None and isinstance(change.before, dict) else {}
            curator = before.get("approvedBy")
            if not curator:
                continue
            reviewed[curator] += 1
            if revision.op == SEND_BACK_OP:
                sent_back[curator] += 1
        summary.curators = {
            user: CuratorReviews(reviewed=reviewed[user], sent_back=sent_back[user])
            for user in reviewed
        }
        return summary
