"""The explorer's tag filter text: include, exclude with `-`, completion of the last tag."""

from __future__ import annotations

import pytest

from gt_tui.tui.explorer.tag_filter import TagFilterSuggester, parse_tag_filter


@pytest.mark.parametrize(
    ("text", "include", "exclude"),
    [
        ("", (), ()),
        ("a", ("a",), ()),
        (" Topic:Install , -difficulty:hard", ("topic:install",), ("difficulty:hard",)),
        ("a, - b, a, -b, ,", ("a",), ("b",)),
        ("-", (), ()),
    ],
)
def test_parse_tag_filter(text, include, exclude):
    assert parse_tag_filter(text) == (include, exclude)


VOCAB = ["difficulty:easy", "difficulty:hard", "topic:install"]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("to", "topic:install"),
        ("DIFF", "difficulty:easy"),
        ("topic:install, -difficulty:h", "topic:install, -difficulty:hard"),
        ("topic:install", None),  # complete already
        ("a, ", None),
        ("zzz", None),
    ],
)
async def test_suggester_completes_the_last_tag(typed, suggested):
    assert await TagFilterSuggester(VOCAB).get_suggestion(typed) == suggested
