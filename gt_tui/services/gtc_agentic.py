"""Items in GroundTruthCurator 2.x's shape (`export --format gtc-agentic`), so a team moving
to GTC 2.x takes gt-tui's work along, nothing lost and nothing GTC 2.x refuses.

GTC 2.x's model forbids fields it does not know (`extra="forbid"`) at every level, and its
comment may not be null. So:

- an agentic item is written as it is stored (references on its turns, which GTC 2.x
  has no place for, joining its rag-compat references), except what gt-tui adds for itself (the
  derived `totalReferences` and `tags` are left out: GTC computes tags itself and has no
  reference count) and what GTC 2.x has no place for (unknown fields, gt-tui's
  `sampleKey`), which goes under `metadata`;
- a RAG (seed-era) item is converted: without a history its question becomes a user turn
  and its answer an agent turn; with one, the history is kept as `{role, msg}` turns (and
  question and answer, already in it, are kept under `metadata`). Item references and
  each turn's references become `plugins["rag-compat"].data.references`, each with
  `messageIndex` (0-based turn index) where it had none. Every other field GTC 2.x has no
  place for (`synthQuestion`, `editedQuestion`, `answer`, provenance and sampling fields,
  a turn's `expectedBehavior`, unknown fields) is kept under `metadata` by its name;
  turn-level leftovers under `metadata["historyTurns"]` by turn index.

There is no conversion the other way: a RAG item cannot hold a trace.
"""

from __future__ import annotations

import copy
from typing import Any

from gt_tui.domain.agentic import RAG_COMPAT
from gt_tui.domain.models import GroundTruthItem

ITEM_FIELDS = frozenset(
    {
        "id",
        "datasetName",
        "bucket",
        "status",
        "docType",
        "schemaVersion",
        "manualTags",
        "computedTags",
        "comment",
        "assignedTo",
        "assignedAt",
        "updatedAt",
        "updatedBy",
        "reviewedAt",
        "_etag",
        "scenarioId",
        "history",
        "contextEntries",
        "traceIds",
        "toolCalls",
        "expectedTools",
        "feedback",
        "metadata",
        "plugins",
        "createdBy",
        "createdAt",
        "tracePayload",
    }
)
"""The fields of GTC 2.x's item (AgenticGroundTruthEntry, by alias)."""

NESTED_FIELDS: dict[str, frozenset[str]] = {
    "history": frozenset({"role", "msg"}),
    "toolCalls": frozenset(
        {
            "id",
            "name",
            "callType",
            "arguments",
            "agent",
            "stepNumber",
            "parallelGroup",
            "parentCallId",
            "response",
        }
    ),
    "contextEntries": frozenset({"key", "value"}),
    "feedback": frozenset({"source", "values"}),
}
"""The fields of each list element GTC 2.x models (its extra="forbid" holds there too)."""
EXPECTATION_LISTS = ("required", "optional", "notNeeded")
EXPECTATION_FIELDS = frozenset({"name", "arguments"})
PLUGIN_FIELDS = frozenset({"kind", "version", "data"})

OWN_DERIVED = ("tags", "totalReferences")
"""What gt-tui derives and GTC 2.x recomputes or has no use for: left out."""
AGENT_ROLE = "agent"
"""The role a converted RAG answer gets (GTC 2.x's own name for the agent's side)."""


def _put(metadata: dict[str, Any], key: str, value: Any) -> None:
    """Keep `value` under `key`, or `gt-tui:<key>` when the item's metadata has `key`."""
    metadata[key if key not in metadata else f"gt-tui:{key}"] = value


def _split(doc: dict[str, Any], allowed: frozenset[str]) -> tuple[dict, dict]:
    """(the fields GTC 2.x allows, the others) of one document level."""
    kept = {key: value for key, value in doc.items() if key in allowed}
    return kept, {key: value for key, value in doc.items() if key not in allowed}


