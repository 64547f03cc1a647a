"""`gt-tui import-traces` through gt_tui.cli.main: dry run, problems, writes, re-import."""

from __future__ import annotations

import asyncio
import io
import json
import sys

import pytest

from gt_tui.cli import main
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.trace_fixtures import GTC_EXPORT, LANGFUSE, OTEL_GENAI, agentic_items_supported

needs_agentic = pytest.mark.skipif(
    not agentic_items_supported(),
    reason="agentic items (issue 25, helper agentic) are not in the domain model yet: "
    "items without synthQuestion cannot be stored",
)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG"]:
        monkeypatch.delenv(name, raising=False)
    return ["--backend", "sqlite", "--sqlite-path", str(tmp_path / "gt.sqlite3"), "--user", "ann"]


def stored(db):
    async def read():
        repo = SqliteGroundTruthRepo(db[3])
        try:
            return {item.id: item for item in await repo.list("prod")}
        finally:
            await repo.close()

    return asyncio.run(read())


def revisions(db, item_id):
    async def read():
        repo = SqliteGroundTruthRepo(db[3])
        try:
            return [(r.op, r.by) for r in await repo.history("prod", item_id)]
        finally:
            await repo.close()

    return asyncio.run(read())


def test_dry_run_prints_what_would_be_made_and_opens_no_database(db, capsys, tmp_path):
    code = main(
        [
            *("import-traces", str(OTEL_GENAI), "--dataset", "prod", "--dry-run"),
            *("--filter", "tool:billing-agent", *db),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("would make trace-4bf92f3577b34da6a3ce929d0e0e4736 (prod): 2 turns")
    assert "2 subagents, 1 parallel groups, 1 feedback" in lines[0]
    assert lines[-1] == (
        f"{OTEL_GENAI}: dry run: 3 traces, 1 items, 2 left out by --filter; nothing written"
    )
    assert not (tmp_path / "gt.sqlite3").exists()


def test_a_bad_filter_or_dataset_is_a_usage_error(db, capsys):
    assert main(["import-traces", str(LANGFUSE), "--dataset", "p", "--filter", "x:1", *db]) == 2
    assert "--filter 'x:1': expected key:value" in capsys.readouterr().err
    assert main(["import-traces", str(LANGFUSE), "--dataset", " p", *db]) == 2


def test_dry_run_reports_unreadable_documents_and_exits_1(db, capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"resourceSpans": []}\n{oops\n')
    assert main(["import-traces", str(bad), "--dataset", "prod", "--dry-run", *db]) == 1
    assert f"{bad}:2: invalid JSON" in capsys.readouterr().err


@needs_agentic
def test_import_writes_drafts_and_a_second_import_changes_nothing(db, capsys):
    args = ["import-traces", str(OTEL_GENAI), "--dataset", "prod", *db]
    assert main(args) == 0
    assert "imported 3, updated 0, skipped 0" in capsys.readouterr().out
    first = stored(db)
    assert set(first) == {
        "trace-4bf92f3577b34da6a3ce929d0e0e4736",
        "trace-5cd03a4688c45eb7b4df03ae1f1f5847",
        "trace-6de14b5799d56fc8c5e014bf20206958",
    }
    item = first["trace-4bf92f3577b34da6a3ce929d0e0e4736"].to_doc()
    assert item["status"] == "draft"
    assert [call["name"] for call in item["toolCalls"]][:2] == [
        "get_plan_usage",
        "get_roaming_sessions",
    ]
    assert revisions(db, "trace-4bf92f3577b34da6a3ce929d0e0e4736") == [("import", "ann")]
    assert main(args) == 0
    assert "imported 0, updated 0, skipped 3" in capsys.readouterr().out
    assert revisions(db, "trace-4bf92f3577b34da6a3ce929d0e0e4736") == [("import", "ann")]
    again = stored(db)
    assert {k: v.etag for k, v in again.items()} == {k: v.etag for k, v in first.items()}
    assert {k: v.to_doc() for k, v in again.items()} == {k: v.to_doc() for k, v in first.items()}


@needs_agentic
def test_import_from_stdin_by_conversation(db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(OTEL_GENAI.read_bytes())))
    args = ["import-traces", "-", "--dataset", "prod", "--group", "conversation", *db]
    assert main(args) == 0
    assert set(stored(db)) == {
        "conversation-conv-7731",
        "trace-6de14b5799d56fc8c5e014bf20206958",
    }


def test_gtc_trace_export_round_trip_gives_gtcs_own_items_back(db, capsys, tmp_path):
    """GTC's trace export in, GTC 2.x's item shape out: what GTC's adapter made of the
    same traces (its sample items), field for field where the trace decides them."""
    assert main(["import-traces", str(GTC_EXPORT), "--dataset", "customer-feedback", *db]) == 0
    out = tmp_path / "agentic.jsonl"
    assert main(["export", "--format", "gtc-agentic", "-o", str(out), *db]) == 0
    capsys.readouterr()
    ours = {json.loads(line)["traceIds"]["traceId"]: json.loads(line) for line in out.open()}
    for line in GTC_2X_SAMPLE.read_text().splitlines():
        gtc = json.loads(line)
        mine = ours[gtc["traceIds"]["traceId"]]
        for key in ("history", "toolCalls", "contextEntries", "feedback", "tracePayload"):
            assert mine[key] == gtc[key], key
        assert mine["status"] == "draft" and mine["datasetName"] == "customer-feedback"
