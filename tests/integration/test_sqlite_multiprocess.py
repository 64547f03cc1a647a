"""SQLite across OS processes: of several processes holding the same etag, one wins.

Every process opens the same (initially missing) file, so the first round also races
the schema migration. Each round: all processes read the item (same etag), meet at a
barrier, then all write with that etag at once. Round 0 is a create race instead.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
from pathlib import Path

import pytest

from gt_tui.domain import AlreadyExistsError, ConcurrencyError, GroundTruthItem
from gt_tui.repos.sqlite import SqliteGroundTruthRepo

PROCESSES = 4
ROUNDS = 12
TIMEOUT_S = 60


def race_worker(path: str, worker: int, barrier, results) -> None:
    asyncio.run(_race(path, worker, barrier, results))


async def _race(path: str, worker: int, barrier, results) -> None:
    repo = SqliteGroundTruthRepo(path)
    try:
        barrier.wait()  # everyone opens (and migrates) the missing file at once
        await repo.health()
        for round_no in range(ROUNDS):
            barrier.wait()
            if round_no == 0:
                attempt = GroundTruthItem(
                    id="shared", dataset_name="race", synth_question="q", answer=f"w{worker}"
                )
            else:
                current = await repo.get("race", "shared")
                attempt = current.model_copy(update={"answer": f"w{worker} r{round_no}"})
            barrier.wait()  # all hold the same etag before anyone writes
            try:
                stored = await repo.upsert(attempt)
            except AlreadyExistsError:
                outcome = "exists"
            except ConcurrencyError:
                outcome = "stale"
            else:
                outcome = f"won {stored.etag}"
            results.put((round_no, worker, outcome))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        results.put((-1, worker, f"error {type(exc).__name__}: {exc}"))
    finally:
        await repo.close()


@pytest.mark.slow
async def test_processes_racing_with_the_same_etag_have_one_winner_per_round(tmp_path: Path):
    path = tmp_path / "fresh" / "race.sqlite3"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES, timeout=TIMEOUT_S)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=race_worker, args=(str(path), n, barrier, results))
        for n in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    outcomes: list[tuple[int, int, str]] = []
    try:
        for _ in range(PROCESSES * ROUNDS):
            outcome = await asyncio.to_thread(results.get, True, TIMEOUT_S)
            assert outcome[0] >= 0, outcome
            outcomes.append(outcome)
    except queue.Empty:
        pytest.fail(f"workers stalled; got {outcomes}")
    finally:
        for process in workers:
            await asyncio.to_thread(process.join, TIMEOUT_S)
            if process.is_alive():
                process.terminate()
    assert all(process.exitcode == 0 for process in workers)

    winners: dict[int, list[str]] = {}
    for round_no, _worker, outcome in outcomes:
        winners.setdefault(round_no, [])
        if outcome.startswith("won"):
            winners[round_no].append(outcome)
        else:
            assert outcome == ("exists" if round_no == 0 else "stale"), (round_no, outcome)
    assert sorted(winners) == list(range(ROUNDS))
    assert all(len(won) == 1 for won in winners.values()), winners

    repo = SqliteGroundTruthRepo(path)
    try:
        final = await repo.get("race", "shared")
        assert f"won {final.etag}" == winners[ROUNDS - 1][0]
        assert len({won[0] for won in winners.values()}) == ROUNDS  # a new etag every round
    finally:
        await repo.close()
