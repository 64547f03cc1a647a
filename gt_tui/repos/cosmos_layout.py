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


# ----- the bucket as the sampling position -----
# GTC's items carry no sampleKey, but every one has a random UUID bucket: its leading 48
# bits are a uniform random position in [0, 1) that the single-field range index on
# /bucket already orders. The sampler reads such items in bucket order, so items nobody
# has written yet are sampled without a scan and without a write.

POSITION_BITS = 48


def position_floor(sample_key: float) -> int:
    """The 48-bit position prefix a sample key falls in."""
    scaled = int(sample_key * (1 << POSITION_BITS))
    return min(max(scaled, 0), (1 << POSITION_BITS) - 1)


def bucket_bound(prefix: int) -> str:
    """The bucket string that sorts just before every bucket with this 48-bit prefix."""
    digits = f"{prefix:012x}"
    return f"{digits[:8]}-{digits[8:]}"


def sample_key_of_bucket(bucket: Any) -> float | None:
    """The sampling position a lower-case hex UUID bucket stands for; None for others."""
    if not isinstance(bucket, str) or len(bucket) < 13 or bucket[8] != "-":
        return None
    digits = bucket[:8] + bucket[9:13]
    if any(ch not in "0123456789abcdef" for ch in digits):
        return None
    return int(digits, 16) / (1 << POSITION_BITS)
