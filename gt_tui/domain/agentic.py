"""The parts only an agentic item (GroundTruthCurator 2.x) has: its agent's trace (tool
calls), the tools a curator expects it to call, context, feedback and plugin slots.

Field names and types follow GTC 2.x's own model (backend/app/domain/models.py at its
main branch). Unlike GTC, unknown fields are kept (a newer GTC's), and what was absent
stays absent when the item is written back.
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, field_validator, model_validator

from gt_tui.domain.model_base import StoredModel

RAG_COMPAT = "rag-compat"
"""The plugin slot whose `data.references` holds an agentic item's references."""

Expectation = Literal["required", "optional", "not_needed"]
"""Where a tool name stands in `expectedTools` (absent from all three: no expectation)."""
EXPECTATIONS: tuple[Expectation, ...] = ("required", "optional", "not_needed")


def _not_blank(value: str, what: str) -> str:
    if not value.strip():
        raise ValueError(f"{what} cannot be empty")
    return value


class ToolCall(StoredModel):
    """One call in the agent's trace: a tool, or a subagent that makes calls of its own
    (those point back with `parentCallId`); calls sharing a `parallelGroup` ran together."""

    _omit_when_default_and_unset = ("id", "call_type")

    id: str = ""
    name: str
    call_type: Literal["tool", "subagent"] = "tool"
    arguments: dict[str, Any] | None = None
    agent: str | None = None
    step_number: int | None = Field(default=None, ge=0)
    parallel_group: str | None = None
    parent_call_id: str | None = None
    response: Any = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        return _not_blank(value, "toolCalls[].name")


class ToolExpectation(StoredModel):
    """A tool the curator expects (or does not need), with the arguments it should get:
    a JSON object, or free text describing them."""

    name: str
    arguments: dict[str, Any] | str | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        return _not_blank(value, "expectedTools entries' name")


def _names_as_entries(value: object) -> object:
    """GTC accepts a bare tool name for an entry: it means `{"name": ...}`."""
    if isinstance(value, list):
        return [{"name": entry} if isinstance(entry, str) else entry for entry in value]
    return value


class ExpectedTools(StoredModel):
    """Tools the agent must call, may call, or did not need; a tool name is in one list at
    most. Tools in no list carry no expectation."""

    _omit_when_default_and_unset = ("required", "optional", "not_needed")

    required: list[ToolExpectation] = Field(default_factory=list)
    optional: list[ToolExpectation] = Field(default_factory=list)
    not_needed: list[ToolExpectation] = Field(default_factory=list)

    @field_validator("required", "optional", "not_needed", mode="before")
    @classmethod
    def _bare_names(cls, value: object) -> object:
        return _names_as_entries(value)

    @model_validator(mode="after")
    def _one_list_per_name(self) -> Self:
        seen: dict[str, str] = {}
        for kind in EXPECTATIONS:
            for entry in getattr(self, kind):
                if entry.name in seen and seen[entry.name] != kind:
                    raise ValueError(
                        f"expectedTools: {entry.name!r} is both {seen[entry.name]} and {kind}"
                        " (a tool name is in one list at most)"
                    )
                seen[entry.name] = kind
        return self

    def expectation_of(self, name: str) -> tuple[Expectation, ToolExpectation] | None:
        for kind in EXPECTATIONS:
            for entry in getattr(self, kind):
                if entry.name == name:
                    return kind, entry
        return None

    def names(self, kind: Expectation) -> list[str]:
        return [entry.name for entry in getattr(self, kind)]

    def with_expectation(
        self, name: str, kind: Expectation | None, arguments: Any = ...
    ) -> ExpectedTools:
        """A copy where `name` stands in `kind` (None: in no list). Its arguments are
        kept when it moves, unless `arguments` is given."""
        copy = self.model_copy(deep=True)
        found = copy.expectation_of(name)
        entry = found[1] if found else ToolExpectation(name=name)
        if arguments is not ...:
            entry.arguments = arguments
        for each in EXPECTATIONS:
            kept = [e for e in getattr(copy, each) if e.name != name]
            if each == kind:
                kept.append(entry)
            if kept != getattr(copy, each):
                setattr(copy, each, kept)
        return copy


class ContextEntry(StoredModel):
    """A piece of the context the conversation ran in; `value` is any JSON."""

    key: str
    value: Any = None


class FeedbackEntry(StoredModel):
    """Feedback on the conversation from one source (ratings, a summary...)."""

    _omit_when_default_and_unset = ("source", "values")

    source: str = ""
    values: dict[str, Any] = Field(default_factory=dict)


class PluginPayload(StoredModel):
    """One plugin slot's data, e.g. `rag-compat` with `data.references`."""

    _omit_when_default_and_unset = ("version", "data")

    kind: str
    version: str = "1.0"
    data: dict[str, Any] = Field(default_factory=dict)
