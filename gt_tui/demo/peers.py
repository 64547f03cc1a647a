"""Simulated curators for `gt-tui demo --peers N`, so contention can be seen live.

Peers work through the same services as the real user and obey the same rules: they only
edit items assigned to themselves or to nobody, never the user's queue. What the user
sees is what real colleagues cause: items vanishing from the pool, claims lost to a peer
(AssignmentConflictError naming them), and unassigned items changing under the explorer.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter

from gt_tui.bootstrap import Services
from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.services.validation import validate_user_id

log = logging.getLogger(__name__)

PEER_NAMES = ("alice", "bob", "carol", "dmitri", "esther", "farid", "grace", "hiro")
MAX_PEER_QUEUE = 3
LOW_POOL = 8
"""Below this many unassigned drafts, peers reopen approved items so a long demo never
runs dry."""

ANSWER_NOTES = (
    " The linked article has the exact steps.",
    " This applies to every plan.",
    " Check the reference; the wording changed in the last update.",
    " If that does not help, contact support.",
)
PEER_TAGS = tuple(
    f"review:{word}"
    for word in ("verified", "needs-source", "ambiguous", "outdated", "high-impact", "tone")
)
PEER_COMMENTS = (
    "Answer checked against the reference.",
    "The excerpt does not support the last sentence.",
    "Could be phrased more simply.",
    "Reference may be outdated; ask the docs team.",
)

# action name -> weight
ACTIONS: dict[str, int] = {"claim": 2, "edit_own": 4, "finish_own": 2, "edit_pool": 3}


def peer_ids_for(user_id: str, count: int) -> list[str]:
    """`count` peer names that differ from the real user (numbered past the name list)."""
    names = [name for name in PEER_NAMES if name != user_id]
    names += [f"peer{n}" for n in range(1, count + 1) if f"peer{n}" != user_id]
    return names[:count]


def _without_note(answer: str) -> str:
    for note in ANSWER_NOTES:
        if answer.endswith(note):
            return answer[: -len(note)]
    return answer


class PeerSimulator:
    """Runs `peer_ids` as curators, one action each per step, until cancelled.

    GroundTruthErrors (lost races, outages) are counted in `errors` / `errors_by_type` and
    never escape; `actions` counts completed actions and `changes` successful writes.
    """

    def __init__(
        self,
        services: Services,
        peer_ids: list[str],
        rng: random.Random,
        interval_s: float = 2.0,
    ) -> None:
        for peer in peer_ids:
            validate_user_id(peer)
        if services.settings.user_id in peer_ids:
            raise ValueError(f"peer ids must not include the user {services.settings.user_id!r}")
        if len(set(peer_ids)) != len(peer_ids):
            raise ValueError("peer ids must be unique")
        self.services = services
        self.peer_ids = list(peer_ids)
        self.rng = rng
        self.interval_s = interval_s
        self.steps = 0
        self.changes = 0
        self.errors = 0
        self.errors_by_type: Counter[str] = Counter()
        self.actions: Counter[str] = Counter()
        self.last_error: str | None = None

    async def run(self) -> None:
        """Step every `interval_s` seconds until the task is cancelled."""
        while True:
            await self.step()
            await asyncio.sleep(self.interval_s)

    async def step(self) -> None:
        """One round: every peer takes one action, concurrently (so they race each other)."""
        choices = [self._choose() for _ in self.peer_ids]
        await asyncio.gather(
            *(self._act(peer, action) for peer, action in zip(self.peer_ids, choices, strict=True))
        )
        self.steps += 1

    def _choose(self) -> str:
        names = list(ACTIONS)
        return self.rng.choices(names, weights=[ACTIONS[n] for n in names])[0]

    async def _act(self, peer: str, action: str) -> None:
        try:
            done = await getattr(self, f"_{action}")(peer)
        except GroundTruthError as exc:
            self.errors += 1
            self.errors_by_type[type(exc).__name__] += 1
            self.last_error = f"{peer}: {exc}"
            log.debug("peer %s: %s failed: %s", peer, action, exc)
            return
        if done:
            self.actions[done] += 1

    async def _claim(self, peer: str) -> str | None:
        """Top the peer's queue up by one to three items from the shared pool."""
        queue = await self.services.assignments.my_assignments(peer)
        if len(queue) >= MAX_PEER_QUEUE:
            return await self._edit_own(peer)
        target = min(MAX_PEER_QUEUE, len(queue) + self.rng.randint(1, 3))
        claimed = await self.services.assignments.self_assign(peer, target)
        gained = len(claimed) - len(queue)
        self.changes += gained
        if gained:
            return "claim"
        return await self._reopen(peer)

    async def _edit_own(self, peer: str) -> str | None:
        """Change the answer or the tags of one of the peer's own drafts and save."""
        queue = await self.services.assignments.my_assignments(peer)
        if not queue:
            return await self._claim(peer)
        item = self.rng.choice(queue)
        self._edit(item)
        await self.services.curation.save(peer, item)
        self.changes += 1
        return "edit_own"

    async def _finish_own(self, peer: str) -> str | None:
        """Approve (mostly) or skip one of the peer's drafts."""
        queue = await self.services.assignments.my_assignments(peer)
        if not queue:
            return await self._claim(peer)
        item = self.rng.choice(queue)
        if self.rng.random() < 0.6:
            await self.services.curation.approve(peer, item)
            action = "approve"
        else:
            item.comment = f"{peer}: {self.rng.choice(PEER_COMMENTS)}"
            await self.services.curation.skip(peer, item)
            action = "skip"
        self.changes += 1
        if await self._pool_size() < LOW_POOL:
            await self._reopen(peer)
        return action

    async def _edit_pool(self, peer: str) -> str | None:
        """Edit an unassigned draft or approved item: one the user may have open."""
        candidates = await self._random_window(
            unassigned=True, statuses=(GroundTruthStatus.draft, GroundTruthStatus.approved)
        )
        if not candidates:
            return None
        item = self.rng.choice(candidates)
        self._edit(item)
        await self.services.curation.save(peer, item)
        self.changes += 1
        return "edit_pool"

    async def _reopen(self, peer: str) -> str | None:
        """Send an unassigned approved item back to the pool as a draft."""
        candidates = await self._random_window(
            unassigned=True, statuses=(GroundTruthStatus.approved,)
        )
        if not candidates:
            return None
        item = self.rng.choice(candidates)
        item.comment = f"{peer}: reopened for a second look."
        await self.services.curation.restore(peer, item)
        self.changes += 1
        self.actions["reopen"] += 1
        return None

    def _edit(self, item: GroundTruthItem) -> None:
        """A small, bounded change: repeated edits never grow an item without limit."""
        if not item.is_agentic and self.rng.random() < 0.5:  # an agentic answer is a turn
            base = _without_note(item.answer or "")
            notes = [note for note in ANSWER_NOTES if not (item.answer or "").endswith(note)]
            item.answer = base + self.rng.choice(notes)
        else:
            tag = self.rng.choice(PEER_TAGS)
            if tag in item.manual_tags:
                item.manual_tags = [t for t in item.manual_tags if t != tag]
            else:
                item.manual_tags = [*item.manual_tags, tag]

    async def _pool_size(self) -> int:
        page = await self.services.repo.query(
            ItemQuery(status=GroundTruthStatus.draft, unassigned=True, limit=1)
        )
        return page.total

    async def _random_window(self, **filters: object) -> list[GroundTruthItem]:
        """Up to 10 matching items from a random point of the sample-key order."""
        start = self.rng.random()
        after = await self.services.repo.query(
            ItemQuery(
                sort=SortField.sample_key,
                sample_key_min=start,
                limit=10,
                include_total=False,
                **filters,  # type: ignore[arg-type]
            )
        )
        if after.items:
            return after.items
        before = await self.services.repo.query(
            ItemQuery(
                sort=SortField.sample_key,
                sample_key_max=start,
                limit=10,
                include_total=False,
                **filters,  # type: ignore[arg-type]
            )
        )
        return before.items
