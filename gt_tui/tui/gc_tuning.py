"""The collector settings the workstation runs with (no pydantic: used before the first frame)."""

from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 20, 20)
"""Fewer, smaller collections while curating: with Python's defaults (700, 10, 10) a
full collection over Textual's widget tree lands every few approvals and doubled the
p95 of approve-to-next (tests/benchmarks/bench_tui.py)."""


def tune_gc_for_interaction() -> None:
    """Freeze what start-up built (modules, services, seeded data) so collections skip
    it, collect less often, and turn the collector back on (`gt-tui` starts with it off,
    see cli.main). Called right before the app runs, and again by a paint-first start
    once its services exist.

    No full collection first: start-up leaves well under a thousand unreachable objects,
    and collecting them cost a visible slice of the time to the first frame.
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def collect_while_reading() -> None:
    """Collect the young generations now, right after an item is painted, while the curator
    reads it: left to the collector, a generation-1 collection (~20 ms by then) landed in
    the middle of some approve -> next (bench_tui: the slowest round of 50). Collected after
    every item, each one is small. Every GC_THRESHOLDS[2]-th call collects the oldest
    generation as well, which the collector would otherwise do at its next allocation burst,
    possibly under a key.
    """
    generation = 2 if gc.get_count()[2] + 1 >= GC_THRESHOLDS[2] else 1
    gc.collect(generation)
