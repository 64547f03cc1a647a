"""Queries over ground-truth items: a filter, a sort and a page request, and one page back.

They live in the domain so the TUI and services can build queries without importing repos.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.shapes import Shape


class SortField(StrEnum):
    id = "id"
    updated_at = "updated_at"
    reviewed_at = "reviewed_at"
    total_references = "total_references"
    tag_count = "tag_count"
    sample_key = "sample_key"
    has_answer = "has_answer"
    tool_call_count = "tool_call_count"


class ItemQuery(BaseModel):
    """A filter, a sort and a page request over ground-truth items.

    Filters combine with AND. `status` is one status; `statuses` any of several.
    `updated_by_not` leaves out items last updated by that user; with
    `updated_by_not_status` set it does so only among items of that status. `tags`
    must all be present (manual or computed); `exclude_tags` must all be absent.
    `text` matches case-insensitively inside the synthetic question, the edited
    question, the answer and every history message. `ref_url` matches a
    reference url exactly, on the item or on any history turn; `ref_url_contains` matches
    a part of one (case-sensitive, literal). `id_prefix` keeps ids starting with it.
    `question_key` matches
    gt_tui.domain.questions.question_key(item) exactly (an indexed helper field);
    `question_keys` any one of several (one lookup for a batch of questions).
    The has_answer sort puts items without an answer (None or empty) first.
    `sample_key_min` (inclusive) / `sample_key_max` (exclusive) bound the per-item random
    sampling key, so a sampler can read a random window of the pool cheaply.
    `updated_at_min` keeps items last updated at or after that instant. `updated_by` keeps
    items last updated by that user; `reviewed_at_min` items reviewed (approved) at or after
    that instant (never one without `reviewedAt`): with `include_total` and `limit=1`,
    "approved by me today" is one count, not a read of every approved item.
    `review` keeps items whose review record (gt_tui.domain.review) is in that state.
    `changed_by` / `changed_since` keep items with a revision (gt_tui.domain.revisions)
    written by that user / at or after that instant (both: one revision doing both).
    `include_total=False` lets a backend skip counting (`ItemPage.total` is then -1).
    `tool` keeps items that called a tool of that name or expect it as required; `shape`
    keeps one item shape (`rag` or `agentic`, gt_tui/domain/shapes.py). The
    tool_call_count sort orders by the number of tool calls (0 for a RAG item).
    """

    model_config = ConfigDict(frozen=True)

    status: GroundTruthStatus | None = None
    statuses: tuple[GroundTruthStatus, ...] = ()
    dataset_name: str | None = None
    dataset_prefix: str | None = None
    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    assigned_to: str | None = None
    unassigned: bool = False
    updated_by_not: str | None = None
    updated_by_not_status: GroundTruthStatus | None = None
    text: str | None = None
    ref_url: str | None = None
    ref_url_contains: str | None = None
    id_prefix: str | None = None
    question_key: str | None = None
    question_keys: tuple[str, ...] = ()
    exclude_ids: tuple[str, ...] = ()
    sample_key_min: float | None = None
    sample_key_max: float | None = None
    updated_at_min: datetime | None = None
    updated_by: str | None = None
    reviewed_at_min: datetime | None = None
    tool: str | None = None
    shape: Shape | None = None
    review: str | None = None
    changed_by: str | None = None
    changed_since: datetime | None = None
    sort: SortField = SortField.id
    descending: bool = False
    limit: int = Field(default=50, ge=1, le=1000)
    cursor: str | None = None
    include_total: bool = True


class ItemPage(BaseModel):
    """One page of a query. `next_cursor` is None on the last page; `total` counts all matches."""

    items: list[GroundTruthItem]
    next_cursor: str | None = None
    total: int = 0
