"""`gt-tui history`, `gt-tui export --as-of` and `gt-tui diff` on a SQLite file whose
writes were made on a fixed clock (each write's note carries its time)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gt_tui.cli import main
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.sqlite import SqliteGroundTruthRepo

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def minute(n: int) -> str:
    return (T0 + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")


def note(op: str, by: str, n: int) -> WriteNote:
    return WriteNote(op=op, by=by, at=T0 + timedelta(minutes=n))


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """q1 imported at 0 and answered by ann at 10; q2 imported at 20; q3 imported at 0 and
    removed at 30."""
    monkeypatch.chdir(tmp_path)
    for name in ("GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "gt.sqlite3"

    async def seed() -> None:
        repo = SqliteGroundTruthRepo(path)
        try:
            q1 = await repo.upsert(
                GroundTruthItem(id="q1", dataset_name="ds", synth_question="Why?"),
                note=note("import", "loader", 0),
            )
            q3 = await repo.upsert(
                GroundTruthItem(id="q3", dataset_name="ds", synth_question="Gone?"),
                note=note("import", "loader", 0),
            )
            await repo.upsert(
                q1.model_copy(update={"answer": "Because\x1b[31m."}), note=note("save", "ann", 10)
            )
            await repo.upsert(
                GroundTruthItem(id="q2", dataset_name="ds", synth_question="New?"),
                note=note("import", "loader", 20),
            )
            await repo.delete("ds", "q3", q3.etag, note=note("purge", "lead", 30))
        finally:
            await repo.close()

    asyncio.run(seed())
    return path


def run(store: Path, *argv: str) -> int:
    return main([*argv, "--backend", "sqlite", "--sqlite-path", str(store)])


def test_history_lists_revisions_newest_first_with_each_field(store, capsys):
    assert run(store, "history", "ds", "q1") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ds/q1: 2 revisions, newest first"
    assert out[1] == "#2  2026-03-01T09:10:00Z  ann  save"
    assert '    answer: (absent) -> "Because\\u001b[31m."' in out  # escape shown, not run
    assert any(line.startswith("#1  2026-03-01T09:00:00Z  loader  import") for line in out)
    assert "\x1b" not in "".join(out)


def test_history_json_and_a_missing_item(store, capsys):
    assert run(store, "history", "ds", "q1", "--json") == 0
    revisions = json.loads(capsys.readouterr().out)
    assert [(r["number"], r["op"], r["by"]) for r in revisions] == [
        (2, "save", "ann"),
        (1, "import", "loader"),
    ]
    assert revisions[0]["changes"]["answer"]["after"] == "Because\x1b[31m."
    assert run(store, "history", "ds", "nope") == 1
    assert "no item ds/nope" in capsys.readouterr().err


def test_export_as_of_rebuilds_the_items_as_they_were(store, capsys):
    assert run(store, "export", "--as-of", minute(5)) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(i["id"], i.get("answer")) for i in items] == [("q1", None), ("q3", None)]
    assert run(store, "export", "--as-of", minute(25)) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(i["id"], i.get("answer")) for i in items] == [
        ("q1", "Because\x1b[31m."),
        ("q2", None),
        ("q3", None),
    ]
    assert run(store, "export", "--as-of", "yesterday") == 2
    assert "--as-of: 'yesterday' is not a time" in capsys.readouterr().err


def test_diff_lists_items_added_changed_and_removed(store, capsys):
    assert run(store, "diff", "--from", minute(5), "--to", minute(35), "--json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "from": minute(5),
        "to": minute(35),
        "added": [{"datasetName": "ds", "id": "q2"}],
        "changed": [{"datasetName": "ds", "id": "q1", "fields": ["answer"]}],
        "removed": [{"datasetName": "ds", "id": "q3"}],
    }
    assert run(store, "diff", "--from", minute(15), "--to", minute(25)) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"from {minute(15)} to {minute(25)}:",
        "1 added, 0 changed, 0 removed",
        "+ ds/q2",
    ]


def test_verify_finds_a_revision_lost_from_the_file(store, capsys):
    assert run(store, "history", "--verify") == 0
    assert "history complete" in capsys.readouterr().out
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM revisions WHERE item_id = 'q1' AND number = 2")
    assert run(store, "history", "--verify") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ds/q1: stored version ") and out[0].endswith(
        "has no revision (last recorded: #1, import)"
    )
    assert out[-1] == "1 item with a gap in its history"


def test_verify_counts_items_written_before_history_was_kept(store, capsys):
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM revisions WHERE item_id IN ('q1', 'q2')")
    assert run(store, "history", "--verify") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["ds/q1: no revision recorded", "ds/q2: no revision recorded"]
    assert out[-2].startswith("2 without any revision: written before history was kept")
