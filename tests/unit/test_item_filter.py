"""The explorer's filter as one line (`gt-tui bulk --filter`): words to a query and back."""

from __future__ import annotations

import pytest

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.services.filter_syntax import FilterSyntaxError
from gt_tui.services.item_filter import ItemFilter


def test_every_word_maps_to_the_explorer_field_and_query():
    line = (
        'status:draft dataset:faq tags:"Topic:Install, -difficulty:hard" tag:-x '
        'text:"lost 5G" id:trace- url:/help assigned:ann tool:get_plan_usage shape:agentic'
    )
    parsed = ItemFilter.parse(line)
    assert parsed == ItemFilter(
        status="draft",
        dataset="faq",
        tags="Topic:Install, -difficulty:hard, -x",
        text="lost 5G",
        id_prefix="trace-",
        url="/help",
        assigned="ann",
        tool="get_plan_usage",
        shape="agentic",
    )
    query = parsed.query(limit=10)
    assert query.status == GroundTruthStatus.draft
    assert (query.tags, query.exclude_tags) == (("topic:install",), ("difficulty:hard", "x"))
    assert (query.text, query.id_prefix, query.ref_url_contains) == ("lost 5G", "trace-", "/help")
    assert (query.assigned_to, query.unassigned, query.limit) == ("ann", False, 10)
    assert (query.tool, query.shape) == ("get_plan_usage", "agentic")
    assert ItemFilter.parse(parsed.line()) == parsed


def test_assigned_none_means_unassigned_and_empty_means_everything():
    query = ItemFilter.parse("assigned:none").query()
    assert query.unassigned and query.assigned_to is None
    assert ItemFilter.parse("").is_empty and ItemFilter.parse("").line() == ""


@pytest.mark.parametrize(
    "line", ["status:lost", "owner:ann", "dataset", 'text:"open', "shape:square"]
)
def test_words_it_cannot_read_are_named(line):
    with pytest.raises(FilterSyntaxError):
        ItemFilter.parse(line)
