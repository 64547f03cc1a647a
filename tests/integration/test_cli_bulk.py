"""`gt-tui bulk` through gt_tui.cli.main on one SQLite file: count, apply, undo."""

from __future__ import annotations

import asyncio

import pytest

from gt_tui.cli import main
from gt_tui.commands.bulk import ACTIONS
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.services.bulk import BulkAction


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG", "GT_TAG_POLICY"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GT_STATE_DIR", str(tmp_path / "state"))
    path = tmp_path / "gt.sqlite3"

    async def seed():
        repo = SqliteGroundTruthRepo(path)
        for n in range(3):
            await repo.upsert(
                GroundTruthItem(id=f"f{n}", dataset_name="faq", synth_question=f"q {n}?")
            )
        await repo.upsert(
            GroundTruthItem(
                id="x", dataset_name="faq", synth_question="q?", status=GroundTruthStatus.approved
            )
        )
        await repo.upsert(GroundTruthItem(id="o", dataset_name="other", synth_question="q?"))
        await repo.close()

    asyncio.run(seed())
    return ["--backend", "sqlite", "--sqlite-path", str(path), "--user", "lead"]


def statuses(db):
    async def read():
        repo = SqliteGroundTruthRepo(db[3])
        try:
            return {i.id: (i.status.value, i.updated_by) for i in await repo.list("faq")}
        finally:
            await repo.close()

    return asyncio.run(read())


def test_actions_named_by_the_command_are_the_services(db):
    assert tuple(action.value for action in BulkAction) == ACTIONS


def test_dry_run_counts_then_apply_then_undo(db, capsys):
    filter_ = ["--filter", "dataset:faq status:draft"]
    assert main(["bulk", "skip", *filter_, "--dry-run", *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "skip: 3 items match the filter, 3 to change"
    assert out[1:] == [f"would skip: faq/f{n}" for n in range(3)]
    assert {s for s, _ in statuses(db).values()} == {"draft", "approved"}

    assert main(["bulk", "skip", *filter_, *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "changed 3, changed meanwhile 0"
    record_id = out[2].removeprefix("undo with: gt-tui bulk undo ")
    assert statuses(db) == {
        "f0": ("skipped", "lead"),
        "f1": ("skipped", "lead"),
        "f2": ("skipped", "lead"),
        "x": ("approved", None),
    }
    assert main(["bulk", "undo", "--dry-run", *db]) == 0
    assert f"undo {record_id} (skip" in capsys.readouterr().out
    assert main(["bulk", "undo", record_id, *db]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "put back 3, changed since 0"
    assert {k: s for k, (s, _) in statuses(db).items()} == {
        "f0": "draft",
        "f1": "draft",
        "f2": "draft",
        "x": "approved",
    }
    assert main(["bulk", "undo", *db]) == 2
    assert "nothing to undo" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bulk", "skip"], "bulk needs --filter"),
        (["bulk", "tag", "--filter", "dataset:faq"], "bulk tag TAG: expected 1 argument"),
        (["bulk", "skip", "--filter", "colour:red"], "--filter 'colour:red'"),
        (["bulk", "skip", "--filter", "status:lost"], "status:lost: expected one of draft"),
        (
            ["bulk", "expect", "get_x", "maybe", "--filter", "dataset:faq"],
            "expect get_x needs one of required",
        ),
        (["bulk", "assign", "no body", "--filter", "dataset:faq"], "user id"),
        (["bulk", "undo", "20990101-nope"], "no bulk action '20990101-nope'"),
        (
            ["bulk", "skip", "--filter", "changed-since:last-week"],
            "changed-since:last-week: expected an ISO 8601 date or time",
        ),
    ],
)
def test_usage_problems_are_one_line_and_exit_2(db, capsys, argv, message):
    assert main([*argv, *db]) == 2
    assert message in capsys.readouterr().err


def test_changed_by_and_changed_since_read_the_history(db, capsys):
    assert main(["bulk", "skip", "--filter", "id:f1", *db]) == 0  # lead changes f1
    capsys.readouterr()
    assert main(["bulk", "release", "--filter", "changed-by:lead", "--dry-run", *db]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("release: 1 items match")
    since = ["--filter", "changed-since:2000-01-01T00:00Z dataset:faq", "--dry-run"]
    assert main(["bulk", "skip", *since, *db]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("skip: 4 items match")
    assert main(["bulk", "skip", "--filter", "changed-since:2999-01-01", "--dry-run", *db]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("skip: 0 items match")


def test_tagging_is_recorded_and_a_second_run_changes_nothing(db, capsys):
    args = ["bulk", "tag", "Difficulty:Hard", "--filter", "dataset:faq", *db]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith(
        "tag difficulty:hard: 4 items match the filter, 4 to change"
    )
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "4 items match the filter, 0 to change" in out and "undo with" not in out


def test_a_tag_outside_the_vocabulary_warns_or_is_refused_by_policy(db, capsys, monkeypatch):
    args = ["bulk", "tag", "colour:red", "--filter", "dataset:faq", "--dry-run", *db]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("warning: tag colour:red: ")
    monkeypatch.setenv("GT_TAG_POLICY", "reject")
    assert main(args) == 2
    assert "(GT_TAG_POLICY=reject)" in capsys.readouterr().err
