"""Contract: many concurrent asyncio writers holding the same etag; exactly one wins."""

from __future__ import annotations

import asyncio

from gt_tui.domain import AlreadyExistsError, ConcurrencyError, NotFoundError
from tests.contract.items import make_item

WRITERS = 50


async def test_50_writers_with_the_same_etag_have_exactly_one_winner(repo):
    base = await repo.upsert(make_item())
    edits = [base.model_copy(update={"answer": f"writer {n}"}) for n in range(WRITERS)]
    results = await asyncio.gather(*(repo.upsert(e) for e in edits), return_exceptions=True)
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == WRITERS - 1
    assert all(type(e) is ConcurrencyError for e in losers), {type(e) for e in losers}
    assert await repo.get("ds", "i-1") == winners[0]
    assert all(e.etag == base.etag for e in edits)


async def test_50_creators_of_one_new_item_have_exactly_one_winner(repo):
    creates = [make_item("new", answer=f"creator {n}") for n in range(WRITERS)]
    results = await asyncio.gather(*(repo.upsert(c) for c in creates), return_exceptions=True)
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(e, AlreadyExistsError) for e in losers) and len(losers) == WRITERS - 1
    assert await repo.get("ds", "new") == winners[0]


async def test_50_deleters_with_the_same_etag_delete_once(repo):
    base = await repo.upsert(make_item())
    results = await asyncio.gather(
        *(repo.delete("ds", "i-1", base.etag) for _ in range(WRITERS)), return_exceptions=True
    )
    assert results.count(None) == 1
    failures = [r for r in results if r is not None]
    assert all(isinstance(e, NotFoundError | ConcurrencyError) for e in failures)
    assert await repo.get("ds", "i-1") is None


async def test_concurrent_writers_on_different_items_all_succeed(repo):
    bases = [await repo.upsert(make_item(f"i-{n}")) for n in range(20)]
    results = await asyncio.gather(
        *(repo.upsert(b.model_copy(update={"answer": "done"})) for b in bases)
    )
    assert {r.id for r in results} == {b.id for b in bases}
    assert [(await repo.get("ds", b.id)).answer for b in bases] == ["done"] * len(bases)
