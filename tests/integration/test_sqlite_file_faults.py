"""SQLite file faults the operator can cause: a read-only file, a mistyped path."""

from __future__ import annotations

import os
import stat

import pytest

from gt_tui.cli import main
from tests.integration.jsonl_helpers import doc, jsonl, write


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_DEBUG"]:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("command", [["stats"], ["export"], ["healthz"]])
def test_read_only_commands_do_not_create_a_mistyped_database(tmp_path, capsys, command):
    path = tmp_path / "typo" / "deeper" / "gt.sqlite3"
    code = main([*command, "--sqlite-path", str(path)])
    captured = capsys.readouterr()
    assert code == (1 if command == ["healthz"] else 2)
    assert "does not exist" in captured.out + captured.err
    assert not (tmp_path / "typo").exists()


def test_import_still_creates_the_database(tmp_path, capsys):
    path = tmp_path / "new" / "gt.sqlite3"
    source = write(tmp_path / "in.jsonl", jsonl(doc("a")))
    assert main(["import", "--sqlite-path", str(path), str(source)]) == 0
    assert path.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="needs a non-root user: root writes read-only files")
def test_read_only_file_is_degraded_and_writes_say_read_only(tmp_path, capsys):
    path = tmp_path / "gt.sqlite3"
    source = write(tmp_path / "in.jsonl", jsonl(doc("a")))
    assert main(["import", "--sqlite-path", str(path), str(source)]) == 0
    capsys.readouterr()
    for name in os.listdir(tmp_path):
        os.chmod(tmp_path / name, stat.S_IRUSR)
    os.chmod(tmp_path, stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert main(["healthz", "--sqlite-path", str(path)]) == 1
        assert "read-only" in capsys.readouterr().out
        assert main(["import", "--sqlite-path", str(path), str(write_elsewhere(tmp_path))]) != 0
        captured = capsys.readouterr()
        assert "read-only" in captured.out + captured.err
        assert "try again" not in captured.out + captured.err
    finally:
        os.chmod(tmp_path, stat.S_IRWXU)
        for name in os.listdir(tmp_path):
            os.chmod(tmp_path / name, stat.S_IRUSR | stat.S_IWUSR)


def write_elsewhere(tmp_path):
    """The import source lives outside the read-only folder."""
    other = tmp_path.parent / f"{tmp_path.name}-src.jsonl"
    other.write_bytes(jsonl(doc("b")))
    return other


async def test_a_refused_write_on_a_read_only_connection_says_read_only(tmp_path):
    """Root-proof: query_only makes SQLite refuse writes the way a read-only file does."""
    from gt_tui.domain.errors import BackendUnavailableError
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo

    repo = SqliteGroundTruthRepo(tmp_path / "gt.sqlite3")
    try:
        await repo.health()
        await repo.db.run(lambda: repo.db.connection().execute("PRAGMA query_only = ON"))
        with pytest.raises(BackendUnavailableError, match="is read-only") as caught:
            await repo.upsert(GroundTruthItem(id="a", dataset_name="ds", synth_question="q"))
        assert "try again" not in str(caught.value)
    finally:
        await repo.close()