def _fit_lists(doc: dict[str, Any], unplaced: dict[str, Any]) -> None:
    """Drop unknown fields from the modelled lists, recording them as `field[i].name`."""
    for name, allowed in NESTED_FIELDS.items():
        if name == "history" or not isinstance(doc.get(name), list):
            continue
        fitted = []
        for index, element in enumerate(doc[name]):
            kept, rest = _split(element, allowed) if isinstance(element, dict) else (element, {})
            fitted.append(kept)
            unplaced.update({f"{name}[{index}].{key}": value for key, value in rest.items()})
        doc[name] = fitted
    tools = doc.get("expectedTools")
    if isinstance(tools, dict):
        kept, rest = _split(tools, frozenset(EXPECTATION_LISTS))
        unplaced.update({f"expectedTools.{key}": value for key, value in rest.items()})
        for kind in EXPECTATION_LISTS:
            entries = []
            for index, entry in enumerate(kept.get(kind) or []):
                fit, more = _split(entry, EXPECTATION_FIELDS)
                entries.append(fit)
                where = f"expectedTools.{kind}[{index}]"
                unplaced.update({f"{where}.{key}": value for key, value in more.items()})
            if kind in kept:
                kept[kind] = entries
        doc["expectedTools"] = kept
    plugins = doc.get("plugins")
    if isinstance(plugins, dict):
        for slot, payload in plugins.items():
            fit, more = _split(payload, PLUGIN_FIELDS)
            plugins[slot] = fit
            unplaced.update({f"plugins.{slot}.{key}": value for key, value in more.items()})


def _fit_history(doc: dict[str, Any], turn_leftovers: dict[str, dict[str, Any]]) -> None:
    turns = []
    for index, turn in enumerate(doc.get("history") or []):
        kept, rest = _split(turn, NESTED_FIELDS["history"])
        rest.pop("refs", None)  # moved into rag-compat references by the caller
        if rest:
            turn_leftovers[str(index)] = rest
        turns.append(kept)
    doc["history"] = turns


def agentic_doc(item: GroundTruthItem) -> dict[str, Any]:
    """The item as GTC 2.x stores it (see the module docstring for what goes where)."""
    if item.is_agentic:
        return _agentic_as_is(item)
    return _rag_converted(item)


def _finish(doc: dict[str, Any], metadata: dict[str, Any], unplaced: dict[str, Any]) -> dict:
    for key, value in unplaced.items():
        _put(metadata, key, value)
    if metadata or "metadata" in doc:
        doc["metadata"] = metadata
    if doc.get("comment") is None and "comment" in doc:
        doc["comment"] = ""
    return doc


def _agentic_as_is(item: GroundTruthItem) -> dict[str, Any]:
    stored = item.to_doc()
    for name in OWN_DERIVED:
        stored.pop(name, None)
    doc, unplaced = _split(stored, ITEM_FIELDS)
    metadata = copy.deepcopy(doc.get("metadata") or {})
    turns: dict[str, dict[str, Any]] = {}
    _fit_history(doc, turns)
    if turns:
        unplaced["historyTurns"] = turns
    _fit_lists(doc, unplaced)
    turn_refs = [
        _reference(ref, index) for index, turn in enumerate(item.history or []) for ref in turn.refs
    ]
    if turn_refs:  # a generic edit put references on turns: GTC 2.x keeps them in rag-compat
        plugins = doc.setdefault("plugins", {})
        slot = plugins.setdefault(RAG_COMPAT, {"kind": RAG_COMPAT, "version": "1.0", "data": {}})
        data = slot.setdefault("data", {})
        data["references"] = [*(data.get("references") or []), *turn_refs]
    return _finish(doc, metadata, unplaced)


def _rag_converted(item: GroundTruthItem) -> dict[str, Any]:
    stored = item.to_doc()
    for name in OWN_DERIVED:
        stored.pop(name, None)
    doc, unplaced = _split(stored, ITEM_FIELDS)
    unplaced.pop("refs", None)  # moved into rag-compat references below
    references: list[dict[str, Any]] = []
    if item.history:
        turns: dict[str, dict[str, Any]] = {}
        _fit_history(doc, turns)
        if turns:
            unplaced["historyTurns"] = turns
        for index, turn in enumerate(item.history):
            references += [_reference(ref, index) for ref in turn.refs]
        answer_index = max(
            (i for i, turn in enumerate(item.history) if turn.role != "user"), default=None
        )
    else:
        doc["history"] = []
        if item.question.strip():
            doc["history"].append({"role": "user", "msg": item.question})
        answer_index = None
        if (item.answer or "").strip():
            answer_index = len(doc["history"])
            doc["history"].append({"role": AGENT_ROLE, "msg": item.answer})
    references = [_reference(ref, answer_index) for ref in item.refs] + references
    if references:
        doc["plugins"] = {
            RAG_COMPAT: {"kind": RAG_COMPAT, "version": "1.0", "data": {"references": references}}
        }
    return _finish(doc, {}, unplaced)


def _reference(ref: Any, message_index: int | None) -> dict[str, Any]:
    written = ref.model_dump(mode="json", by_alias=True)
    if written.get("messageIndex") is None and message_index is not None:
        written["messageIndex"] = message_index
    return written
