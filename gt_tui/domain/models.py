"""Ground-truth items as pydantic v2 models: snake_case attributes, camelCase aliases.

One model holds both item shapes (gt_tui/domain/shapes.py tells them apart): the seed
era's RAG item and GTC 2.x's agentic one, whose own parts live in gt_tui/domain/agentic.py.
"""

from __future__ import annotations

import random
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, computed_field, field_validator, model_validator

from gt_tui.domain.agentic import (
    RAG_COMPAT,
    ContextEntry,
    ExpectedTools,
    FeedbackEntry,
    PluginPayload,
    ToolCall,
)
from gt_tui.domain.model_base import StoredModel as _Model
from gt_tui.domain.model_base import UtcDatetime, format_utc, utc_now
from gt_tui.domain.shapes import Shape, ShapeError, shape_of

__all__ = [
    "KNOWN_ROLES",
    "GroundTruthItem",
    "GroundTruthStatus",
    "HistoryTurn",
    "Number",
    "Reference",
    "UtcDatetime",
    "format_utc",
    "utc_now",
]


class GroundTruthStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    skipped = "skipped"
    deleted = "deleted"


def _none_as_empty(value: object) -> object:
    """The seed system writes `refs: null` on user turns: read it as no references."""
    return [] if value is None else value


def _string_as_list(value: object) -> object:
    """expectedBehavior was once a single string; it is a list of strings now."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


Number = Annotated[int | float, Field(union_mode="smart")]
"""A JSON number kept as written: 1 stays 1, 0.4 stays 0.4."""


class Reference(_Model):
    _omit_when_default_and_unset = ("bonus",)

    url: str = Field(min_length=1)
    title: str | None = None
    content: str | None = None
    key_excerpt: str | None = None
    type: str | None = None
    message_index: int | None = None
    visited_at: UtcDatetime | None = None
    bonus: bool = False

    @field_validator("url")
    @classmethod
    def _url_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("url must not be blank")
        return value


KNOWN_ROLES = ("user", "assistant")
"""Roles the seed system knows; any other role is shown and kept as written."""


class HistoryTurn(_Model):
    _omit_when_default_and_unset = ("refs", "expected_behavior")
    _null_read_as_empty = ("refs", "expected_behavior")

    role: str
    msg: str
    refs: Annotated[list[Reference], BeforeValidator(_none_as_empty)] = Field(default_factory=list)
    expected_behavior: Annotated[list[str], BeforeValidator(_string_as_list)] = Field(
        default_factory=list
    )


class _FitsNeither:
    """Stands in for synthQuestion in an item that fits neither shape, so the refusal is
    reported at that field together with every other field's error."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class GroundTruthItem(_Model):
    _omit_when_default_and_unset = ("refs", "manual_tags")

    id: str = Field(min_length=1)
    dataset_name: str = Field(min_length=1)
    status: GroundTruthStatus = GroundTruthStatus.draft
    synth_question: str | None = None
    """The RAG item's question as generated; None on an agentic item (its shape's mark)."""
    edited_question: str | None = None
    answer: str | None = None
    refs: list[Reference] = Field(default_factory=list)
    history: list[HistoryTurn] | None = None
    manual_tags: list[str] = Field(default_factory=list)
    computed_tags: list[str] = Field(default_factory=list)
    comment: str | None = None
    assigned_to: str | None = None
    assigned_at: UtcDatetime | None = None
    updated_at: UtcDatetime = Field(default_factory=utc_now)
    updated_by: str | None = None
    reviewed_at: UtcDatetime | None = None
    total_references: int = 0
    # The seed system's own fields (GTC, schema v2), kept as written and never regenerated.
    bucket: str | None = None
    doc_type: str = "ground-truth-item"
    schema_version: str | None = None
    context_used_for_generation: str | None = None
    context_source: str | None = None
    model_used_for_generation: str | None = None
    semantic_cluster_number: int | None = None
    weight: Number | None = None
    sampling_bucket: int | None = None
    question_length: int | None = None
    sample_key: float = Field(default_factory=random.random, ge=0.0, lt=1.0)
    """Uniform random key in [0, 1), stored and indexed so samplers read a random window."""
    etag: str | None = Field(default=None, alias="_etag")
    # GTC 2.x's agentic item (gt_tui/domain/agentic.py); absent on a RAG item.
    scenario_id: str | None = None
    tool_calls: list[ToolCall] | None = None
    expected_tools: ExpectedTools | None = None
    context_entries: list[ContextEntry] | None = None
    feedback: list[FeedbackEntry] | None = None
    metadata: dict[str, Any] | None = None
    plugins: dict[str, PluginPayload] | None = None
    trace_ids: dict[str, Any] | None = None
    trace_payload: dict[str, Any] | None = None
    created_by: str | None = None
    created_at: UtcDatetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _fits_a_shape(cls, data: Any) -> Any:
        """An item is RAG-shaped or agentic (gt_tui/domain/shapes.py). One that fits
        neither is refused at `synthQuestion` (beside any other field's error); an agentic
        item's null comment is read as "" (GTC 2.x's model refuses null)."""
        if not isinstance(data, dict):
            return data
        try:
            shape = shape_of(data)
        except ShapeError as exc:
            return {**data, "synthQuestion": _FitsNeither(str(exc))}
        if shape == "agentic" and "comment" in data and data["comment"] is None:
            return {**data, "comment": ""}
        return data

    @field_validator("synth_question", mode="before")
    @classmethod
    def _refuse_misfit(cls, value: Any) -> Any:
        if isinstance(value, _FitsNeither):
            raise ValueError(value.reason)
        return value

    @model_validator(mode="before")
    @classmethod
    def _read_tags_view(cls, data: Any) -> Any:
        """`tags` is derived, never stored as given; a v1 item that has only `tags` gets
        them as manual tags."""
        if not isinstance(data, dict) or "tags" not in data:
            return data
        data = dict(data)
        tags = data.pop("tags")
        own = ("manualTags", "manual_tags", "computedTags", "computed_tags")
        if not any(key in data for key in own) and isinstance(tags, list):
            data["manualTags"] = tags
        return data

    @property
    def shape(self) -> Shape:
        """`rag` (seed era) or `agentic` (GTC 2.x): a RAG item has a synthQuestion."""
        return "agentic" if self.synth_question is None else "rag"

    @property
    def is_agentic(self) -> bool:
        return self.synth_question is None

    @property
    def question(self) -> str:
        """The question a curator sees: the edited one when there is one; an agentic
        item's first user turn."""
        if self.synth_question is None:
            return next((t.msg for t in self.history or () if t.role == "user"), "")
        return self.edited_question if self.edited_question else self.synth_question

    @property
    def answer_text(self) -> str | None:
        """The answer checks and filters read: `answer`, or an agentic item's last
        non-user turn."""
        if self.synth_question is None:
            return next((t.msg for t in reversed(self.history or ()) if t.role != "user"), None)
        return self.answer

    @property
    def rag_compat_references(self) -> list[Reference]:
        """An agentic item's references: `plugins["rag-compat"].data.references`."""
        plugin = (self.plugins or {}).get(RAG_COMPAT)
        found = plugin.data.get("references") if plugin else None
        return [Reference.model_validate(r) for r in found or () if isinstance(r, dict)]

    def set_rag_compat_references(self, references: list[Reference]) -> None:
        """Write references back into the rag-compat slot; other slots and the slot's
        other data untouched."""
        plugins = dict(self.plugins or {})
        plugin = plugins.get(RAG_COMPAT)
        plugin = plugin.model_copy(deep=True) if plugin else PluginPayload(kind=RAG_COMPAT)
        plugin.data = {
            **plugin.data,
            "references": [r.model_dump(mode="json", by_alias=True) for r in references],
        }
        plugins[RAG_COMPAT] = plugin
        self.plugins = plugins

    def all_references(self) -> list[Reference]:
        """Every reference of the item: item and turn refs, or the rag-compat ones."""
        on_turns = [r for turn in self.history or () for r in turn.refs]
        if self.synth_question is None:  # refs a generic edit added (GTC 2.x: rag-compat)
            return [*self.rag_compat_references, *self.refs, *on_turns]
        return [*self.refs, *on_turns]

    def tool_names(self) -> list[str]:
        """Names of the tools called, in trace order, each once."""
        return list(dict.fromkeys(call.name for call in self.tool_calls or ()))

    def _finish_document(self, data: dict[str, Any]) -> dict[str, Any]:
        """An agentic item never gets the RAG fields GTC 2.x has no place for (empty ones
        a generic edit set; item references a generic edit added are written as rag-compat
        references), and its comment is never null."""
        if self.synth_question is not None:
            return data
        if self.refs:  # a generic edit added item references: they are the rag-compat ones
            slot = (self.plugins or {}).get(RAG_COMPAT)
            written = slot.data.get("references") if slot else None
            plugins = dict(data.get("plugins") or {})
            payload = dict(plugins.get(RAG_COMPAT) or {"kind": RAG_COMPAT, "version": "1.0"})
            payload["data"] = {
                **(payload.get("data") or {}),
                "references": [
                    *(written or []),
                    *(r.model_dump(mode="json", by_alias=True) for r in self.refs),
                ],
            }
            plugins[RAG_COMPAT] = payload
            data["plugins"] = plugins
            data.pop("refs", None)
        fields = type(self).model_fields
        for name in ("synth_question", "edited_question", "answer", "refs"):
            key = fields[name].alias or name
            for each in {key, name} & data.keys():
                if data[each] in (None, []):
                    del data[each]
        if data.get("comment", "") is None:
            data["comment"] = ""
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tags(self) -> list[str]:
        """Manual and computed tags merged, sorted, de-duplicated (the seed's `tags`)."""
        return sorted({*self.manual_tags, *self.computed_tags})

    def to_doc(self) -> dict:
        """JSON-ready dict by alias (the storage and export shape)."""
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_doc(cls, doc: dict) -> GroundTruthItem:
        return cls.model_validate(doc)
