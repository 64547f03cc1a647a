"""The base every stored model shares: camelCase aliases, unknown fields kept, and a
document written back exactly as it was read (absent stays absent, `null` stays `null`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PrivateAttr,
    SerializerFunctionWrapHandler,
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


class StoredModel(BaseModel):
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
        for name, field in fields.items():
            if name in given:
                continue
            value = getattr(self, name)
            if value is None or (
                name in self._omit_when_default_and_unset
                and value == field.get_default(call_default_factory=True)
            ):
                data.pop(field.alias or name, None)
                data.pop(name, None)
        for name in self._stored_nulls:
            if getattr(self, name) == []:
                for key in {fields[name].alias or name, name} & data.keys():
                    data[key] = None
        return self._finish_document(data)

    def _finish_document(self, data: dict[str, Any]) -> dict[str, Any]:
        """Hook: a model's last word on its written document."""
        return data

    @model_validator(mode="after")
    def _text_is_valid_unicode(self) -> Self:
        """Refuse lone surrogates: they cannot be stored, exported or shown."""
        fields = type(self).model_fields
        named = [(fields[name].alias or name, getattr(self, name)) for name in fields]
        for alias, value in [*named, *(self.__pydantic_extra__ or {}).items()]:
            for text in json_strings(value):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise ValueError(
                        f"{alias}: invalid unicode (lone surrogate at character {exc.start})"
                    ) from None
        return self

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields gt-tui does not know, kept verbatim (a newer seed schema's, say)."""
        return dict(self.__pydantic_extra__ or {})


def json_strings(value: object) -> list[str]:
    """Every string in a JSON-like value (models are checked by their own validator)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, v in value.items() for s in (*json_strings(key), *json_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in json_strings(v)]
    return []
