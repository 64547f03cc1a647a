"""Several OS processes self-assign from one SQLite file: no item goes to two curators."""

from __future__ import annotations

import multiprocessing
from collections import Counter

from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from tests.integration.services.helpers import assignee_counts, pool, seed
from tests.integration.services.mp_curators import run_curators

PROCESSES = 4
CURATORS = 25
LIMIT = 10


async def seeded_file(path, size: int) -> str:
    repo = SqliteGroundTruthRepo(path)
    try:
        await seed(repo, pool(size))
    finally:
        await repo.close()
    return str(path)


async def stored_counts(path) -> Counter[str]:
    repo = SqliteGroundTruthRepo(path)
    try:
        return await assignee_counts(repo)
    finally:
        await repo.close()


async def test_curators_in_several_processes_share_one_file_safely(tmp_path):
    small = await seeded_file(tmp_path / "pool-200.sqlite3", 200)
    large = await seeded_file(tmp_path / "pool-1000.sqlite3", 1000)
    names = [f"p{n % PROCESSES}-curator-{n}" for n in range(CURATORS)]
    groups = [names[p::PROCESSES] for p in range(PROCESSES)]

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=run_curators, args=([small, large], group, LIMIT, barrier, results))
        for group in groups
    ]
    for worker in workers:
        worker.start()
    try:
        returned: dict[str, dict[str, list]] = {small: {}, large: {}}
        for _ in range(2 * PROCESSES):
            path, queues = results.get(timeout=120)
            returned[path].update(queues)
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    # Pool of 200: handed out exactly once, nobody above the limit.
    handed = [(ds, item_id) for queue in returned[small].values() for ds, item_id, _ in queue]
    assert len(handed) == 200 and len(set(handed)) == 200
    assert all(len(queue) <= LIMIT for queue in returned[small].values())
    counts = await stored_counts(small)
    assert sum(counts.values()) == 200 and max(counts.values()) <= LIMIT
    assert counts == {name: len(q) for name, q in returned[small].items() if q}

    # Pool of 1,000: every curator exactly LIMIT, and the store agrees.
    assert {name: len(queue) for name, queue in returned[large].items()} == dict.fromkeys(
        names, LIMIT
    )
    handed = {(ds, item_id) for queue in returned[large].values() for ds, item_id, _ in queue}
    assert len(handed) == CURATORS * LIMIT
    assert await stored_counts(large) == dict.fromkeys(names, LIMIT)
