"""ItemQuery evaluated in Python: used by the in-memory repo and by fallbacks.

Sort keys never hold None (a missing timestamp sorts as ""), so keyset cursors are total.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import Any

from gt_tui.domain.models import GroundTruthItem, format_utc
from gt_tui.repos.base import ItemQuery, SortField


def item_ref_urls(item: GroundTruthItem) -> set[str]:
    urls = {ref.url for ref in item.refs}
    for turn in item.history or ():
        urls.update(ref.url for ref in turn.refs)
    return urls


def sort_value(item: GroundTruthItem, field: SortField) -> Any:
    match field:
        case SortField.id:
            return item.id
        case SortField.updated_at:
            return format_utc(item.updated_at)
        case SortField.reviewed_at:
            return format_utc(item.reviewed_at) if item.reviewed_at else ""
        case SortField.total_references:
            return item.total_references
        case SortField.tag_count:
            return len(item.tags)
        case SortField.sample_key:
            return item.sample_key
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
    if (
        query.updated_by_not is not None
        and item.updated_by == query.updated_by_not
        and (query.updated_by_not_status is None or item.status == query.updated_by_not_status)
    ):
        return False
    if query.text:
        needle = query.text.casefold()
        haystacks = (item.synth_question, item.edited_question or "", item.answer or "")
        if not any(needle in h.casefold() for h in haystacks):
            return False
    if query.ref_url is not None and query.ref_url not in item_ref_urls(item):
        return False
    if query.exclude_ids and item.id in query.exclude_ids:
        return False
    if query.sample_key_min is not None and item.sample_key < query.sample_key_min:
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


def page_in_memory(
    items: Iterable[GroundTruthItem], query: ItemQuery
) -> tuple[list, str | None, int]:
    """Filter, sort and keyset-page items; returns (page items, next cursor, total)."""
    selected = [item for item in items if matches(item, query)]
    total = len(selected) if query.include_total else -1

    def key(item: GroundTruthItem) -> tuple[Any, str]:
        return (sort_value(item, query.sort), item.id)

    selected.sort(key=key, reverse=query.descending)
    if query.cursor:
        payload = decode_cursor(query.cursor)
        after = (payload.get("v"), payload.get("id"))
        if query.descending:
            selected = [item for item in selected if key(item) < after]
        else:
            selected = [item for item in selected if key(item) > after]
    page = selected[: query.limit]
    next_cursor = None
    if len(selected) > query.limit:
        last = page[-1]
        next_cursor = encode_cursor({"v": sort_value(last, query.sort), "id": last.id})
    return page, next_cursor, total
