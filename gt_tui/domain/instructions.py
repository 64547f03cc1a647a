"""Per-dataset curation instructions in the seed system's (GTC's) document shape.

One document per dataset: `{"id": "curation-instructions|DATASET" (seed era) or
"curation-DATASET" (GTC 2.x), "docType":
"curation-instructions", "datasetName": DATASET, "bucket": NIL, "instructions": MARKDOWN,
"updatedAt", "updatedBy", "_etag"}`. On Cosmos it lives in the items container beside the
items (as GTC keeps it), so its bucket is the nil UUID; it is never an item.
"""

from __future__ import annotations

from pydantic import Field

from gt_tui.domain.model_base import StoredModel as _Model
from gt_tui.domain.model_base import UtcDatetime, utc_now

INSTRUCTIONS_DOC_TYPE = "curation-instructions"
INSTRUCTIONS_BUCKET = "00000000-0000-0000-0000-000000000000"
INSTRUCTIONS_ID_PREFIX = "curation-instructions|"
"""The seed era's id: `curation-instructions|DATASET`."""
INSTRUCTIONS_ID_PREFIX_2X = "curation-"
"""GTC 2.x's id: `curation-DATASET` (its demo seed writes these)."""


def instructions_id(dataset_name: str, *, gtc_2x: bool = False) -> str:
    prefix = INSTRUCTIONS_ID_PREFIX_2X if gtc_2x else INSTRUCTIONS_ID_PREFIX
    return f"{prefix}{dataset_name}"


def instructions_ids(dataset_name: str) -> list[str]:
    """Both ids a dataset's instructions may have, the seed era's first."""
    return [instructions_id(dataset_name), instructions_id(dataset_name, gtc_2x=True)]


def uses_2x_ids(some_id: str) -> bool:
    """Whether an existing instructions document's id is in GTC 2.x's form."""
    return not some_id.startswith(INSTRUCTIONS_ID_PREFIX)


class CurationInstructions(_Model):
    """A dataset's instructions (markdown). Unknown fields are kept, as on items."""

    id: str = Field(min_length=1)
    doc_type: str = INSTRUCTIONS_DOC_TYPE
    dataset_name: str = Field(min_length=1)
    bucket: str = INSTRUCTIONS_BUCKET
    instructions: str = ""
    updated_at: UtcDatetime = Field(default_factory=utc_now)
    updated_by: str | None = None
    etag: str | None = Field(default=None, alias="_etag")

    @classmethod
    def for_dataset(
        cls, dataset_name: str, instructions: str, **fields: object
    ) -> CurationInstructions:
        return cls(
            id=instructions_id(dataset_name),
            dataset_name=dataset_name,
            instructions=instructions,
            **fields,
        )

    def to_doc(self) -> dict:
        """JSON-ready dict by alias (the storage shape), every known field written."""
        doc = self.model_dump(mode="json", by_alias=True)
        for key, value in (
            ("docType", self.doc_type),
            ("bucket", self.bucket),
            ("instructions", self.instructions),
        ):
            doc.setdefault(key, value)
        return doc

    @classmethod
    def from_doc(cls, doc: dict) -> CurationInstructions:
        return cls.model_validate(doc)
