"""The base every stored model shares: camelCase aliases, unknown fields kept, and a
document written back exactly as it was read (absent stays absent, `null` stays `null`)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
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
        return self._finish_document(data)

    def _finish_document(self, data: dict[str, Any]) -> dict[str, Any]:
        """Hook: a model's last word on its written document."""
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
def _omittable(model: type[StoredModel]) -> tuple[tuple[str, str, Any], ...]:
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
