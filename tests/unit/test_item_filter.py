"""The explorer's filter as one line (`gt-tui bulk --filter`): words to a query and back."""

from __future__ import annotations

from datetime import UTC, datetime

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


def test_changed_by_and_since_read_iso_dates_and_times_as_utc():
    parsed = ItemFilter.parse("changed-by:alice@contoso.com changed-since:2026-12-01")
    assert (parsed.changed_by, parsed.changed_since) == ("alice@contoso.com", "2026-12-01")
    query = parsed.query()
    assert query.changed_by == "alice@contoso.com"
    assert query.changed_since == datetime(2026, 12, 1, tzinfo=UTC)
    timed = ItemFilter.parse("changed-since:2026-12-01T08:57:30+02:00").query()
    assert timed.changed_since == datetime(2026, 12, 1, 6, 57, 30, tzinfo=UTC)
    assert ItemFilter.parse("changed-since:2026-12-01T08:57Z").query().changed_since == (
        datetime(2026, 12, 1, 8, 57, tzinfo=UTC)
    )
    assert ItemFilter.parse(parsed.line()) == parsed


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "01/12/2026"])
def test_a_changed_since_that_is_not_a_date_says_what_is_expected(value):
    with pytest.raises(FilterSyntaxError, match=f"changed-since:{value}: expected an ISO 8601"):
        ItemFilter.parse(f"changed-since:{value}")
    with pytest.raises(FilterSyntaxError, match="changed-since"):
        ItemFilter(changed_since=value).query()
