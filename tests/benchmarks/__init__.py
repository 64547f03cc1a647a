"""Benchmarks: run with `make bench` (python -m tests.benchmarks.run). Not in the default run."""
