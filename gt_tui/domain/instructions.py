"""Per-dataset curation instructions in the seed system's (GTC's) document shape.

One document per dataset: `{"id": "curation-instructions|DATASET", "docType":
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


def instructions_id(dataset_name: str) -> str:
    return f"{INSTRUCTIONS_ID_PREFIX}{dataset_name}"


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
