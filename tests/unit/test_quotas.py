"""compute_quotas (largest remainder) and the weighted round-robin interleave."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gt_tui.services.sampling import compute_quotas, interleave


@pytest.mark.parametrize(
    ("weights", "k", "expected"),
    [
        ({"a": 0.5, "b": 0.3, "c": 0.2}, 7, {"a": 4, "b": 2, "c": 1}),
        ({"a": 0.5, "b": 0.3, "c": 0.2}, 10, {"a": 5, "b": 3, "c": 2}),
        ({"a": 0.5, "b": 0.3, "c": 0.2}, 1, {"a": 1, "b": 0, "c": 0}),
        # remainders .5 / .5: the tie goes to the name that sorts first
        ({"b": 1, "a": 1}, 1, {"a": 1, "b": 0}),
        ({"c": 1, "b": 1, "a": 1}, 2, {"a": 1, "b": 1, "c": 0}),
        # larger remainder wins before the name: b .6 beats a .4
        ({"a": 0.2, "b": 0.3}, 2, {"a": 1, "b": 1}),
        ({"a": 0.2, "b": 0.3}, 1, {"a": 0, "b": 1}),
        # float noise (0.1 + 0.2 != 0.3) must not break an intended tie
        ({"x": 0.1, "y": 0.3}, 2, {"x": 1, "y": 1}),
        ({"a": 3, "b": 1}, 0, {"a": 0, "b": 0}),
    ],
)
def test_known_cases(weights, k, expected):
    assert compute_quotas(weights, k) == expected


def test_non_positive_and_non_finite_weights_get_nothing():
    weights = {"a": 1.0, "zero": 0.0, "neg": -2.0, "nan": math.nan, "inf": math.inf}
    assert compute_quotas(weights, 5) == {"a": 5, "zero": 0, "neg": 0, "nan": 0, "inf": 0}


def test_no_positive_weight_gives_nothing_to_anyone():
    assert compute_quotas({"a": 0, "b": -1}, 5) == {"a": 0, "b": 0}
    assert compute_quotas({}, 5) == {}


@given(
    weights=st.dictionaries(
        st.text(alphabet="abcdefghij", min_size=1, max_size=4),
        st.floats(min_value=1e-6, max_value=1e6, allow_nan=False),
        min_size=1,
        max_size=12,
    ),
    k=st.integers(min_value=0, max_value=5000),
)
def test_quotas_sum_to_k_and_stay_within_one_of_the_exact_share(weights, k):
    quotas = compute_quotas(weights, k)
    assert sum(quotas.values()) == k
    assert set(quotas) == set(weights)
    total = sum(weights.values())
    for name, weight in weights.items():
        assert abs(quotas[name] - k * weight / total) < 1 + 1e-9


@given(
    weights=st.dictionaries(
        st.sampled_from("abcdef"),
        st.floats(min_value=-5, max_value=5, allow_nan=False),
        min_size=1,
    ),
    k=st.integers(min_value=1, max_value=100),
)
def test_only_positive_weights_receive_anything(weights, k):
    quotas = compute_quotas(weights, k)
    assert all(quotas[name] == 0 for name, weight in weights.items() if weight <= 0)
    if any(weight > 0 for weight in weights.values()):
        assert sum(quotas.values()) == k


def test_interleave_with_equal_quotas_is_plain_round_robin():
    assert interleave([["a1", "a2"], ["b1", "b2"], ["c1"]], [2, 2, 2]) == [
        "a1",
        "b1",
        "c1",
        "a2",
        "b2",
    ]


def test_every_prefix_of_the_interleave_follows_the_quotas():
    sizes = [("a", 10), ("b", 6), ("c", 4)]
    batches = [[f"{name}{n}" for n in range(size)] for name, size in sizes]
    order = interleave(batches, [10, 6, 4])
    assert sorted(order) == sorted(name for batch in batches for name in batch)
    first_ten = [name[0] for name in order[:10]]
    assert (first_ten.count("a"), first_ten.count("b"), first_ten.count("c")) == (5, 3, 2)


def test_interleave_skips_exhausted_batches():
    assert interleave([["a1", "a2", "a3"], []], [2, 2]) == ["a1", "a2", "a3"]
