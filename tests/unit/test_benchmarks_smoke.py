"""The benchmarks at tiny sizes, so they cannot rot. No timing is judged here."""

from __future__ import annotations

import json

from tests.benchmarks import run


def test_every_benchmark_runs_at_smoke_size_and_writes_results(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert run.main(["--smoke", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    payload = json.loads(out.read_text())
    names = {row["benchmark"].split(" ")[0] for row in payload["results"]}
    assert {"self_assign(limit=20)", "contention", "explorer", "memory"} <= names
    assert {"approve_next", "startup", "cosmos"} <= names
    assert "benchmark" in printed and "target" in printed
    for row in payload["results"]:
        if row["benchmark"].startswith("contention 3x4"):
            assert row["extra"]["doubles"] == 0
        if row["benchmark"].startswith("cosmos requests") and row["target"]:
            # request counts are not timings: they hold at any size
            assert row["met"], row
        if row["benchmark"].startswith("approve_next"):
            assert row["samples"] == 3 and row["median"] > 0
