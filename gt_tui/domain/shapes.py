"""The rule that tells the two item shapes apart. Both generations of GroundTruthCurator
write `schemaVersion: "v2"`, so only an item's fields can:

- **RAG** (the seed era, GTC <= 1.1): the item has `synthQuestion`, and none of the fields
  only an agentic item has (AGENTIC_ONLY).
- **agentic** (GTC >= 2.0): the item has no `synthQuestion`, has `history` or at least one
  of AGENTIC_ONLY, and no RAG question, answer or references (`editedQuestion`, `answer`,
  `refs`: absent, null or empty).

Anything else fits neither shape and is refused, with this rule in the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

Shape = Literal["rag", "agentic"]
SHAPES: tuple[Shape, ...] = ("rag", "agentic")

AGENTIC_ONLY = (
    "toolCalls",
    "expectedTools",
    "contextEntries",
    "feedback",
    "metadata",
    "plugins",
    "traceIds",
    "tracePayload",
    "scenarioId",
    "createdBy",
    "createdAt",
)
"""Fields of GTC 2.x's item that a seed-era (RAG) item never has."""

RAG_ONLY = ("synthQuestion", "editedQuestion", "answer", "refs")
"""Fields of the seed-era item that GTC 2.x's model has no place for."""

RULE = (
    "an item is RAG-shaped (seed era) when it has synthQuestion and none of "
    + ", ".join(AGENTIC_ONLY)
    + "; agentic (GTC 2.x) when it has no synthQuestion, has history or one of those, "
    "and no editedQuestion, answer or refs (gt_tui/domain/shapes.py)"
)


NEITHER_SHAPE = f"field required (the item fits neither shape: {RULE})"
"""The refusal, reported at synthQuestion, of an item with neither shape's fields."""


class ShapeError(ValueError):
    """An item that fits neither shape."""


_SNAKE = {
    "toolCalls": "tool_calls",
    "expectedTools": "expected_tools",
    "contextEntries": "context_entries",
    "traceIds": "trace_ids",
    "tracePayload": "trace_payload",
    "scenarioId": "scenario_id",
    "createdBy": "created_by",
    "createdAt": "created_at",
    "synthQuestion": "synth_question",
    "editedQuestion": "edited_question",
}


def _has(doc: Mapping[str, Any], alias: str) -> bool:
    return alias in doc or _SNAKE.get(alias, alias) in doc


def _value(doc: Mapping[str, Any], alias: str) -> Any:
    return doc.get(alias, doc.get(_SNAKE.get(alias, alias)))


def shape_of(doc: Mapping[str, Any]) -> Shape:
    """The shape of an item document (aliases or attribute names); ShapeError if none."""
    agentic_fields = [alias for alias in AGENTIC_ONLY if _has(doc, alias)]
    if _value(doc, "synthQuestion") is not None:
        if agentic_fields:
            raise ShapeError(
                f"given with {', '.join(agentic_fields)}: the item fits neither shape: {RULE}"
            )
        return "rag"
    rag_fields = [alias for alias in RAG_ONLY[1:] if _value(doc, alias) not in (None, [], "")]
    if rag_fields:
        raise ShapeError(
            f"missing while {', '.join(rag_fields)} given: the item fits neither shape: {RULE}"
        )
    if agentic_fields or _value(doc, "history") is not None:
        return "agentic"
    raise ShapeError(NEITHER_SHAPE)
