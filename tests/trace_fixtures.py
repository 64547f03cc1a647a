"""Trace files for import-traces tests (tests/fixtures/traces/, see its README)."""

from __future__ import annotations

from pathlib import Path

TRACES = Path(__file__).resolve().parent / "fixtures" / "traces"
OTEL_GENAI = TRACES / "otel-genai.jsonl"
OPENINFERENCE = TRACES / "openinference.json"
LANGFUSE = TRACES / "langfuse.json"
GTC_EXPORT = TRACES / "gtc-trace-export.json"
OTEL_GENAI_LEGACY = TRACES / "otel-genai-legacy.jsonl"
