"""collect_while_reading: the young generations now, the oldest one every threshold-th call."""

from __future__ import annotations

import gc

import pytest

from gt_tui.tui.gc_tuning import GC_THRESHOLDS, collect_while_reading


@pytest.fixture
def collections():
    """Generations collected, in order, while the test runs (with the app's thresholds)."""
    seen: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)  # as the app runs (tune_gc_for_interaction)
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*thresholds)


def test_collects_the_young_generations(collections):
    collect_while_reading()
    assert collections[-1] >= 1
    assert gc.get_count()[1] == 0


def test_collects_the_oldest_generation_before_the_collector_would(collections):
    gc.collect()  # a full collection: the count of generation-1 collections starts at 0
    collections.clear()
    for _ in range(GC_THRESHOLDS[2]):
        collect_while_reading()
    own = [generation for generation in collections if generation >= 1]
    assert own[:-1] == [1] * (GC_THRESHOLDS[2] - 1)
    assert own[-1] == 2
