"""Weighted random sampling of assignable items.

Every item carries a uniform random `sample_key`; a sample is read as a window of the
eligible pool starting at a random point (wrapping around at 1.0), so each request
costs O(limit) reads whatever the pool size, and curators asking at the same moment
start at different places instead of fighting over the same first rows.

An item is picked when the start falls within the `limit` key gaps before it, so its
chance per request is limit/pool on average (spread about 1/sqrt(limit) between items)
and never zero: repeated requests reach every eligible item.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.services.validation import validate_user_id

T = TypeVar("T")


def compute_quotas(weights: Mapping[str, float], k: int) -> dict[str, int]:
    """Split k among names by the largest remainder method.

    Quotas sum to k whenever some weight is positive; ties go to the larger remainder,
    then to the name that sorts first; non-positive (and non-finite) weights get 0.
    Remainders are compared rounded to 9 places so float noise (0.1 + 0.2) cannot turn
    an intended tie into an arbitrary winner.
    """
    quotas = {name: 0 for name in weights}
    positive = {name: float(w) for name, w in weights.items() if math.isfinite(float(w)) and w > 0}
    if k <= 0 or not positive:
        return quotas
    total = sum(positive.values())
    exact = {name: k * w / total for name, w in positive.items()}
    for name, share in exact.items():
        quotas[name] = math.floor(share)
    left = k - sum(quotas.values())
    by_remainder = sorted(positive, key=lambda n: (-round(exact[n] - math.floor(exact[n]), 9), n))
    for name in by_remainder[:left]:
        quotas[name] += 1
    return quotas


def interleave(batches: Sequence[Sequence[T]], quotas: Sequence[int]) -> list[T]:
    """Weighted round-robin: every prefix of the result is split close to the quotas.

    Next comes the batch furthest behind its quota (taken / quota smallest); ties go to
    the batch listed first (callers list them in descending weight). With equal quotas
    this is plain round-robin. A caller that claims only the first n candidates (the
    rest are spares for lost races) therefore still gets the weighted split.
    """
    taken = [0] * len(batches)
    out: list[T] = []
    while True:
        open_batches = [i for i, batch in enumerate(batches) if taken[i] < len(batch)]
        if not open_batches:
            return out
        nxt = min(open_batches, key=lambda i: (taken[i] / max(quotas[i], 1), i))
        out.append(batches[nxt][taken[nxt]])
        taken[nxt] += 1


def eligible_query(user_id: str, **filters: object) -> ItemQuery:
    """Unassigned drafts, plus skipped items last updated by someone other than user_id."""
    return ItemQuery(
        statuses=(GroundTruthStatus.draft, GroundTruthStatus.skipped),
        unassigned=True,
        updated_by_not=user_id,
        updated_by_not_status=GroundTruthStatus.skipped,
        sort=SortField.sample_key,
        include_total=False,
        **filters,
    )


class AssignmentSamplingService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        weights: Mapping[str, float] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._repo = repo
        self._weights = dict(weights or {})
        self._rng = rng or random.Random()

    async def _read(self, query: ItemQuery, limit: int) -> list[GroundTruthItem]:
        """Up to `limit` items of `query`, following cursors past the 1000-per-page cap."""
        found: list[GroundTruthItem] = []
        cursor: str | None = None
        while len(found) < limit:
            page = await self._repo.query(
                query.model_copy(update={"limit": min(limit - len(found), 1000), "cursor": cursor})
            )
            found.extend(page.items)
            cursor = page.next_cursor
            if cursor is None or not page.items:
                break
        return found[:limit]

    async def _random_window(
        self, user_id: str, limit: int, exclude_ids: Sequence[str], prefix: str | None
    ) -> list[GroundTruthItem]:
        """Up to `limit` eligible items in sample-key order from a uniformly random start.

        Reads [start, 1) and, when that is short, wraps around to [0, start): two indexed
        range reads whose cost follows `limit`, and a start that moves every call, so the
        whole pool is covered and concurrent callers mostly read different items.
        """
        if limit <= 0:
            return []
        start = self._rng.random()
        extra = {"dataset_prefix": prefix} if prefix else {}
        excluded = tuple(exclude_ids)
        found = await self._read(
            eligible_query(user_id, sample_key_min=start, exclude_ids=excluded, **extra), limit
        )
        if len(found) < limit:
            found += await self._read(
                eligible_query(user_id, sample_key_max=start, exclude_ids=excluded, **extra),
                limit - len(found),
            )
        return found

    async def sample_candidates(
        self, *, user_id: str, limit: int, exclude_ids: Sequence[str] = ()
    ) -> list[GroundTruthItem]:
        """Up to `limit` random eligible items, split across weighted prefixes."""
        validate_user_id(user_id)
        if limit <= 0:
            return []
        excluded = list(exclude_ids)
        if not self._weights:
            return await self._random_window(user_id, limit, excluded, None)

        quotas = compute_quotas(self._weights, limit)
        order = sorted(
            (name for name in quotas if quotas[name] > 0),
            key=lambda n: (-self._weights[n], n),
        )
        per_prefix: list[list[GroundTruthItem]] = []
        for prefix in order:
            per_prefix.append(await self._random_window(user_id, quotas[prefix], excluded, prefix))

        chosen: list[GroundTruthItem] = []
        seen: set[tuple[str, str]] = set()
        for item in interleave(per_prefix, [quotas[prefix] for prefix in order]):
            key = (item.dataset_name, item.id)
            if key not in seen:  # overlapping prefixes ("A" and "AB") can repeat an item
                seen.add(key)
                chosen.append(item)

        shortfall = limit - len(chosen)
        if shortfall > 0:
            skip = excluded + [item.id for item in chosen]
            for item in await self._random_window(user_id, shortfall, skip, None):
                key = (item.dataset_name, item.id)
                if key not in seen:
                    seen.add(key)
                    chosen.append(item)
        return chosen[:limit]
