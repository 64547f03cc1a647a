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
