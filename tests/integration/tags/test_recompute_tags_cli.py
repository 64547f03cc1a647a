"""`gt-tui recompute-tags` end to end on a SQLite file: dry run, apply, apply again."""

from __future__ import annotations

import asyncio

import pytest

from gt_tui.cli import main
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from tests.integration.services.helpers import make_item


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_TAG_POLICY", "GT_TAGS_FILE"]:
        monkeypatch.delenv(name, raising=False)


def stored_without_computed_tags(path) -> None:
    """Items as an older gt-tui wrote them: no computed tags (straight into the repo)."""

    async def go() -> None:
        repo = SqliteGroundTruthRepo(path)
        for n in range(3):
            await repo.upsert(make_item(f"i{n}", dataset="ds" if n else "other"))
        await repo.close()

    asyncio.run(go())


def test_dry_run_then_apply_then_apply_again_changes_nothing(tmp_path, capsys):
    db = tmp_path / "db.sqlite"
    stored_without_computed_tags(db)
    args = ["recompute-tags", "--backend", "sqlite", "--sqlite-path", str(db)]

    assert main(args) == 0
    assert capsys.readouterr().out == "3 of 3 items would change (dry run; --apply writes them)\n"
    assert main([*args, "--dataset", "ds", "--status", "draft"]) == 0
    assert capsys.readouterr().out.startswith("2 of 2 items would change")
    assert main([*args, "--apply"]) == 0
    assert capsys.readouterr().out == "3 of 3 items changed\n"
    assert main([*args, "--apply"]) == 0
    assert capsys.readouterr().out == "0 of 3 items changed\n"


def test_unknown_status_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["recompute-tags", "--status", "done", "--backend", "memory"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
