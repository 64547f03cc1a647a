"""ItemQuery evaluated in Python: used by the in-memory repo and by fallbacks.

Sort keys never hold None (a missing timestamp sorts as ""), so keyset cursors are total.
Timestamps sort as fixed-width UTC strings (always 6 fraction digits), so string order is
time order. Ties break on id, then dataset_name: the same id may exist in two datasets.
Every backend pages in this order, so a cursor position is (value, id, dataset_name).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.questions import question_key
from gt_tui.domain.review import review_state
from gt_tui.repos.base import ItemQuery, SortField


def item_ref_urls(item: GroundTruthItem) -> set[str]:
    return {ref.url for ref in item.all_references()}


def item_tool_names(item: GroundTruthItem) -> set[str]:
    """Tools the item called or expects as required: what the `tool` filter matches."""
    required = item.expected_tools.names("required") if item.expected_tools else []
    return {*item.tool_names(), *required}


def tool_call_count(item: GroundTruthItem) -> int:
    return len(item.tool_calls or ())


def has_answer(item: GroundTruthItem) -> int:
    """1 when the item has a non-empty answer, else 0 (the has_answer sort value)."""
    return 1 if item.answer_text else 0


def history_text(item: GroundTruthItem) -> str:
    """Every history message, newline-joined: what a text search reads besides Q and A."""
    return "\n".join(turn.msg or "" for turn in item.history or ())


def sortable_utc(value: datetime | None) -> str:
    """Fixed-width UTC text whose string order is time order; None -> "" (sorts first)."""
    if value is None:
        return ""
    value = value.astimezone(UTC)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}Z"
    )


def sort_value(item: GroundTruthItem, field: SortField) -> Any:
    match field:
        case SortField.id:
            return item.id
        case SortField.updated_at:
            return sortable_utc(item.updated_at)
        case SortField.reviewed_at:
            return sortable_utc(item.reviewed_at)
        case SortField.total_references:
            return item.total_references
        case SortField.tag_count:
            return len(item.tags)
        case SortField.sample_key:
            return item.sample_key
        case SortField.has_answer:
            return has_answer(item)
        case SortField.tool_call_count:
            return tool_call_count(item)
    raise ValueError(f"unknown sort field {field!r}")


def matches(item: GroundTruthItem, query: ItemQuery) -> bool:
    if query.status is not None and item.status != query.status:
        return False
    if query.statuses and item.status not in query.statuses:
        return False
    if query.dataset_name is not None and item.dataset_name != query.dataset_name:
        return False
    if query.dataset_prefix is not None and not item.dataset_name.startswith(query.dataset_prefix):
        return False
    if query.tags or query.exclude_tags:
        tags = set(item.tags)
        if not all(tag in tags for tag in query.tags):
            return False
        if any(tag in tags for tag in query.exclude_tags):
            return False
    if query.assigned_to is not None and item.assigned_to != query.assigned_to:
        return False
    if query.unassigned and item.assigned_to:
        return False
    if query.review is not None and review_state(item) != query.review:
        return False
    if (
        query.updated_by_not is not None
        and item.updated_by == query.updated_by_not
        and (query.updated_by_not_status is None or item.status == query.updated_by_not_status)
    ):
        return False
    if query.text:
        needle = query.text.casefold()
        haystacks = (
            item.synth_question or "",
            item.edited_question or "",
            item.answer_text or "",
            history_text(item),
        )
        if not any(needle in h.casefold() for h in haystacks):
            return False
    if query.ref_url is not None and query.ref_url not in item_ref_urls(item):
        return False
    if query.ref_url_contains is not None and not any(
        query.ref_url_contains in url for url in item_ref_urls(item)
    ):
        return False
    if query.id_prefix is not None and not item.id.startswith(query.id_prefix):
        return False
    if query.shape is not None and item.shape != query.shape:
        return False
    if query.tool is not None and query.tool not in item_tool_names(item):
        return False
    if query.question_key is not None and question_key(item) != query.question_key:
        return False
    if query.question_keys and question_key(item) not in query.question_keys:
        return False
    if query.exclude_ids and item.id in query.exclude_ids:
        return False
    if query.sample_key_min is not None and item.sample_key < query.sample_key_min:
        return False
    if query.updated_at_min is not None and item.updated_at < query.updated_at_min:
        return False
    if query.updated_by is not None and item.updated_by != query.updated_by:
        return False
    if query.reviewed_at_min is not None and (
        item.reviewed_at is None or item.reviewed_at < query.reviewed_at_min
    ):
        return False
    return not (query.sample_key_max is not None and item.sample_key >= query.sample_key_max)


def encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """Decode an opaque cursor; a malformed one raises ValueError naming the problem."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"invalid cursor: {exc}") from exc
    if not isinstance(payload, dict):
        raise ValueError("invalid cursor: not an object")
    return payload


_NUMERIC_SORTS = {
    SortField.total_references,
    SortField.tag_count,
    SortField.has_answer,
    SortField.tool_call_count,
}


def cursor_after(query: ItemQuery, value: Any, item_id: str, dataset_name: str) -> str:
    """The cursor of the page that starts after the row at (value, item_id, dataset_name)."""
    return encode_cursor(
        {
            "s": query.sort.value,
            "d": query.descending,
            "v": value,
            "id": item_id,
            "ds": dataset_name,
        }
    )


def cursor_position(query: ItemQuery) -> tuple[Any, str, str] | None:
    """(value, id, dataset_name) the query's cursor points after, or None without a cursor.

    Raises ValueError for a malformed cursor or one made for another sort or direction.
    """
    if not query.cursor:
        return None
    payload = decode_cursor(query.cursor)
    if payload.get("s") != query.sort.value or payload.get("d") != query.descending:
        raise ValueError(
            "invalid cursor: it was made for another sort or direction "
            f"(cursor {payload.get('s')!r}/{payload.get('d')!r}, "
            f"query {query.sort.value!r}/{query.descending!r})"
        )
    value, item_id, dataset_name = payload.get("v"), payload.get("id"), payload.get("ds")
    if not isinstance(item_id, str) or not isinstance(dataset_name, str):
        raise ValueError("invalid cursor: id and ds must be strings")
    if query.sort in _NUMERIC_SORTS:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif query.sort is SortField.sample_key:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ValueError(f"invalid cursor: value {value!r} does not fit sort {query.sort.value!r}")
    return value, item_id, dataset_name


def page_in_memory(
    items: Iterable[GroundTruthItem], query: ItemQuery
) -> tuple[list, str | None, int]:
    """Filter, sort and keyset-page items; returns (page items, next cursor, total)."""
    after = cursor_position(query)
    selected = [item for item in items if matches(item, query)]
    total = len(selected) if query.include_total else -1

    def key(item: GroundTruthItem) -> tuple[Any, str, str]:
        return (sort_value(item, query.sort), item.id, item.dataset_name)

    selected.sort(key=key, reverse=query.descending)
    if after is not None:
        if query.descending:
            selected = [item for item in selected if key(item) < after]
        else:
            selected = [item for item in selected if key(item) > after]
    page = selected[: query.limit]
    next_cursor = None
    if len(selected) > query.limit:
        last = page[-1]
        next_cursor = cursor_after(query, sort_value(last, query.sort), last.id, last.dataset_name)
    return page, next_cursor, total
