"""The duplicate lookup on SQLite reads the question-key index (a lookup, not a scan)."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.questions import question_key
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from tests.integration.test_sqlite_file import plan


async def test_question_key_lookup_uses_its_index(tmp_path):
    path = tmp_path / "plan.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    await repo.health()
    await repo.close()
    query = ItemQuery(
        dataset_name="ds",
        question_key=question_key("how?"),
        status=GroundTruthStatus.approved,
        limit=5,
        include_total=False,
    )
    assert "items_by_question_key" in plan(path, query)
