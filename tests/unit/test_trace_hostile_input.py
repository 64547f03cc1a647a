"""No trace file makes the reader raise: every fixture, mutated at random (seeded) with
deleted keys and values of the wrong type, is read into items and problems only."""

from __future__ import annotations

import io
import json
import random

import pytest

from gt_tui.services.trace_import import convert_traces
from tests.trace_fixtures import GTC_EXPORT, LANGFUSE, OPENINFERENCE, OTEL_GENAI, OTEL_GENAI_LEGACY

WRONG_VALUES = [
    None,
    1,
    "x",
    [],
    {},
    True,
    1.5,
    "{not json",
    [1, {"a": None}],
    {"stringValue": None},
    {"stringValue": [1]},
    {"intValue": "abc"},
    {"arrayValue": 3},
    {"kvlistValue": {"values": [1]}},
    "[1,2]",
    '{"a": 1}',
]


def mutate(node, rng):
    if isinstance(node, dict):
        for key in list(node):
            roll = rng.random()
            if roll < 0.05:
                del node[key]
            elif roll < 0.1:
                node[key] = rng.choice(WRONG_VALUES)
            else:
                mutate(node[key], rng)
    elif isinstance(node, list):
        for index in range(len(node)):
            if rng.random() < 0.05:
                node[index] = rng.choice(WRONG_VALUES)
            else:
                mutate(node[index], rng)


@pytest.mark.parametrize(
    "path",
    [OTEL_GENAI, OTEL_GENAI_LEGACY, OPENINFERENCE, LANGFUSE, GTC_EXPORT],
    ids=lambda p: p.name,
)
def test_mutated_trace_files_give_items_and_problems_never_an_exception(path):
    text = path.read_text()
    lines = text.splitlines() if path.suffix == ".jsonl" else [text]
    documents = [json.loads(line) for line in lines]
    rng = random.Random(path.name)
    for _ in range(60):
        mutated = json.loads(json.dumps(documents))
        for document in mutated:
            mutate(document, rng)
        data = "\n".join(json.dumps(document) for document in mutated).encode()
        for group in ("trace", "conversation"):
            conversion = convert_traces(io.BytesIO(data), dataset="d", group=group)
            for _, item in conversion.items:
                json.dumps(item)  # a plain JSON document
                assert all(isinstance(v, str) for v in item["traceIds"].values())
                assert item["history"] == [t for t in item["history"] if t["msg"].strip()]
