"""Which footer keys fit the width (gt_tui.tui.widgets.footer.keys_that_fit)."""

from __future__ import annotations

from gt_tui.tui.widgets.footer import key_width, keys_that_fit


def test_a_key_takes_its_display_its_description_and_the_padding():
    assert key_width("a", "Approve") == len(" a ") + len("Approve ")
    assert key_width("⏎", "Open") == 1 + 2 + 4 + 1  # one cell for ⏎
    assert key_width("esc", "") == len(" esc ")


def test_everything_is_kept_when_it_fits():
    assert keys_that_fit([10, 10, 10], [False, False, False], 30) == [0, 1, 2]


def test_keys_go_from_the_end_but_a_pinned_one_stays():
    assert keys_that_fit([10, 10, 10, 8], [False, False, False, True], 30) == [0, 1, 3]
    assert keys_that_fit([10, 10, 10, 8], [False, False, False, True], 19) == [0, 3]
    assert keys_that_fit([10, 10, 10, 8], [False, False, False, True], 12) == [3]


def test_a_pinned_key_stays_even_when_nothing_fits():
    assert keys_that_fit([10, 10], [True, False], 5) == [0]
