"""GTC 2.x's item shape in and out: import reads GTC 2.x items as JSONL, a JSON array or a
snapshot envelope (0 refused, 0 fields lost, on every backend); `export --format
gtc-agentic` writes every item as GTC 2.x's model accepts it (agentic as is, RAG
converted, nothing lost: what has no place is under `metadata`); `--format gtc-snapshot`
refuses an agentic item in one line, exit 1, nothing written.

The allowed field names below were written down from GTC 2.x's model
(backend/app/domain/models.py at its main branch: AgenticGroundTruthEntry, HistoryEntry,
ToolCallRecord, ToolExpectation, ExpectedTools, ContextEntry, FeedbackEntry,
PluginPayload), all `extra="forbid"`.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from gt_tui.cli import main
from gt_tui.services.exporting import write_export
from gt_tui.services.importing import ImportService
from tests.gtc_fixture import GTC_2X_SAMPLE, GTC_SAMPLE
from tests.integration.jsonl_helpers import fixed_clock, write
from tests.integration.raw_documents import json_differences

GTC_ITEM = {
    "id", "datasetName", "bucket", "status", "docType", "schemaVersion", "manualTags",
    "computedTags", "comment", "assignedTo", "assignedAt", "updatedAt", "updatedBy",
    "reviewedAt", "_etag", "scenarioId", "history", "contextEntries", "traceIds",
    "toolCalls", "expectedTools", "feedback", "metadata", "plugins", "createdBy",
    "createdAt", "tracePayload",
}  # fmt: skip
GTC_HISTORY_ENTRY = {"role", "msg"}
GTC_TOOL_CALL = {
    "id", "name", "callType", "arguments", "agent", "stepNumber", "parallelGroup",
    "parentCallId", "response",
}  # fmt: skip
GTC_EXPECTED_TOOLS = {"required", "optional", "notNeeded"}
GTC_TOOL_EXPECTATION = {"name", "arguments"}
GTC_CONTEXT_ENTRY = {"key", "value"}
GTC_FEEDBACK_ENTRY = {"source", "values"}
GTC_PLUGIN_PAYLOAD = {"kind", "version", "data"}
GTC_STATUSES = {"draft", "approved", "skipped", "deleted"}


def refused_by_gtc(doc: dict[str, Any]) -> list[str]:
    """What GTC 2.x's model would refuse in `doc`: unknown fields at every level, a null
    comment, blank turns, an unknown callType, a tool name in two expectation lists."""
    found = [f"item.{key}" for key in doc.keys() - GTC_ITEM]
    if "comment" in doc and not isinstance(doc["comment"], str):
        found.append("comment is not a string")
    if doc.get("status", "draft") not in GTC_STATUSES:
        found.append("status")
    for n, turn in enumerate(doc.get("history") or []):
        found += [f"history[{n}].{key}" for key in turn.keys() - GTC_HISTORY_ENTRY]
        if not (str(turn.get("role", "")).strip() and str(turn.get("msg", "")).strip()):
            found.append(f"history[{n}] blank")
    for n, call in enumerate(doc.get("toolCalls") or []):
        found += [f"toolCalls[{n}].{key}" for key in call.keys() - GTC_TOOL_CALL]
        if call.get("callType", "tool") not in ("tool", "subagent"):
            found.append(f"toolCalls[{n}].callType")
    tools = doc.get("expectedTools") or {}
    found += [f"expectedTools.{key}" for key in tools.keys() - GTC_EXPECTED_TOOLS]
    names: dict[str, str] = {}
    for kind in GTC_EXPECTED_TOOLS:
        for entry in tools.get(kind) or []:
            found += [f"expectedTools.{kind}.{k}" for k in entry.keys() - GTC_TOOL_EXPECTATION]
            if names.setdefault(entry["name"], kind) != kind:
                found.append(f"expectedTools: {entry['name']} in two lists")
    for n, entry in enumerate(doc.get("contextEntries") or []):
        found += [f"contextEntries[{n}].{key}" for key in entry.keys() - GTC_CONTEXT_ENTRY]
    for n, entry in enumerate(doc.get("feedback") or []):
        found += [f"feedback[{n}].{key}" for key in entry.keys() - GTC_FEEDBACK_ENTRY]
    for slot, payload in (doc.get("plugins") or {}).items():
        found += [f"plugins.{slot}.{key}" for key in payload.keys() - GTC_PLUGIN_PAYLOAD]
    if not isinstance(doc.get("metadata", {}), dict):
        found.append("metadata is not an object")
    return found


def lines(path) -> list[dict[str, Any]]:
    """The items of a JSONL file, a JSON array or an envelope."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith(("[", '{"schemaVersion"')):
        document = json.loads(text)
        return document if isinstance(document, list) else document["items"]
    return [json.loads(line) for line in text.splitlines() if line]


async def import_path(repo, path) -> None:
    problems: list[str] = []
    summary = await ImportService(repo, clock=fixed_clock).import_file(
        path, on_problem=lambda p: problems.append(p.format(path.name))
    )
    assert summary.invalid == 0 and summary.imported == len(lines(path)), problems


async def exported_agentic(repo) -> dict[str, dict[str, Any]]:
    out = io.BytesIO()
    await write_export(repo, out, fmt="gtc-agentic")
    return {json.loads(line)["id"]: json.loads(line) for line in out.getvalue().splitlines()}


GTC_RECOMPUTES = {"tags", "computedTags", "_etag"}
"""GTC computes tags itself; the etag is the store's."""


@pytest.mark.parametrize("packaging", ["jsonl", "array", "envelope"])
async def test_gtc_2x_items_import_in_every_packaging_and_export_unchanged(
    repo, tmp_path, packaging
):
    docs = lines(GTC_2X_SAMPLE)
    if packaging == "jsonl":
        source = GTC_2X_SAMPLE
    elif packaging == "array":
        source = write(tmp_path / "items.json", json.dumps(docs).encode())
    else:
        envelope = {"schemaVersion": "v2", "snapshotAt": "20260218T085700Z", "items": docs}
        source = write(tmp_path / "snapshot.json", json.dumps(envelope).encode())
    await import_path(repo, source)

    out = await exported_agentic(repo)
    for doc in docs:
        back = out[doc["id"]]
        assert refused_by_gtc(back) == [], doc["id"]
        sample_key = back["metadata"].pop("sampleKey")  # gt-tui's sampling helper, kept
        assert isinstance(sample_key, float)
        strip = GTC_RECOMPUTES
        assert (
            json_differences(
                {k: v for k, v in doc.items() if k not in strip},
                {k: v for k, v in back.items() if k not in strip},
            )
            == []
        ), doc["id"]


async def test_seed_era_items_convert_to_gtc_2x_with_nothing_lost(repo):
    await import_path(repo, GTC_SAMPLE)
    out = await exported_agentic(repo)
    for doc in lines(GTC_SAMPLE):
        back = out[doc["id"]]
        assert refused_by_gtc(back) == [], doc["id"]
        metadata = back.get("metadata", {})
        references = back.get("plugins", {}).get("rag-compat", {}).get("data", {})
        references = references.get("references", [])
        # every field of the line is at its GTC 2.x place, or under metadata by its name
        for key, value in doc.items():
            if key in GTC_RECOMPUTES | {"totalReferences"}:
                continue
            if key in ("refs", "history"):
                continue  # checked below
            where = back if key in GTC_ITEM else metadata
            assert json_differences(value, where.get(key, "<missing>")) == [], (doc["id"], key)
        turns = doc.get("history") or []
        if turns:
            assert back["history"] == [{"role": t["role"], "msg": t["msg"]} for t in turns]
            for index, turn in enumerate(turns):
                extra = {k: v for k, v in turn.items() if k not in ("role", "msg", "refs")}
                if extra:
                    assert metadata["historyTurns"][str(index)] == extra
        else:
            question = doc.get("editedQuestion") or doc["synthQuestion"]
            expected = [{"role": "user", "msg": question}]
            if doc.get("answer"):
                expected.append({"role": "agent", "msg": doc["answer"]})
            assert back["history"] == expected
        answer_at = max(
            (i for i, t in enumerate(back["history"]) if t["role"] != "user"), default=None
        )
        wanted = [{**r, "messageIndex": r.get("messageIndex", answer_at)} for r in doc["refs"]]
        for index, turn in enumerate(turns):
            wanted += [
                {**r, "messageIndex": r.get("messageIndex", index)} for r in turn.get("refs") or []
            ]
        wanted = [{k: v for k, v in r.items() if v is not None} for r in wanted]
        assert json_differences(wanted, references) == [], doc["id"]


def test_gtc_snapshot_of_an_agentic_item_says_so_in_one_line_and_writes_nothing(tmp_path, capsys):
    db = str(tmp_path / "db.sqlite3")
    common = ["--backend", "sqlite", "--sqlite-path", db, "--user", "me"]
    assert main(["import", *common, str(GTC_2X_SAMPLE)]) == 0
    capsys.readouterr()
    target = tmp_path / "snap.json"

    assert main(["export", *common, "--format", "gtc-snapshot", "-o", str(target)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "agentic item" in err and "--format gtc-agentic" in err
    assert not target.exists() and list(tmp_path.glob("snap.json*")) == []

    assert main(["export", *common, "--format", "gtc-snapshot"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1

    assert main(["export", *common, "--format", "gtc-agentic", "-o", str(target)]) == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5


async def test_the_demo_exports_in_gtc_2x_shape():
    """Every demo item, RAG and agentic, comes out as GTC 2.x's model accepts it."""
    from datetime import UTC, datetime

    from gt_tui.demo.dataset import seed_demo
    from gt_tui.repos.memory import InMemoryGroundTruthRepo

    repo = InMemoryGroundTruthRepo()
    count = await seed_demo(repo, "dana", datetime(2026, 3, 2, tzinfo=UTC))
    out = await exported_agentic(repo)
    assert len(out) == count
    assert {doc_id: refused_by_gtc(doc) for doc_id, doc in out.items() if refused_by_gtc(doc)} == {}
    assert all(doc["history"] for doc in out.values())
