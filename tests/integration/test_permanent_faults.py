"""Permanent conditions are not "try again": a file that is not a database, a newer
schema. The command exits 2 naming the file, the app stops reconnecting, and no message
carries a Python class name."""

from __future__ import annotations

import sqlite3

import pytest

from gt_tui.bootstrap import build_services
from gt_tui.cli import main
from gt_tui.config import Settings
from gt_tui.domain import BackendUnusableError
from tests.integration.jsonl_helpers import doc, jsonl, write


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_DEBUG"]:
        monkeypatch.delenv(name, raising=False)


def not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 40)
    return path


def newer_schema(tmp_path):
    path = tmp_path / "gt.sqlite3"
    assert (
        main(
            [
                "import",
                "--sqlite-path",
                str(path),
                str(write(tmp_path / "a.jsonl", jsonl(doc("a")))),
            ]
        )
        == 0
    )
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    return path


CASES = [
    (
        not_a_database,
        "notes.sqlite3 is not a SQLite database (check --sqlite-path or GT_SQLITE_PATH)",
    ),
    (newer_schema, "schema version 99 is newer than this gt-tui supports"),
]


@pytest.mark.parametrize(("make", "expected"), CASES, ids=["not-a-database", "newer-schema"])
@pytest.mark.parametrize("command", [["stats"], ["export"], ["import", "in.jsonl"]])
def test_a_permanent_condition_exits_2_with_no_try_again(tmp_path, capsys, make, expected, command):
    path = make(tmp_path)
    write(tmp_path / "in.jsonl", jsonl(doc("b")))
    capsys.readouterr()

    code = main([*command, "--sqlite-path", str(path)])

    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    for wrong in ("try again", "unavailable", "Error"):
        assert wrong not in err


async def test_the_app_stops_reconnecting_to_a_file_that_is_not_a_database(tmp_path):
    services = await build_services(
        Settings(backend="sqlite", sqlite_path=not_a_database(tmp_path))
    )
    try:
        report = await services.health.check()
        assert not report.ok and "is not a SQLite database" in report.detail
        with pytest.raises(BackendUnusableError):
            await services.repo.get("ds", "a")
        assert services.repo._task is None  # no reconnect loop was started
    finally:
        await services.close()
