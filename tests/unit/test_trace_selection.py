"""`import-traces --filter`: feedback values, tools called, a time window, a seeded sample."""

from __future__ import annotations

import pytest

from gt_tui.services.filter_syntax import FilterSyntaxError
from gt_tui.services.trace_import import convert_traces
from gt_tui.services.traces.selection import TraceSelection
from tests.trace_fixtures import GTC_EXPORT, LANGFUSE, OTEL_GENAI


def ids(path, words):
    with path.open("rb") as handle:
        conversion = convert_traces(handle, dataset="d", selection=TraceSelection.parse(words))
    return [item["id"] for _, item in conversion.items], conversion.selected_out


@pytest.mark.parametrize(
    ("path", "words", "expected"),
    [
        (OTEL_GENAI, "feedback:thumbs_down", ["trace-4bf92f3577b34da6a3ce929d0e0e4736"]),
        (OTEL_GENAI, "feedback:THUMBS=up", ["trace-5cd03a4688c45eb7b4df03ae1f1f5847"]),
        (OTEL_GENAI, "feedback:user_feedback=thumbs_down feedback:thumbs=up", []),
        (LANGFUSE, "feedback:user-feedback=0", ["trace-lf-trace-2026-0211-a"]),
        (LANGFUSE, "feedback:user-feedback=1", ["trace-lf-trace-2026-0211-b"]),
        (LANGFUSE, "tool:get_outage_map", ["trace-lf-trace-2026-0211-b"]),
        (OTEL_GENAI, "tool:refund-policy-agent", ["trace-4bf92f3577b34da6a3ce929d0e0e4736"]),
        (
            OTEL_GENAI,
            "tool:get_outage_map since:2026-03-09",
            ["trace-6de14b5799d56fc8c5e014bf20206958"],
        ),
        (
            OTEL_GENAI,
            "since:2026-03-02T09:16Z until:2026-03-03",
            ["trace-5cd03a4688c45eb7b4df03ae1f1f5847"],
        ),
        (GTC_EXPORT, 'feedback:"user feedback"', None),  # every GTC trace: metric_name
    ],
)
def test_selection_keeps_the_matching_traces(path, words, expected):
    kept, left_out = ids(path, words)
    if expected is None:
        assert len(kept) == 5 and left_out == 0
    else:
        assert kept == expected


def test_sample_is_seeded_sized_and_in_file_order():
    first, left_out = ids(GTC_EXPORT, "sample:3 seed:11")
    again, _ = ids(GTC_EXPORT, "sample:3 seed:11")
    other = {tuple(ids(GTC_EXPORT, f"sample:3 seed:{seed}")[0]) for seed in range(20)}
    assert first == again and len(first) == 3 and left_out == 2
    assert first == sorted(first, key=lambda i: ids(GTC_EXPORT, "")[0].index(i))
    assert len(other) > 1  # the seed changes the draw
    assert len(ids(GTC_EXPORT, "sample:50")[0]) == 5


@pytest.mark.parametrize(
    ("words", "names"),
    [
        ("colour:red", "'colour:red'"),
        ("since:yesterday", "since:yesterday"),
        ("sample:-1", "sample:-1"),
        ("tool", "'tool'"),
        ('feedback:"open', "No closing quotation"),
    ],
)
def test_a_bad_word_is_named(words, names):
    with pytest.raises(FilterSyntaxError, match=names):
        TraceSelection.parse(words)
