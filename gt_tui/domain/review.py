"""The review stage's record on an item: a field of gt-tui's own (`gtTuiReview`), stored as
one of the item's unknown fields, so GroundTruthCurator passes it through untouched and
every backend keeps it byte for byte.

`{"state": "pending" | "accepted" | "sentBack", "approvedBy", "approvedAt", "reviewedBy",
"reviewedAt", "note"}`: an approval under review is pending until a lead accepts it or
sends it back with a note (the item is then a draft again, held by who approved it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from gt_tui.domain.models import GroundTruthItem

REVIEW_FIELD = "gtTuiReview"


class ReviewState(StrEnum):
    pending = "pending"
    accepted = "accepted"
    sent_back = "sentBack"


class ItemReview(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True, extra="allow"
    )

    state: ReviewState
    approved_by: str | None = None
    approved_at: datetime | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    note: str | None = None


def review_of(item: GroundTruthItem) -> ItemReview | None:
    """The item's review record, None when it has none (or one this version cannot read)."""
    raw = (item.model_extra or {}).get(REVIEW_FIELD)
    if not isinstance(raw, dict):
        return None
    try:
        return ItemReview.model_validate(raw)
    except ValueError:
        return None


def review_state(item: GroundTruthItem) -> str:
    """The state as stored text ("" without a record): what queries filter on."""
    review = review_of(item)
    return review.state.value if review is not None else ""


def set_review(item: GroundTruthItem, review: ItemReview | None) -> None:
    """Write (or with None remove) the record on `item` in place."""
    extra: dict[str, Any] = item.__pydantic_extra__ if item.__pydantic_extra__ is not None else {}
    if review is None:
        extra.pop(REVIEW_FIELD, None)
    else:
        extra[REVIEW_FIELD] = review.model_dump(mode="json", by_alias=True, exclude_none=True)
    item.__pydantic_extra__ = extra
