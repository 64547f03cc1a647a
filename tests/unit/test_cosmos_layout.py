"""Partition-key layouts: which containers gt-tui accepts and the key of a document."""

from __future__ import annotations

import uuid

import pytest

from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.repos.cosmos_layout import (
    HIERARCHICAL_LAYOUT,
    NIL_BUCKET,
    SINGLE_LAYOUT,
    PartitionLayout,
)


def layout_of(*paths: str, kind: str = "Hash") -> PartitionLayout:
    properties = {"partitionKey": {"paths": list(paths), "kind": kind}}
    return PartitionLayout.from_container_properties(
        properties, container="items", where="on https://x"
    )


def test_both_supported_layouts_are_read_from_the_container():
    assert layout_of("/datasetName").paths == SINGLE_LAYOUT
    gtc = layout_of("/datasetName", "/bucket", kind="MultiHash")
    assert gtc.paths == HIERARCHICAL_LAYOUT and gtc.hierarchical


@pytest.mark.parametrize(
    ("paths", "shown"),
    [(("/id",), "/id"), ((), "nothing"), (("/bucket", "/datasetName"), "/bucket + /datasetName")],
)
def test_other_layouts_are_refused_with_one_line_naming_container_paths_and_layouts(paths, shown):
    with pytest.raises(BackendUnavailableError) as caught:
        layout_of(*paths)
    message = str(caught.value)
    assert message.startswith("Cosmos container 'items' on https://x")
    assert f"partitioned by {shown};" in message
    assert "/datasetName or /datasetName + /bucket" in message
    assert "\n" not in message


def test_the_key_of_a_document_follows_the_layout():
    doc = {"id": "a", "datasetName": "ds", "bucket": NIL_BUCKET}
    assert layout_of("/datasetName").key_of(doc) == "ds"
    assert layout_of("/datasetName", "/bucket").key_of(doc) == ["ds", NIL_BUCKET]
    with pytest.raises(ValueError, match="'a' has no bucket"):
        layout_of("/datasetName", "/bucket").key_of({"id": "a", "datasetName": "ds"})


def test_new_documents_get_a_random_uuid_bucket_only_where_needed_and_keep_their_own():
    hierarchical = layout_of("/datasetName", "/bucket")
    fresh = hierarchical.with_bucket({"id": "a", "datasetName": "ds"})
    assert uuid.UUID(fresh["bucket"]).version == 4
    kept = {"id": "a", "datasetName": "ds", "bucket": "b-1"}
    assert hierarchical.with_bucket(kept) is kept
    plain = {"id": "a", "datasetName": "ds"}
    assert layout_of("/datasetName").with_bucket(plain) is plain
    assert hierarchical.dataset_prefix("ds") == ["ds"]
    assert layout_of("/datasetName").dataset_prefix("ds") == "ds"
