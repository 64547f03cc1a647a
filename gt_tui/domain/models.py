"""Ground-truth items as pydantic v2 models: snake_case attributes, camelCase aliases."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel


def utc_now() -> datetime:
    return datetime.now(UTC)


def _require_aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware (ISO 8601 with Z or an offset)")
    return value.astimezone(UTC)


def format_utc(value: datetime) -> str:
    """ISO 8601 in UTC with a Z suffix, microseconds kept so round trips are exact."""
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


UtcDatetime = Annotated[
    datetime,
    AfterValidator(_require_aware_utc),
    PlainSerializer(format_utc, return_type=str, when_used="json"),
]


class GroundTruthStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    skipped = "skipped"
    deleted = "deleted"


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        validate_assignment=False,
        extra="ignore",
        serialize_by_alias=True,
    )

    @model_validator(mode="after")
    def _text_is_valid_unicode(self) -> Self:
        """Refuse lone surrogates: they cannot be stored, exported or shown."""
        for name in type(self).model_fields:
            for text in _strings(getattr(self, name)):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    alias = type(self).model_fields[name].alias or name
                    raise ValueError(
                        f"{alias}: invalid unicode (lone surrogate at character {exc.start})"
                    ) from None
        return self


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


class Reference(_Model):
    url: str = Field(min_length=1)
    title: str | None = None
    content: str | None = None
    key_excerpt: str | None = None
    type: str | None = None
    message_index: int | None = None
    bonus: bool = False

    @field_validator("url")
    @classmethod
    def _url_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("url must not be blank")
        return value


class HistoryTurn(_Model):
    role: Literal["user", "assistant"]
    msg: str
    refs: list[Reference] = Field(default_factory=list)
    expected_behavior: str | None = None


class GroundTruthItem(_Model):
    id: str = Field(min_length=1)
    dataset_name: str = Field(min_length=1)
    status: GroundTruthStatus = GroundTruthStatus.draft
    synth_question: str
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
    sample_key: float = Field(default_factory=random.random, ge=0.0, lt=1.0)
    """Uniform random key in [0, 1), stored and indexed so samplers read a random window."""
    etag: str | None = Field(default=None, alias="_etag")

    @property
    def question(self) -> str:
        """The question a curator sees: the edited one when there is one."""
        return self.edited_question if self.edited_question else self.synth_question

    @property
    def tags(self) -> list[str]:
        """Manual and computed tags, de-duplicated, manual first."""
        return list(dict.fromkeys([*self.manual_tags, *self.computed_tags]))

    def to_doc(self) -> dict:
        """JSON-ready dict by alias (the storage and export shape)."""
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_doc(cls, doc: dict) -> GroundTruthItem:
        return cls.model_validate(doc)
