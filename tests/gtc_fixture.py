"""Where the sample items made by GroundTruthCurator's own code live: tests/fixtures/, copies
of ../shared/fixtures/ kept in the repository (a user's clone has nothing beside it), used as
they are. Refresh them with `cp -r ../shared/fixtures/gtc-* tests/fixtures/`."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GTC_SAMPLE = FIXTURES / "gtc-seed-era" / "sample.jsonl"
"""Seed-era (GTC <= 1.1) RAG items."""
GTC_2X_SAMPLE = FIXTURES / "gtc-2x" / "sample.jsonl"
"""GTC 2.x agentic items."""
