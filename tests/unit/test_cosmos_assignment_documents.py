"""GroundTruthCurator's assignment document shape and the repo's memo of holders."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.cosmos_assignments import (
    UNKNOWN,
    HolderMemo,
    assignment_body,
    canonical_bucket,
)
from gt_tui.repos.cosmos_layout import NIL_BUCKET

BUCKET = "46437bf2-8d68-4910-9d66-e7646ffe1d2d"


def test_the_document_is_gtcs_assignment_document_field_for_field_in_its_order():
    body = assignment_body("ann@contoso.example", "contoso-chat", BUCKET.upper(), "chat-002")
    assert list(body.items()) == [
        ("id", f"contoso-chat|{BUCKET}|chat-002"),
        ("pk", "sme:ann@contoso.example"),
        ("ground_truth_id", "chat-002"),
        ("datasetName", "contoso-chat"),
        ("bucket", BUCKET),
        ("docType", "sme-assignment"),
        ("schemaVersion", "v1"),
    ]


def test_buckets_are_written_as_gtc_writes_them():
    assert canonical_bucket(BUCKET.upper()) == BUCKET  # str(UUID): lower case
    assert canonical_bucket(None) == NIL_BUCKET  # GTC's stand-in for an item without one
    assert canonical_bucket("") == NIL_BUCKET
    assert canonical_bucket("not-a-uuid") == "not-a-uuid"


def item(etag: str | None, holder: str | None, item_id: str = "i1") -> GroundTruthItem:
    return GroundTruthItem(
        id=item_id, dataset_name="d", synth_question="q", assigned_to=holder, etag=etag
    )


def test_the_memo_knows_the_holder_of_the_version_a_write_replaces_and_nothing_else():
    memo = HolderMemo()
    assert memo.prior("d", "i1", None) is None  # a create replaces nothing
    assert memo.prior("d", "i1", '"e1"') is UNKNOWN  # never seen
    memo.seen(item('"e1"', "ann"))
    assert memo.prior("d", "i1", '"e1"') == "ann"
    assert memo.prior("d", "i1", '"e0"') is UNKNOWN  # another version: not known
    memo.seen(item('"e2"', None))
    assert memo.prior("d", "i1", '"e2"') is None and memo.prior("d", "i1", '"e1"') is UNKNOWN
    memo.seen(item(None, "bob"))  # an item without etag was never stored: not remembered
    assert memo.prior("d", "i1", '"e2"') is None
    memo.forget("d", "i1")
    assert memo.prior("d", "i1", '"e2"') is UNKNOWN


def test_the_memo_keeps_the_most_recently_seen_items_only():
    memo = HolderMemo(size=2)
    for n in range(3):
        memo.seen(item(f'"e{n}"', "ann", item_id=f"i{n}"))
    assert memo.prior("d", "i0", '"e0"') is UNKNOWN
    assert memo.prior("d", "i2", '"e2"') == "ann"
