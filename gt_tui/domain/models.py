"""Ground-truth items as pydantic v2 models: snake_case attributes, camelCase aliases."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    computed_field,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel


def utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    """Aware values are converted to UTC; values without a zone are read as UTC.

    The seed system (GTC) writes some timestamps without a zone; refusing them would
    refuse its items, and UTC is what it meant.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
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
    AfterValidator(_as_utc),
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
        extra="allow",
        serialize_by_alias=True,
    )

    _omit_when_default_and_unset: ClassVar[tuple[str, ...]] = ()
    """Fields (besides None-valued ones) left out of a document when never given and still
    at their default (`[]`, `False`): absent stays absent."""

    _null_read_as_empty: ClassVar[tuple[str, ...]] = ()
    """List fields that read `null` as `[]`; a `null` that nobody replaced is written back
    as `null` (see `_stored_nulls`)."""

    _stored_nulls: frozenset[str] = PrivateAttr(default=frozenset())
    """Which `_null_read_as_empty` fields were `null` in the document this was read from."""

    @model_validator(mode="wrap")
    @classmethod
    def _remember_stored_nulls(cls, data: Any, handler: Any) -> Any:
        """Note the fields stored as `null` that the model reads as `[]`, so writing the
        item back gives `null` again unless someone put something there."""
        model = handler(data)
        if cls._null_read_as_empty and isinstance(data, dict):
            fields = cls.model_fields
            nulls = frozenset(
                name
                for name in cls._null_read_as_empty
                for key in {name, fields[name].alias or name}
                if key in data and data[key] is None
            )
            if nulls:
                model._stored_nulls = nulls
        return model

    @model_serializer(mode="wrap")
    def _write_as_stored(self, handler: SerializerFunctionWrapHandler) -> Any:
        """What was neither read nor set and is at its default is not written, and a
        stored `null` read as `[]` is written as `null` while still empty: an item gt-tui
        did not touch comes out with the fields it came in with, no new nulls, no lost ones."""
        data = handler(self)
        if not isinstance(data, dict):
            return data
        given = self.model_fields_set
        fields = type(self).model_fields
        values = self.__dict__
        for name, alias, default in _omittable(type(self)):
            if name in given:
                continue
            value = values.get(name)
            if value is None or (default is not _NO_DEFAULT and value == default):
                data.pop(alias, None)
                data.pop(name, None)
        for name in self._stored_nulls:
            if getattr(self, name) == []:
                for key in {fields[name].alias or name, name} & data.keys():
                    data[key] = None
        return data

    @model_validator(mode="after")
    def _text_is_valid_unicode(self) -> Self:
        """Refuse lone surrogates: they cannot be stored, exported or shown. ASCII text (most
        of it) is passed at C speed; only other text is encoded to find one."""
        aliases = _aliases(type(self))
        extra = self.__pydantic_extra__ or {}
        for name, value in [*self.__dict__.items(), *extra.items()]:
            if isinstance(value, str):
                texts: Iterable[str] = (value,)
            elif isinstance(value, dict | list | tuple):
                texts = _strings(value)
            else:
                continue
            for text in texts:
                if text.isascii():
                    continue
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise ValueError(
                        f"{aliases.get(name, name)}: invalid unicode "
                        f"(lone surrogate at character {exc.start})"
                    ) from None
        return self

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields gt-tui does not know, kept verbatim (a newer seed schema's, say)."""
        return dict(self.__pydantic_extra__ or {})


def _strings(value: object) -> Iterator[str]:
    """Every string in a JSON-like value (models are checked by their own validator)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(key)
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            if not isinstance(inner, BaseModel):
                yield from _strings(inner)


@functools.cache
def _aliases(model: type[BaseModel]) -> dict[str, str]:
    return {name: field.alias or name for name, field in model.model_fields.items()}


_NO_DEFAULT = object()


@functools.cache
def _omittable(model: type[_Model]) -> tuple[tuple[str, str, Any], ...]:
    """(name, alias, the default it is left out at when unset, else _NO_DEFAULT) of every
    field, for _write_as_stored (read once per class, not per item written)."""
    at_default = model._omit_when_default_and_unset
    return tuple(
        (
            name,
            field.alias or name,
            field.get_default(call_default_factory=True) if name in at_default else _NO_DEFAULT,
        )
        for name, field in model.model_fields.items()
    )


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


class GroundTruthItem(_Model):
    _omit_when_default_and_unset = ("refs", "manual_tags")

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
    def question(self) -> str:
        """The question a curator sees: the edited one when there is one."""
        return self.edited_question if self.edited_question else self.synth_question

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
