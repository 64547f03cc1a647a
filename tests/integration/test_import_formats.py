"""Import reads JSONL, a JSON array, or GTC's snapshot envelope, detected from the content,
and standard input with `-`. Problems name the item's position (from 1) in place of a line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gt_tui.domain.shapes import NEITHER_SHAPE
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.importing import ImportService
from tests.gtc_fixture import GTC_SAMPLE
from tests.integration.jsonl_helpers import doc, fixed_clock, write


def gtc_items() -> list[dict]:
    return [json.loads(line) for line in GTC_SAMPLE.read_text(encoding="utf-8").splitlines()]


async def run(path, **options):
    repo = InMemoryGroundTruthRepo()
    problems: list[str] = []
    summary = await ImportService(repo, clock=fixed_clock).import_file(
        path, on_problem=lambda p: problems.append(p.format("f")), **options
    )
    return repo, summary, problems


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("strict", [False, True])
async def test_gtc_snapshot_envelope_imports_every_item(tmp_path, indent, strict):
    envelope = {
        "schemaVersion": "v2",
        "snapshotAt": "2026-11-22T11:05:00Z",
        "datasetNames": ["contoso-chat", "contoso-docs", "contoso-faq"],
        "count": 8,
        "filters": {"status": None},
        "items": gtc_items(),
    }
    path = write(tmp_path / "snap.json", json.dumps(envelope, indent=indent).encode())
    repo, summary, problems = await run(path, strict=strict)
    assert problems == []
    assert (summary.imported, summary.invalid) == (8, 0)
    stored = await repo.get("contoso-chat", "chat-curate-006")
    assert stored is not None and stored.bucket == "0d672421-e464-41d0-8008-f93d0ad8ef3d"


async def test_json_array_reports_bad_items_by_position(tmp_path):
    body = json.dumps([doc("a"), {"id": "b"}, doc("c", refs="nope")], indent=1).encode()
    repo, summary, problems = await run(write(tmp_path / "a.json", body))
    assert problems == [
        "f:2: datasetName: field required",
        f"f:2: synthQuestion: {NEITHER_SHAPE}",
        "f:3: refs: input should be a valid list (got string)",
    ]
    assert (summary.imported, summary.invalid) == (1, 2)
    assert await repo.get("ds", "a") is not None


async def test_envelope_without_items_is_one_clear_problem(tmp_path):
    body = json.dumps({"schemaVersion": "v2", "count": 0}).encode()
    _repo, summary, problems = await run(write(tmp_path / "e.json", body))
    assert problems == ["f:1: items: the document has no items list"]
    assert summary.invalid == 1


async def test_a_json_document_that_is_neither_array_nor_object_is_refused(tmp_path):
    _repo, _summary, problems = await run(write(tmp_path / "n.json", b'"just text"\n'))
    assert problems and problems[0].startswith("f:1:")


async def test_jsonl_still_streams_line_by_line(tmp_path):
    body = b"\n".join(json.dumps(d).encode() for d in [doc("a"), doc("b")]) + b"\n"
    _repo, summary, problems = await run(write(tmp_path / "x.jsonl", body))
    assert (summary.imported, problems) == (2, [])


def gt_tui(db, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the CLI on a SQLite file; a non-zero exit fails the test with its stderr."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gt_tui.cli",
            *args,
            "--backend",
            "sqlite",
            "--sqlite-path",
            str(db),
        ],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done


def test_dash_reads_standard_input(tmp_path):
    db = tmp_path / "gt.sqlite3"
    gt_tui(db, "import", "-", stdin=json.dumps(gtc_items()).encode())
    exported = gt_tui(db, "export")
    ids = sorted(json.loads(line)["id"] for line in exported.stdout.splitlines())
    assert ids == sorted(item["id"] for item in gtc_items())
    snapshot = tmp_path / "snap.json"
    gt_tui(db, "export", "--format", "gtc-snapshot", "-o", str(snapshot))
    assert json.loads(snapshot.read_bytes())["count"] == 8


@pytest.mark.parametrize("fmt", ["json", "gtc-snapshot"])
async def test_export_formats_round_trip_through_import(tmp_path, fmt):
    import io

    from gt_tui.services.exporting import write_export
    from tests.integration.jsonl_helpers import FIXED_NOW

    repo, _summary, _problems = await run(GTC_SAMPLE)
    out = io.BytesIO()
    result = await write_export(repo, out, fmt=fmt, snapshot_at=FIXED_NOW)
    document = json.loads(out.getvalue())
    items = document if fmt == "json" else document["items"]
    assert result.items == len(items) == 8
    if fmt == "gtc-snapshot":
        assert document["schemaVersion"] == "v2"
        assert document["snapshotAt"] == "2025-03-04T05:06:07.890123Z"
        assert document["count"] == 8
        assert document["datasetNames"] == ["contoso-chat", "contoso-docs", "contoso-faq"]
        assert document["filters"] == {"status": None, "datasetName": None}
    again, summary, problems = await run(write(tmp_path / f"x.{fmt}", out.getvalue()))
    assert (summary.imported, problems) == (8, [])
    first = await repo.get("contoso-chat", "chat-curate-006")
    second = await again.get("contoso-chat", "chat-curate-006")
    assert first.to_doc() | {"_etag": None} == second.to_doc() | {"_etag": None}


@pytest.mark.parametrize("fmt", ["json", "gtc-snapshot"])
async def test_an_empty_export_is_still_valid_json(fmt):
    import io

    from gt_tui.services.exporting import write_export

    out = io.BytesIO()
    await write_export(InMemoryGroundTruthRepo(), out, fmt=fmt)
    document = json.loads(out.getvalue())
    assert (document if fmt == "json" else document["items"]) == []
