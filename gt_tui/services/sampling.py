"""Weighted random sampling of assignable items.

Every item carries a uniform random `sample_key`; a sample is read as a window of the
eligible pool starting at a random point (wrapping around at 1.0), so each request
costs O(limit) reads whatever the pool size, and curators asking at the same moment
start at different places instead of fighting over the same first rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.services.validation import validate_user_id


def compute_quotas(weights: Mapping[str, float], k: int) -> dict[str, int]:
    """Split k among names by the largest remainder method.

    Quotas sum to k whenever some weight is positive; ties go to the larger remainder,
    then to the name that sorts first; non-positive weights get 0.
    """
    quotas = {name: 0 for name in weights}
    positive = {name: float(w) for name, w in weights.items() if w > 0 and math.isfinite(float(w))}
    if k <= 0 or not positive:
        return quotas
    total = sum(positive.values())
    exact = {name: k * w / total for name, w in positive.items()}
    for name, share in exact.items():
        quotas[name] = math.floor(share)
    left = k - sum(quotas.values())
    by_remainder = sorted(positive, key=lambda n: (-(exact[n] - math.floor(exact[n])), n))
    for name in by_remainder[:left]:
        quotas[name] += 1
    return quotas


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

    async def _random_window(
        self, user_id: str, limit: int, exclude_ids: Sequence[str], prefix: str | None
    ) -> list[GroundTruthItem]:
        """Up to `limit` eligible items in sample-key order from a random start."""
        if limit <= 0:
            return []
        start = self._rng.random()
        extra = {"dataset_prefix": prefix} if prefix else {}
        excluded = tuple(exclude_ids)
        first = await self._repo.query(
            eligible_query(
                user_id,
                sample_key_min=start,
                limit=min(limit, 1000),
                exclude_ids=excluded,
                **extra,
            )
        )
        found = list(first.items)
        if len(found) < limit:
            wrapped = await self._repo.query(
                eligible_query(
                    user_id,
                    sample_key_max=start,
                    limit=min(limit - len(found), 1000),
                    exclude_ids=excluded,
                    **extra,
                )
            )
            found.extend(wrapped.items)
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
        for round_index in range(max((len(batch) for batch in per_prefix), default=0)):
            for batch in per_prefix:
                if round_index < len(batch):
                    item = batch[round_index]
                    key = (item.dataset_name, item.id)
                    if key not in seen:
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
