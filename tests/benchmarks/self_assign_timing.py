"""Time self_assign(limit=20) at growing pool sizes (a script, not a test).

Run: python tests/benchmarks/self_assign_timing.py [--backend memory|sqlite] [--sizes 1000,10000]
Each round is a fresh curator topping up an empty queue to 20, so every round does the
full work: read my queue, sample, claim 20 items. Cost should stay flat as the pool grows.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.sampling import AssignmentSamplingService


def make_repo(backend: str, directory: Path):
    if backend == "memory":
        from gt_tui.repos.memory import InMemoryGroundTruthRepo

        return InMemoryGroundTruthRepo()
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo

    return SqliteGroundTruthRepo(directory / f"bench-{random.random()}.sqlite3")


async def seed(repo, size: int, rng: random.Random) -> None:
    """Pool of `size` items over three datasets; a quarter already approved."""
    bulk = getattr(repo, "bulk_insert", None)
    items = [
        GroundTruthItem(
            id=f"q-{n:07d}",
            dataset_name=("A", "B", "C")[n % 3] + "-set",
            synth_question=f"question {n}?",
            status=GroundTruthStatus.approved if n % 4 == 0 else GroundTruthStatus.draft,
            sample_key=rng.random(),
        )
        for n in range(size)
    ]
    if bulk is not None:
        await bulk(items)
        return
    for item in items:
        await repo.upsert(item)


async def measure(backend: str, size: int, rounds: int, weights: dict[str, float]) -> list[float]:
    rng = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp:
        repo = make_repo(backend, Path(tmp))
        try:
            await seed(repo, size, rng)
            sampler = AssignmentSamplingService(repo, weights=weights, rng=rng)
            service = AssignmentService(repo, sampler=sampler)
            times = []
            for r in range(rounds):
                start = time.perf_counter()
                got = await service.self_assign(f"bench-{r}", 20)
                times.append(time.perf_counter() - start)
                assert len(got) == 20, len(got)
            return times
        finally:
            await repo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="memory", choices=["memory", "sqlite"])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--weighted", action="store_true", help="weights A .5 B .3 C .2")
    args = parser.parse_args()
    weights = {"A": 0.5, "B": 0.3, "C": 0.2} if args.weighted else {}
    for size in (int(s) for s in args.sizes.split(",")):
        times = asyncio.run(measure(args.backend, size, args.rounds, weights))
        ms = sorted(t * 1000 for t in times)
        print(
            f"{args.backend:7s} weighted={bool(weights)!s:5s} pool={size:>7d} "
            f"self_assign(20): median {statistics.median(ms):7.2f} ms  "
            f"p90 {ms[int(len(ms) * 0.9)]:7.2f} ms  (n={len(ms)})",
            flush=True,
        )


if __name__ == "__main__":
    main()
