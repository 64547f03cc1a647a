"""`export -o` onto special files: a symlink is followed (the link stays a link), a FIFO
is written in place (it stays a FIFO), a socket is refused; never renamed onto."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import threading
from pathlib import Path

from gt_tui.cli import main
from gt_tui.domain import GroundTruthItem
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.export_target import export_target
from gt_tui.services.exporting import export_to_file


async def two_item_repo() -> InMemoryGroundTruthRepo:
    repo = InMemoryGroundTruthRepo()
    for item_id in ("a", "b"):
        await repo.upsert(GroundTruthItem(id=item_id, dataset_name="ds", synth_question="q?"))
    return repo


def exported_ids(data: bytes) -> list[str]:
    import json

    return [json.loads(line)["id"] for line in data.splitlines()]


async def test_a_symlink_is_followed_and_stays_a_symlink(tmp_path):
    real = tmp_path / "exports" / "latest.jsonl"
    real.parent.mkdir()
    real.write_text("old content\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)

    result = await export_to_file(await two_item_repo(), link, version="t")

    assert link.is_symlink() and os.readlink(link) == str(real)
    assert exported_ids(real.read_bytes()) == ["a", "b"]
    assert result.manifest_path == real.with_name("latest.jsonl.manifest.json")


async def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "target.jsonl")

    await export_to_file(await two_item_repo(), link, version="t")

    assert link.is_symlink()
    assert exported_ids((tmp_path / "target.jsonl").read_bytes()) == ["a", "b"]


async def test_a_fifo_is_written_in_place_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()

    result = await export_to_file(await two_item_repo(), fifo, version="t")
    reader.join(timeout=10)

    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert exported_ids(received[0]) == ["a", "b"]
    assert result.manifest_path is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temp file, no manifest


def test_character_devices_are_written_in_place_never_replaced():
    target = export_target(Path("/dev/null"))  # only looked at: stat, no write
    assert (target.in_place, target.kind) == (True, "character device")


def test_a_socket_is_refused_before_the_backend_is_asked(capsys, monkeypatch):
    monkeypatch.setenv("GT_BACKEND", "memory")
    with tempfile.TemporaryDirectory(prefix="gt-") as short:  # unix socket paths are short
        path = Path(short) / "s"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        try:
            assert main(["export", "-o", str(path), "--backend", "memory"]) == 2
        finally:
            server.close()
        assert stat.S_ISSOCK(path.stat().st_mode)
    err = capsys.readouterr().err
    assert f"cannot write {path}: a socket; export writes only files" in err


def test_the_cli_reports_an_in_place_export(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = threading.Thread(target=fifo.read_bytes)
    reader.start()
    assert main(["export", "-o", str(fifo), "--backend", "memory"]) == 0
    reader.join(timeout=10)
    assert "written in place (not a regular file), no manifest" in capsys.readouterr().err
