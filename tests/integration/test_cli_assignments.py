"""`gt-tui assignments list|release|reassign` through gt_tui.cli.main on one SQLite file."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from gt_tui.cli import main
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.sqlite import SqliteGroundTruthRepo


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG"]:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "gt.sqlite3"
    old = datetime.now(UTC) - timedelta(days=9)

    async def seed():
        repo = SqliteGroundTruthRepo(path)
        for item_id, holder, when in [
            ("a1", "ann", old),
            ("a2", "ann", datetime.now(UTC)),
            ("b1", "bob", old),
        ]:
            await repo.upsert(
                GroundTruthItem(
                    id=item_id,
                    dataset_name="ds",
                    synth_question="q?",
                    assigned_to=holder,
                    assigned_at=when,
                )
            )
        await repo.close()

    asyncio.run(seed())
    return ["--backend", "sqlite", "--sqlite-path", str(path), "--user", "lead"]


def read(db, item_id):
    async def get():
        repo = SqliteGroundTruthRepo(db[3])
        try:
            return await repo.get("ds", item_id)
        finally:
            await repo.close()

    return asyncio.run(get())


def test_list_json_and_release_of_stale_drafts(db, capsys):
    assert main(["assignments", "list", "--json", *db]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["assignedTo"], r["id"]) for r in rows] == [
        ("ann", "a1"),
        ("bob", "b1"),
        ("ann", "a2"),
    ]

    assert (
        main(["assignments", "release", "--holder", "ann", "--older-than", "7d", "--dry-run", *db])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[0] == "would release ds/a1"
    assert read(db, "a1").assigned_to == "ann"

    assert main(["assignments", "release", "--holder", "ann", "--older-than", "7d", *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["released ds/a1", "1 released, 0 changed meanwhile (holder ann)"]
    released = read(db, "a1")
    assert released.assigned_to is None and released.updated_by == "lead"
    assert read(db, "a2").assigned_to == "ann"


def test_reassign(db, capsys):
    assert main(["assignments", "reassign", "ds", "b1", "--to", "cy", *db]) == 0
    assert capsys.readouterr().out.strip() == "reassigned ds/b1 to cy"
    assert read(db, "b1").assigned_to == "cy"


def test_invalid_holder_is_one_error_line(db, capsys):
    assert main(["assignments", "reassign", "ds", "b1", "--to", "no body", *db]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("gt-tui: error: invalid user id 'no body'")
