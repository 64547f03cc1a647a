"""The TUI's layout holds: no import cycle inside gt_tui.tui (the feature packages' own
independence is an import-linter contract in pyproject.toml, run by `make lint`)."""

from __future__ import annotations

import grimp


def test_no_import_cycle_inside_the_tui():
    graph = grimp.build_graph("gt_tui")
    modules = sorted(m for m in graph.modules if m.startswith("gt_tui.tui."))
    cycles = [
        (a, b)
        for i, a in enumerate(modules)
        for b in modules[i + 1 :]
        if graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert cycles == []
