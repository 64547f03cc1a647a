"""The partition-key layouts gt-tui works with, read from the container at start-up.

GTC (the seed system) partitions its items container hierarchically by `/datasetName`
then `/bucket` (a UUID string on every document); gt-tui's own containers use a plain
`/datasetName`. Every other layout is refused once, at start-up, with one message.
This module is also the one place that says what the partition key value of a document
is, so non-item documents (curation instructions, tag registries) use the same rule.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from gt_tui.domain.errors import BackendUnavailableError

DATASET_PATH = "/datasetName"
BUCKET_PATH = "/bucket"
SINGLE_LAYOUT = (DATASET_PATH,)
HIERARCHICAL_LAYOUT = (DATASET_PATH, BUCKET_PATH)
SUPPORTED_LAYOUTS = (SINGLE_LAYOUT, HIERARCHICAL_LAYOUT)
NIL_BUCKET = "00000000-0000-0000-0000-000000000000"


def describe_layouts() -> str:
    """The supported layouts as a user reads them in a message."""
    return " or ".join(" + ".join(paths) for paths in SUPPORTED_LAYOUTS)


@dataclass(frozen=True)
class PartitionLayout:
    """A container's partition-key paths, known to be one gt-tui supports."""

    paths: tuple[str, ...]

    @property
    def hierarchical(self) -> bool:
        return self.paths == HIERARCHICAL_LAYOUT

    @classmethod
    def from_container_properties(
        cls, properties: dict[str, Any], *, container: str, where: str
    ) -> PartitionLayout:
        """The layout of a container from its properties; BackendUnavailableError with one
        line naming the container, its key paths and the supported layouts otherwise."""
        definition = properties.get("partitionKey") or {}
        paths = tuple(definition.get("paths") or ())
        if paths not in SUPPORTED_LAYOUTS:
            shown = " + ".join(paths) if paths else "nothing"
            raise BackendUnavailableError(
                f"Cosmos container {container!r} {where} is partitioned by {shown}; gt-tui "
                f"supports {describe_layouts()}: use another container (GT_COSMOS_CONTAINER) "
                "or recreate it"
            )
        return cls(paths)

    def with_bucket(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The document with a random UUID bucket when this layout needs one and it has
        none; a bucket already present is kept as it is."""
        if self.hierarchical and not doc.get("bucket"):
            return {**doc, "bucket": str(uuid.uuid4())}
        return doc

    def key_of(self, doc: dict[str, Any]) -> str | list[str]:
        """The partition key value of a document, as the SDK takes it: the dataset name,
        or [dataset name, bucket] on the hierarchical layout."""
        dataset = doc.get("datasetName")
        if not isinstance(dataset, str):
            raise ValueError(f"document {doc.get('id')!r} has no datasetName")
        if not self.hierarchical:
            return dataset
        bucket = doc.get("bucket")
        if not isinstance(bucket, str) or not bucket:
            raise ValueError(f"document {doc.get('id')!r} has no bucket")
        return [dataset, bucket]

    def dataset_prefix(self, dataset_name: str) -> str | list[str]:
        """The key (or key prefix) that scopes a query to one dataset."""
        return [dataset_name] if self.hierarchical else dataset_name
