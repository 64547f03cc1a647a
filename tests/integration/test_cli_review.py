"""`gt-tui review list|accept|send-back` and the review part of `stats --json` on a SQLite
file (GT_REVIEW=leads, GT_LEADS=lead)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from gt_tui.cli import main
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.services.curation import CurationService


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """ann approved a1 and a2 (pending review)."""
    monkeypatch.chdir(tmp_path)
    for name in ("GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GT_REVIEW", "leads")
    monkeypatch.setenv("GT_LEADS", "lead")
    path = tmp_path / "gt.sqlite3"

    async def seed() -> None:
        repo = SqliteGroundTruthRepo(path)
        curation = CurationService(repo, review_leads=frozenset({"lead"}))
        try:
            for item_id in ("a1", "a2"):
                item = await repo.upsert(
                    GroundTruthItem(
                        id=item_id,
                        dataset_name="ds",
                        synth_question=f"Question {item_id}?",
                        answer="An answer.",
                        assigned_to="ann",
                    )
                )
                await curation.approve("ann", item)
        finally:
            await repo.close()

    asyncio.run(seed())
    return path


def run(store: Path, *argv: str) -> int:
    return main([*argv, "--backend", "sqlite", "--sqlite-path", str(store)])


def test_a_lead_lists_accepts_and_sends_back(store, capsys):
    assert run(store, "review", "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 approvals waiting for review"
    assert [line.split()[0] for line in out[1:]] == ["ds/a1", "ds/a2"]
    assert run(store, "review", "accept", "ds", "a1", "--user", "ann") == 1
    assert "only leads" in capsys.readouterr().err
    assert run(store, "review", "accept", "ds", "a1", "--user", "lead") == 0
    assert run(store, "review", "send-back", "ds", "a2", "--user", "lead", "--note", "") == 1
    assert "needs a note" in capsys.readouterr().err
    assert run(store, "review", "send-back", "ds", "a2", "--user", "lead", "--note", "Why?") == 0
    assert "sent ds/a2 back to ann" in capsys.readouterr().out
    assert run(store, "review", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []

    assert run(store, "stats", "--json") == 0
    review = json.loads(capsys.readouterr().out)["review"]
    assert review == {
        "pending": 0,
        "curators": {"ann": {"reviewed": 2, "sent_back": 1, "sent_back_rate": 0.5}},
    }
    assert run(store, "history", "ds", "a2", "--json") == 0
    newest = json.loads(capsys.readouterr().out)[0]
    assert (newest["op"], newest["by"]) == ("review-send-back", "lead")
    assert newest["changes"]["gtTuiReview"]["after"]["note"] == "Why?"


def test_review_commands_say_when_the_stage_is_off(store, capsys, monkeypatch):
    monkeypatch.setenv("GT_REVIEW", "off")
    assert run(store, "review", "list") == 2
    assert "GT_REVIEW=leads" in capsys.readouterr().err
    assert run(store, "stats", "--json") == 0
    assert "review" not in json.loads(capsys.readouterr().out)
