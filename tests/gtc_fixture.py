"""Where the seed system's sample items live: shared/ beside the repository (CI lays a
copy of it there), used as they are."""

from __future__ import annotations

from pathlib import Path

GTC_SAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "gtc-seed-era" / "sample.jsonl"
)
